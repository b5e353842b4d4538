// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Set"))]
    pub struct MoreTypesCSetSet;
}

diesel::table! {
    #[sql_name = "Mixed Case"]
    Mixed_Case (Id) {
        Id -> Integer,
        #[sql_name = "Some Column"]
        Some_Column -> Nullable<Text>,
        #[sql_name = "type"]
        type_ -> Nullable<Text>,
        #[sql_name = "self"]
        self_ -> Nullable<Integer>,
        more_id -> Nullable<Unsigned<Bigint>>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::MoreTypesCSetSet;

    more_types (id) {
        id -> Unsigned<Bigint>,
        c_year -> Nullable<Smallint>,
        c_mediumint -> Integer,
        c_mediumint_u -> Nullable<Unsigned<Integer>>,
        c_datetime6 -> Datetime,
        c_time3 -> Nullable<Time>,
        c_timestamp6 -> Nullable<Timestamp>,
        c_float74 -> Nullable<Float>,
        c_double102 -> Nullable<Double>,
        c_bit64 -> Nullable<Bit>,
        c_uuid -> Nullable<Text>,
        c_inet6 -> Nullable<Text>,
        c_inet4 -> Nullable<Text>,
        c_point -> Nullable<Blob>,
        #[max_length = 8]
        c_set -> MoreTypesCSetSet,
        #[max_length = 16]
        c_varbinary -> Nullable<Varbinary>,
        #[max_length = 0]
        c_char0 -> Nullable<Char>,
        #[max_length = 4]
        c_nchar -> Nullable<Char>,
        #[max_length = 10]
        c_varchar_bin -> Nullable<Varchar>,
        c_dec_free -> Nullable<Decimal>,
        c_bool_u -> Nullable<Unsigned<Tinyint>>,
    }
}

diesel::joinable!(Mixed_Case -> more_types (more_id));

diesel::allow_tables_to_appear_in_same_query!(Mixed_Case, more_types,);
