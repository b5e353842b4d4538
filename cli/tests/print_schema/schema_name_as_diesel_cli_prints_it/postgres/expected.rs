// @generated automatically by Diesel CLI.

pub mod my_shop {
    pub mod sql_types {
        #[derive(diesel::sql_types::SqlType)]
        #[diesel(postgres_type(name = r#"state "x""#, schema = "my shop"))]
        pub struct StateX;
    }

    diesel::table! {
        use diesel::sql_types::*;
        use super::sql_types::StateX;

        my_shop.orders (id) {
            id -> Int4,
            state -> Nullable<StateX>,
        }
    }

    diesel::table! {
        #[sql_name = "type"]
        my_shop.type_ (id) {
            id -> Int4,
            order_id -> Nullable<Int4>,
        }
    }

    diesel::joinable!(type_ -> orders (order_id));

    diesel::allow_tables_to_appear_in_same_query!(orders, type_,);
}
