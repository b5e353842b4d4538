// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "email"))]
    pub struct Email;

    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "mood"))]
    pub struct Mood;

    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;
}

diesel::table! {
    use diesel::sql_types::*;
    use diesel::sql_types::Text as ExcludedKind;
    use super::sql_types::Email;
    use super::sql_types::Mood;
    use super::sql_types::Tsvector;

    people (id) {
        id -> Int4,
        email -> Email,
        age -> Nullable<Int4>,
        mood -> Nullable<Mood>,
        kind -> Nullable<ExcludedKind>,
        search -> Nullable<Tsvector>,
    }
}
