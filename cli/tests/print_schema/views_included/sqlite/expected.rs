// @generated automatically by Diesel CLI.

diesel::table! {
    posts (id) {
        id -> Integer,
        user_id -> Integer,
        title -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        name -> Text,
        hair_color -> Nullable<Text>,
    }
}

diesel::view! {
    #[sql_name = "Users With Hair"]
    Users_With_Hair {
        id -> Nullable<Integer>,
        name -> Nullable<Text>,
        hair_color -> Nullable<Text>,
    }
}

diesel::view! {
    a_first {
        id -> Nullable<Integer>,
        label -> Nullable<Text>,
    }
}

diesel::view! {
    user_post_counts {
        user_id -> Nullable<Integer>,
        name -> Nullable<Text>,
        post_count -> Nullable<Binary>,
    }
}

diesel::joinable!(posts -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    posts,
    users,
    Users_With_Hair,
    a_first,
    user_post_counts,
);
