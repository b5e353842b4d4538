// @generated automatically by Diesel CLI.

diesel::view! {
    #[sql_name = "Users With Hair"]
    Users_With_Hair {
        id -> Integer,
        name -> Varchar,
        hair_color -> Nullable<Text>,
    }
}

diesel::view! {
    a_first {
        id -> Integer,
        label -> Nullable<Varchar>,
    }
}

diesel::table! {
    posts (id) {
        id -> Integer,
        user_id -> Integer,
        title -> Text,
    }
}

diesel::view! {
    user_post_counts {
        user_id -> Integer,
        name -> Varchar,
        post_count -> Bigint,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
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
