// @generated automatically by Diesel CLI.

diesel::table! {
    countries (code) {
        #[max_length = 2]
        code -> Varchar,
    }
}

diesel::table! {
    levels (id) {
        id -> Tinyint,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        level_id -> Nullable<Bool>,
        #[max_length = 2]
        country_code -> Nullable<Char>,
    }
}

diesel::joinable!(users -> countries (country_code));

diesel::allow_tables_to_appear_in_same_query!(countries, levels, users,);
