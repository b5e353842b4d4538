// @generated automatically by Diesel CLI.

diesel::table! {
    USERS (code) {
        #[max_length = 10]
        code -> Varchar,
    }
}

diesel::table! {
    Users (id) {
        id -> Integer,
        name -> Nullable<Text>,
    }
}

diesel::table! {
    users (user_id) {
        user_id -> Bigint,
        #[max_length = 100]
        email -> Varchar,
        Users_id -> Nullable<Integer>,
    }
}

diesel::joinable!(users -> Users (Users_id));

diesel::allow_tables_to_appear_in_same_query!(USERS, Users, users,);
