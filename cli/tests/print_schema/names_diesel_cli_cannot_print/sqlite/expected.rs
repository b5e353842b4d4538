// @generated automatically by Diesel CLI.

diesel::table! {
    #[sql_name = "async"]
    async_ (id) {
        id -> Integer,
        event_id -> Nullable<Integer>,
    }
}

diesel::table! {
    events (id) {
        id -> Integer,
        #[sql_name = "await"]
        await_ -> Text,
        #[sql_name = "dyn"]
        dyn_ -> Nullable<Text>,
        #[sql_name = "try"]
        try_ -> Nullable<Integer>,
        #[sql_name = "gen"]
        gen_ -> Nullable<Integer>,
        #[sql_name = "type"]
        type_ -> Text,
        #[sql_name = "2fa_secret"]
        _2fa_secret -> Nullable<Text>,
        #[sql_name = "first name"]
        first_name -> Nullable<Text>,
        #[sql_name = "events"]
        events_ -> Nullable<Integer>,
    }
}

diesel::joinable!(async_ -> events (event_id));

diesel::allow_tables_to_appear_in_same_query!(async_, events,);
