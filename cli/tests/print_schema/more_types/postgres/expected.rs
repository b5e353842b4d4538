// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "address"))]
    pub struct Address;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "name", schema = "pg_catalog"))]
    pub struct Name;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "point", schema = "pg_catalog"))]
    pub struct Point;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "regclass", schema = "pg_catalog"))]
    pub struct Regclass;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "timetz", schema = "pg_catalog"))]
    pub struct Timetz;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "varbit", schema = "pg_catalog"))]
    pub struct Varbit;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "xml", schema = "pg_catalog"))]
    pub struct Xml;
}

diesel::table! {
    #[sql_name = "Mixed Case Table"]
    Mixed_Case_Table (Id) {
        Id -> Int4,
        #[sql_name = "Some Column"]
        Some_Column -> Nullable<Text>,
        #[sql_name = "type"]
        type_ -> Nullable<Text>,
        #[sql_name = "self"]
        self_ -> Nullable<Int4>,
        #[sql_name = "__weird"]
        __weird_ -> Nullable<Int4>,
        more_types_id -> Nullable<Int8>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Xml;
    use super::sql_types::Tsvector;
    use super::sql_types::Point;
    use super::sql_types::Varbit;
    use super::sql_types::Timetz;
    use super::sql_types::Name;
    use super::sql_types::Address;
    use super::sql_types::Regclass;

    more_types (id) {
        id -> Int8,
        c_xml -> Nullable<Xml>,
        c_tsvector -> Tsvector,
        c_point -> Nullable<Point>,
        #[max_length = 5]
        c_varbit -> Nullable<Varbit>,
        c_varbit_free -> Nullable<Varbit>,
        c_timetz -> Nullable<Timetz>,
        c_int8multirange -> Nullable<Int8multirange>,
        c_nummultirange -> Nullable<Nummultirange>,
        c_tsmultirange -> Nullable<Tsmultirange>,
        c_char -> Nullable<Char>,
        c_name -> Nullable<Name>,
        c_address -> Nullable<Address>,
        c_numerics -> Array<Nullable<Numeric>>,
        c_varchars -> Nullable<Array<Nullable<Varchar>>>,
        c_texts_2d -> Nullable<Array<Nullable<Text>>>,
        c_jsonbs -> Nullable<Array<Nullable<Jsonb>>>,
        c_intervals -> Nullable<Array<Nullable<Interval>>>,
        c_money_arr -> Nullable<Array<Nullable<Money>>>,
        c_bpchar_free -> Nullable<Bpchar>,
        c_float4s -> Nullable<Array<Nullable<Float4>>>,
        c_regclass -> Nullable<Regclass>,
    }
}

diesel::joinable!(Mixed_Case_Table -> more_types (more_types_id));

diesel::allow_tables_to_appear_in_same_query!(Mixed_Case_Table, more_types,);
