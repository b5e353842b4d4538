// @generated automatically by Diesel CLI.

diesel::table! {
    use diesel::sql_types::*;
    use diesel::sql_types::Text as Visibility;

    /// Stored documents.
    documents (id) {
        /// Multi-line comment:
        /// - first point
        ///
        /// - second point with `code` and */ and "quotes"
        body -> Nullable<Text>,
        /// leading and trailing spaces
        created_at -> Timestamptz,
        id -> Int4,
        /// The human readable title
        title -> Text,
        visibility -> Visibility,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use diesel::sql_types::Text as Visibility;

    uncommented (id) {
        document_id -> Nullable<Int4>,
        id -> Int4,
    }
}

diesel::joinable!(uncommented -> documents (document_id));
