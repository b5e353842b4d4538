// @generated automatically by Diesel CLI.

diesel::view! {
    #[sql_name = "Users With Hair"]
    Users_With_Hair {
        id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        hair_color -> Nullable<Text>,
    }
}

diesel::view! {
    a_first {
        id -> Nullable<Int4>,
        label -> Nullable<Text>,
    }
}

diesel::table! {
    posts (id) {
        id -> Int4,
        user_id -> Int4,
        title -> Text,
    }
}

diesel::view! {
    user_post_counts {
        user_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        post_count -> Nullable<Int8>,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        #[max_length = 50]
        name -> Varchar,
        hair_color -> Nullable<Text>,
    }
}

diesel::joinable!(posts -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    Users_With_Hair,
    a_first,
    posts,
    user_post_counts,
    users,
);
