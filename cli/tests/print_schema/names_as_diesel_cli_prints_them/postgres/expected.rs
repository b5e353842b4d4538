// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = r#"mood "x""#))]
    pub struct MoodX;
}

diesel::table! {
    #[sql_name = "async"]
    async_ (Self_) {
        #[sql_name = "Self"]
        Self_ -> Int4,
        #[sql_name = "event id"]
        event_id -> Nullable<Int4>,
    }
}

diesel::table! {
    events (id) {
        id -> Int4,
        #[sql_name = "await"]
        await_ -> Text,
        #[sql_name = "dyn"]
        dyn_ -> Nullable<Text>,
        #[sql_name = "try"]
        try_ -> Nullable<Int4>,
        #[sql_name = "type"]
        type_ -> Text,
        #[sql_name = "events"]
        events_ -> Nullable<Int4>,
        #[sql_name = "2fa secret"]
        _2fa_secret -> Nullable<Text>,
        #[sql_name = "first name"]
        #[max_length = 20]
        first_name -> Nullable<Varchar>,
        #[sql_name = "a__b c"]
        a__b_c -> Nullable<Text>,
        #[sql_name = "a _b"]
        a__b -> Nullable<Text>,
        #[sql_name = "-x"]
        _x -> Nullable<Text>,
        #[sql_name = "é"]
        __ -> Nullable<Text>,
        #[sql_name = "it's"]
        it_s -> Nullable<Text>,
        #[sql_name = r#"say "hi""#]
        say_hi_ -> Nullable<Text>,
        #[sql_name = r##"a"#b"##]
        a_b -> Nullable<Text>,
        sizeof -> Nullable<Int4>,
        proc -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::MoodX;

    #[sql_name = r#"it's "quoted""#]
    it_s_quoted_ (id) {
        id -> Int4,
        note -> Nullable<Text>,
        mood -> Nullable<MoodX>,
    }
}

diesel::joinable!(async_ -> events (event_id));

diesel::allow_tables_to_appear_in_same_query!(async_, events, it_s_quoted_,);
