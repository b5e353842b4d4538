// @generated automatically by Diesel CLI.

diesel::table! {
    posts (id) {
        id -> Int4,
        user_id -> Int4,
        #[max_length = 200]
        title -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        email -> Text,
        settings -> Nullable<Json>,
    }
}

diesel::joinable!(posts -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(posts, users,);
