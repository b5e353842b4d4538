// @generated automatically by Diesel CLI.

pub mod shop {
    diesel::view! {
        shop.big_orders {
            id -> Nullable<Int4>,
            total -> Nullable<Numeric>,
        }
    }

    diesel::table! {
        shop.orders (id) {
            id -> Int4,
            total -> Numeric,
        }
    }

    diesel::allow_tables_to_appear_in_same_query!(big_orders, orders,);
}
