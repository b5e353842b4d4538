// @generated automatically by Diesel CLI.

diesel::table! {
    events (at) {
        kind -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    plain (id) {
        id -> Int4,
    }
}

diesel::table! {
    readings (sensor, value) {
        sensor -> Nullable<Text>,
        value -> Nullable<Float4>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(events, plain, readings,);
