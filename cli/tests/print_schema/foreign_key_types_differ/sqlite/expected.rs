// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> Integer,
    }
}

diesel::table! {
    countries (code) {
        code -> Text,
    }
}

diesel::table! {
    legacy_accounts (id) {
        id -> BigInt,
    }
}

diesel::table! {
    tiers (id) {
        id -> SmallInt,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        account_id -> Nullable<BigInt>,
        legacy_id -> Nullable<Integer>,
        tier_id -> BigInt,
        country_code -> Nullable<Text>,
    }
}

diesel::joinable!(users -> countries (country_code));

diesel::allow_tables_to_appear_in_same_query!(accounts, countries, legacy_accounts, tiers, users,);
