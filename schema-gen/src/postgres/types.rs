//! PostgreSQL type names → diesel SQL types.
//!
//! diesel_cli names a column's type after its `udt_name` in UpperCamelCase (`int4` → `Int4`,
//! `pg_lsn` → `PgLsn`, an enum `"Order Status"` → `OrderStatus`), a leading `_` meaning an
//! array of that type. A name diesel does not provide is a custom type, defined in the
//! generated `sql_types` module unless the options say otherwise.

use heck::ToUpperCamelCase;

use super::DEFAULT_SCHEMA;
use crate::diesel_types::is_provided;
use crate::model::{SqlType, TypeDefinition};
use crate::options::PrintSchemaOptions;

/// The type names diesel provides for PostgreSQL only (see [`crate::diesel_types`]).
const DIESEL_PROVIDED: &[&str] = &[
    "Cidr",
    "Citext",
    "Inet",
    "Jsonb",
    "MacAddr",
    "MacAddr8",
    "Money",
    "Oid",
    "Range",
    "Timestamptz",
    "Uuid",
    "Json",
    "PgLsn",
    "Record",
    "Interval",
    "Int4range",
    "Int8range",
    "Daterange",
    "Numrange",
    "Tsrange",
    "Tstzrange",
    "Int4multirange",
    "Int8multirange",
    "Datemultirange",
    "Nummultirange",
    "Tsmultirange",
    "Tstzmultirange",
    "SmallSerial",
    "BigSerial",
    "Serial",
    "Bytea",
    "Bpchar",
    "Macaddr",
    "Macaddr8",
];

/// The diesel type of a column whose `udt_name` is `type_name` in schema `type_schema`.
pub fn sql_type(type_name: &str, type_schema: &str, options: &PrintSchemaOptions) -> SqlType {
    let (is_array, element) = match type_name.strip_prefix('_') {
        Some(element) => (true, element),
        None => (false, type_name),
    };
    let rust_name = element.to_upper_camel_case();
    let defined_here = options.generate_missing_sql_type_definitions
        && !is_provided(&rust_name, DIESEL_PROVIDED)
        && !options
            .except_custom_type_definitions
            .iter()
            .any(|re| re.is_match(&rust_name));
    let custom = defined_here.then(|| TypeDefinition::Postgres {
        name: element.to_owned(),
        schema: (type_schema != DEFAULT_SCHEMA).then(|| type_schema.to_owned()),
    });
    SqlType {
        name: rust_name.into(),
        is_array,
        is_unsigned: false,
        custom,
    }
}

/// For `varchar[]` and `citext[]`: the element type, which PostgreSQL will not coerce from
/// the `text[]` diesel binds.
pub fn uncoerced_array_element(type_name: &str) -> Option<&str> {
    let element = type_name.strip_prefix('_')?;
    matches!(element.to_lowercase().as_str(), "varchar" | "citext").then_some(element)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(type_name: &str) -> (String, bool, bool) {
        let ty = sql_type(type_name, "pg_catalog", &PrintSchemaOptions::default());
        (ty.name.to_string(), ty.is_array, ty.is_custom())
    }

    #[test]
    fn builtin_types_are_named_after_their_udt_name() {
        assert_eq!(name("int4"), ("Int4".into(), false, false));
        assert_eq!(name("_int4"), ("Int4".into(), true, false));
        assert_eq!(name("pg_lsn"), ("PgLsn".into(), false, false));
        assert_eq!(
            name("tstzmultirange"),
            ("Tstzmultirange".into(), false, false)
        );
        assert_eq!(name("bpchar"), ("Bpchar".into(), false, false));
    }

    #[test]
    fn other_types_are_defined_with_their_schema_unless_public() {
        let ty = sql_type("tsvector", "pg_catalog", &PrintSchemaOptions::default());
        assert_eq!(
            ty.custom,
            Some(TypeDefinition::Postgres {
                name: "tsvector".into(),
                schema: Some("pg_catalog".into())
            })
        );
        let ty = sql_type("Order Status", "public", &PrintSchemaOptions::default());
        assert_eq!(ty.name, "OrderStatus");
        assert_eq!(
            ty.custom,
            Some(TypeDefinition::Postgres {
                name: "Order Status".into(),
                schema: None
            })
        );
    }
}
