// @generated automatically by Diesel CLI.

diesel::table! {
    measurements (id) {
        id -> Integer,
        ratio -> Nullable<Unsigned<Float>>,
        weight -> Unsigned<Double>,
        total -> Nullable<Unsigned<Double>>,
        level -> Nullable<Unsigned<Float>>,
        counter -> Nullable<Unsigned<Integer>>,
        big -> Unsigned<Bigint>,
        small -> Nullable<Unsigned<Smallint>>,
        price -> Nullable<Unsigned<Decimal>>,
        flag -> Nullable<Unsigned<Tinyint>>,
    }
}
