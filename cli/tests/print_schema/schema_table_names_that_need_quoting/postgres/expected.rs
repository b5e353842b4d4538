// @generated automatically by Diesel CLI.

pub mod app {
    diesel::table! {
        #[sql_name = "User Accounts"]
        app.User_Accounts (id) {
            id -> Int4,
            #[sql_name = "Full Name"]
            Full_Name -> Nullable<Text>,
        }
    }

    diesel::table! {
        #[sql_name = "order-items"]
        app.order_items (id) {
            id -> Int4,
            account_id -> Int4,
        }
    }

    diesel::table! {
        app.plain (id) {
            id -> Int4,
        }
    }

    diesel::table! {
        #[sql_name = "type"]
        app.type_ (id) {
            id -> Int4,
        }
    }

    diesel::joinable!(order_items -> User_Accounts (account_id));

    diesel::allow_tables_to_appear_in_same_query!(User_Accounts, order_items, plain, type_,);
}
