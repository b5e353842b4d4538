// @generated automatically by Diesel CLI.

diesel::table! {
    #[sql_name = "diesel"]
    diesel_ (id) {
        id -> Integer,
        #[sql_name = "bool"]
        bool_ -> Nullable<Integer>,
    }
}

diesel::table! {
    events (id) {
        id -> Integer,
        #[sql_name = "gen"]
        gen_ -> Nullable<Integer>,
        #[sql_name = "bool"]
        bool_ -> Nullable<Bool>,
        #[sql_name = "str"]
        str_ -> Nullable<Text>,
        #[sql_name = "Ok"]
        Ok_ -> Nullable<Integer>,
        #[sql_name = "T"]
        T_ -> Nullable<Integer>,
        #[sql_name = "star"]
        star_ -> Nullable<Integer>,
        #[sql_name = "diesel"]
        diesel_ -> Nullable<Integer>,
        #[sql_name = "usize"]
        #[max_length = 10]
        usize_ -> Nullable<Varchar>,
        #[sql_name = "a\\d"]
        a_d -> Nullable<Text>,
    }
}

diesel::table! {
    #[sql_name = "type"]
    type_ (type__) {
        #[sql_name = "type"]
        type__ -> Integer,
        note -> Nullable<Text>,
    }
}

diesel::joinable!(diesel_ -> events (bool_));

diesel::allow_tables_to_appear_in_same_query!(diesel_, events, type_,);
