// @generated automatically by Diesel CLI.

diesel::table! {
    plain (rowid) {
        rowid -> Integer,
        value -> Nullable<Float>,
    }
}

diesel::table! {
    readings (rowid, oid, _rowid_, value) {
        rowid -> Nullable<Text>,
        oid -> Nullable<Integer>,
        _rowid_ -> Nullable<Integer>,
        value -> Nullable<Float>,
    }
}

diesel::table! {
    shouting (ROWID, OID, _ROWID_, value) {
        ROWID -> Nullable<Text>,
        OID -> Nullable<Integer>,
        _ROWID_ -> Nullable<Integer>,
        value -> Nullable<Float>,
    }
}

diesel::table! {
    upper_rowid (oid) {
        oid -> Integer,
        RowId -> Text,
        value -> Nullable<Float>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(plain, readings, shouting, upper_rowid,);
