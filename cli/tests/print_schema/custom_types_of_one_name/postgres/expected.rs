// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "mood", schema = "hr"))]
    pub struct HrMood;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "lead_state", schema = "sales"))]
    pub struct LeadState;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "mood"))]
    pub struct Mood;

    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "mood", schema = "sales"))]
    pub struct SalesMood;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::SalesMood;
    use super::sql_types::LeadState;

    leads (id) {
        id -> Int4,
        moods -> Array<Nullable<SalesMood>>,
        state -> LeadState,
        person_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::HrMood;
    use super::sql_types::SalesMood;
    use super::sql_types::Mood;

    people (id) {
        id -> Int4,
        feeling -> Nullable<HrMood>,
        market -> Nullable<SalesMood>,
        own -> Nullable<Mood>,
    }
}

diesel::joinable!(leads -> people (person_id));

diesel::allow_tables_to_appear_in_same_query!(leads, people,);
