// @generated automatically by Diesel CLI.

diesel::table! {
    audit_log (rowid) {
        rowid -> Integer,
        at -> Timestamp,
        message -> Text,
    }
}

diesel::table! {
    has_rowid_column (oid) {
        oid -> Integer,
        rowid -> Nullable<Text>,
        v -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(audit_log, has_rowid_column,);
