// @generated automatically by Diesel CLI.

diesel::table! {
    grid (z, x, y) {
        x -> Int4,
        y -> Int4,
        z -> Int4,
        label -> Nullable<Text>,
    }
}

diesel::table! {
    in_order (a, b) {
        a -> Int4,
        b -> Int4,
    }
}

diesel::table! {
    invitations (id) {
        id -> Int4,
        group_id -> Int4,
        user_id -> Int4,
    }
}

diesel::table! {
    memberships (group_id, user_id) {
        user_id -> Int4,
        group_id -> Int4,
        role -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(grid, in_order, invitations, memberships,);
