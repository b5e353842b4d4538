// @generated automatically by Diesel CLI.

diesel::table! {
    accounts (id) {
        id -> Integer,
        balance -> Bigint,
    }
}

diesel::table! {
    badges (code) {
        #[max_length = 10]
        code -> Varchar,
        account_id -> Nullable<Integer>,
    }
}

diesel::table! {
    notes (id) {
        id -> Integer,
        account_id -> Nullable<Integer>,
    }
}

diesel::table! {
    prices (region, product) {
        product -> Integer,
        region -> Integer,
        amount -> Nullable<Decimal>,
        valid_from -> Timestamp,
        valid_to -> Timestamp,
    }
}

diesel::joinable!(badges -> accounts (account_id));
diesel::joinable!(notes -> accounts (account_id));

diesel::allow_tables_to_appear_in_same_query!(accounts, badges, notes, prices,);
