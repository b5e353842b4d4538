// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> Int8,
    }
}

diesel::table! {
    countries (code) {
        code -> Text,
    }
}

diesel::table! {
    tiers (id) {
        id -> Int2,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        account_id -> Nullable<Int4>,
        tier_id -> Int8,
        #[max_length = 2]
        country_code -> Nullable<Varchar>,
    }
}

diesel::joinable!(users -> countries (country_code));

diesel::allow_tables_to_appear_in_same_query!(accounts, countries, tiers, users,);
