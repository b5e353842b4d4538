// @generated automatically by Diesel CLI.

diesel::table! {
    events (at) {
        #[max_length = 20]
        kind -> Varchar,
        at -> Datetime,
    }
}

diesel::table! {
    plain (id) {
        id -> Integer,
    }
}

diesel::table! {
    readings (sensor, value) {
        #[max_length = 20]
        sensor -> Nullable<Varchar>,
        value -> Nullable<Double>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(events, plain, readings,);
