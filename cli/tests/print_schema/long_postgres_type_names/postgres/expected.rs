// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = r#"q"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"#))]
    pub struct QZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(
        name = r#"q"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"#
    ))]
    pub struct QZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(
        name = r#"r"zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"#,
        schema = "s"
    ))]
    pub struct RZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::QZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz;

    tab55 (id) {
        id -> Int4,
        c -> QZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::QZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz;

    tab56 (id) {
        id -> Int4,
        c -> QZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::RZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz;

    tab_s (id) {
        id -> Int4,
        c -> RZzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz,
    }
}

diesel::allow_tables_to_appear_in_same_query!(tab55, tab56, tab_s,);
