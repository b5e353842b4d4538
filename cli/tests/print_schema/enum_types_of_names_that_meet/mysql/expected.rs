// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Enum"))]
    pub struct TAB2Enum;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Enum"))]
    pub struct TABEnum;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Enum"))]
    pub struct TABEnum2;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(mysql_type(name = "Set"))]
    pub struct TACSet;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::TABEnum;
    use super::sql_types::TAB2Enum;

    t (id) {
        id -> Integer,
        #[sql_name = "a b"]
        #[max_length = 1]
        a_b -> Nullable<TABEnum>,
        #[sql_name = "a-b"]
        #[max_length = 1]
        a_b_2 -> TAB2Enum,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::TABEnum2;
    use super::sql_types::TACSet;

    #[sql_name = "t a"]
    t_a (id) {
        id -> Integer,
        #[max_length = 1]
        b -> Nullable<TABEnum2>,
        #[max_length = 1]
        c -> Nullable<TACSet>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(t, t_a,);
