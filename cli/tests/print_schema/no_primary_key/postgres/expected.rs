// @generated automatically by Diesel CLI.

diesel::table! {
    events (code) {
        id -> Int4,
        code -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    keyed (id) {
        id -> Int4,
        event_code -> Nullable<Text>,
    }
}

diesel::table! {
    log_lines (at, line) {
        at -> Timestamptz,
        line -> Nullable<Text>,
    }
}

diesel::joinable!(keyed -> events (event_code));

diesel::allow_tables_to_appear_in_same_query!(events, keyed, log_lines,);
