// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType, core::fmt::Debug)]
    #[diesel(mysql_type(name = "Enum"))]
    pub struct ShirtsSizeEnum;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::ShirtsSizeEnum;

    shirts (id) {
        id -> Integer,
        #[max_length = 1]
        size -> ShirtsSizeEnum,
    }
}
