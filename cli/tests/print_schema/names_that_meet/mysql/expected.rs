// @generated automatically by Diesel CLI.

diesel::table! {
    #[sql_name = "a b"]
    a_b (id) {
        id -> Integer,
        #[sql_name = "a b"]
        a_b_ -> Nullable<Text>,
        #[sql_name = "a-b"]
        a_b__2 -> Nullable<Text>,
        id_ -> Nullable<Integer>,
        #[sql_name = "id?"]
        id__2 -> Nullable<Integer>,
    }
}

diesel::table! {
    #[sql_name = "a-b"]
    a_b_2 (id) {
        id -> Integer,
        #[sql_name = "x y"]
        x_y -> Nullable<Integer>,
        #[sql_name = "x-y"]
        x_y_2 -> Nullable<Integer>,
    }
}

diesel::table! {
    #[sql_name = "ä1"]
    _1 (id) {
        id -> Integer,
    }
}

diesel::table! {
    #[sql_name = "ö1"]
    _1_2 (id) {
        id -> Integer,
    }
}

diesel::table! {
    #[sql_name = "中文"]
    __ (id) {
        id -> Integer,
    }
}

diesel::table! {
    #[sql_name = "日本"]
    ___2 (id) {
        id -> Integer,
    }
}

diesel::joinable!(a_b_2 -> a_b (x_y_2));

diesel::allow_tables_to_appear_in_same_query!(a_b, a_b_2, _1, _1_2, __, ___2,);
