// @generated automatically by Diesel CLI.

diesel::table! {
    events (code) {
        id -> Integer,
        #[max_length = 20]
        code -> Varchar,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    keyed (id) {
        id -> Integer,
        #[max_length = 20]
        event_code -> Nullable<Varchar>,
    }
}

diesel::table! {
    log_lines (at, line) {
        at -> Datetime,
        line -> Nullable<Text>,
    }
}

diesel::joinable!(keyed -> events (event_code));

diesel::allow_tables_to_appear_in_same_query!(events, keyed, log_lines,);
