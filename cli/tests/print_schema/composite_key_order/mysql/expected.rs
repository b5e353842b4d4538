// @generated automatically by Diesel CLI.

diesel::table! {
    grid (z, x, y) {
        x -> Integer,
        y -> Integer,
        z -> Integer,
        label -> Nullable<Text>,
    }
}

diesel::table! {
    in_order (a, b) {
        a -> Integer,
        b -> Integer,
    }
}

diesel::table! {
    invitations (id) {
        id -> Integer,
        group_id -> Integer,
        user_id -> Integer,
    }
}

diesel::table! {
    memberships (group_id, user_id) {
        user_id -> Integer,
        group_id -> Integer,
        role -> Nullable<Text>,
    }
}

diesel::allow_tables_to_appear_in_same_query!(grid, in_order, invitations, memberships,);
