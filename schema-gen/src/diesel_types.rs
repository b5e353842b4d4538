//! The SQL type names diesel provides, as diesel_cli 2.3 lists them: a column typed by one of
//! these needs no definition in the generated `sql_types` module.

/// Provided on every backend.
const SHARED: &[&str] = &[
    "Bool",
    "Integer",
    "SmallInt",
    "BigInt",
    "Binary",
    "Text",
    "Double",
    "Float",
    "Numeric",
    "Timestamp",
    "Date",
    "Time",
    "Float4",
    "Smallint",
    "Int2",
    "Int4",
    "Int8",
    "Bigint",
    "Float8",
    "Decimal",
    "VarChar",
    "Varchar",
    "Char",
    "Tinytext",
    "Mediumtext",
    "Longtext",
    "Tinyblob",
    "Blob",
    "Mediumblob",
    "Longblob",
    "Varbinary",
    "Bit",
];

/// Whether diesel provides `name`, on every backend or as one of `backend_own`.
pub fn is_provided(name: &str, backend_own: &[&str]) -> bool {
    SHARED.contains(&name) || backend_own.contains(&name)
}
