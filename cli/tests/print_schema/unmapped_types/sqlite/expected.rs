// @generated automatically by Diesel CLI.

diesel::table! {
    documents (id) {
        id -> Integer,
        body -> Text,
        external_id -> Nullable<Text>,
        created -> Nullable<Text>,
    }
}
