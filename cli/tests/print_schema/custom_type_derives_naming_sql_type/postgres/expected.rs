// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType, core::fmt::Debug)]
    #[diesel(postgres_type(name = "mood"))]
    pub struct Mood;

    #[derive(diesel::sql_types::SqlType, core::fmt::Debug)]
    #[diesel(postgres_type(name = "Order Status"))]
    pub struct OrderStatus;

    #[derive(diesel::sql_types::SqlType, core::fmt::Debug)]
    #[diesel(postgres_type(name = "priority_level"))]
    pub struct PriorityLevel;

    #[derive(diesel::sql_types::SqlType, core::fmt::Debug)]
    #[diesel(postgres_type(name = "type"))]
    pub struct Type;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::OrderStatus;
    use super::sql_types::Type;
    use super::sql_types::PriorityLevel;

    orders (id) {
        id -> Int4,
        status -> OrderStatus,
        kind -> Nullable<Type>,
        priority -> PriorityLevel,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Mood;

    people (id) {
        id -> Int4,
        current_mood -> Mood,
        previous_mood -> Nullable<Mood>,
        mood_history -> Array<Nullable<Mood>>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PriorityLevel;
    use super::sql_types::Mood;

    tasks (id) {
        id -> Int4,
        priority -> Nullable<PriorityLevel>,
        owner_mood -> Nullable<Mood>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(orders, people, tasks,);
