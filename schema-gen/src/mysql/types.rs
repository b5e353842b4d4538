//! MySQL/MariaDB column types → diesel SQL types.
//!
//! diesel_cli reads `COLUMN_TYPE` (`int(11)`, `tinyint(1)`, `bigint(20) unsigned zerofill`,
//! `enum('a','b')`): exactly `tinyint(1)` is `Bool`, anything starting with `int` is
//! `Integer`, otherwise the name before `(` in UpperCamelCase, wrapped in `Unsigned<...>`
//! when the type says `unsigned`. A name diesel does not provide (`enum`, `set`, `year`, ...)
//! gets one definition per column, named `<Table><Column><Type>`.

use heck::ToUpperCamelCase;

use crate::model::{SqlType, TypeDefinition};
use crate::options::PrintSchemaOptions;

/// The type names diesel provides for MySQL, as diesel_cli 2.3 lists them.
const DIESEL_PROVIDED: &[&str] = &[
    // Shared with the other backends.
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
    // MySQL's own.
    "TinyInt",
    "Tinyint",
    "Datetime",
    "Json",
];

/// The base type name of a `COLUMN_TYPE`, lower case, without length or `unsigned`.
pub fn base_type(column_type: &str) -> String {
    let base = if column_type == "tinyint(1)" {
        "bool"
    } else if column_type.starts_with("int") {
        "integer"
    } else if let Some(paren) = column_type.find('(') {
        &column_type[..paren]
    } else {
        column_type
    };
    if is_unsigned(base) {
        base.to_lowercase()
            .replace("unsigned", "")
            .trim()
            .to_owned()
    } else {
        base.trim().to_owned()
    }
}

fn is_unsigned(column_type: &str) -> bool {
    column_type.to_lowercase().contains("unsigned")
}

/// The diesel type of a column of `table_ident.column_ident` (their Rust names).
pub fn sql_type(
    column_type: &str,
    table_ident: &str,
    column_ident: &str,
    options: &PrintSchemaOptions,
) -> SqlType {
    let sql_name = base_type(column_type);
    let type_name = sql_name.to_upper_camel_case();
    let defined_here = options.generate_missing_sql_type_definitions
        && !DIESEL_PROVIDED.contains(&type_name.as_str())
        && !options
            .except_custom_type_definitions
            .iter()
            .any(|re| re.is_match(&type_name));
    let (name, custom) = if defined_here {
        let per_column = format!("{table_ident} {column_ident} {type_name}").to_upper_camel_case();
        let definition = TypeDefinition::Mysql {
            name: capitalise(&sql_name),
            sql_name,
            table: table_ident.to_owned(),
            column: column_ident.to_owned(),
        };
        (per_column, Some(definition))
    } else {
        (type_name, None)
    };
    SqlType {
        name,
        is_array: false,
        is_unsigned: is_unsigned(column_type),
        custom,
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(column_type: &str) -> String {
        sql_type(column_type, "t", "c", &PrintSchemaOptions::default()).rendered()
    }

    #[test]
    fn column_types_map_as_diesel_cli_maps_them() {
        let cases = [
            ("tinyint(1)", "Bool"),
            ("tinyint(1) unsigned", "Unsigned<Tinyint>"),
            ("tinyint(4)", "Tinyint"),
            ("int(11)", "Integer"),
            ("int", "Integer"),
            ("int(10) unsigned", "Unsigned<Integer>"),
            ("bigint(20) unsigned zerofill", "Unsigned<Bigint>"),
            ("decimal(10,2) unsigned", "Unsigned<Decimal>"),
            ("double unsigned", "Unsigned<Double>"),
            ("varchar(255)", "Varchar"),
            ("datetime(3)", "Datetime"),
            ("longtext", "Longtext"),
            ("bit(1)", "Bit"),
        ];
        for (column_type, expected) in cases {
            assert_eq!(rendered(column_type), expected, "{column_type}");
        }
    }

    #[test]
    fn enums_and_sets_get_a_type_per_column() {
        let ty = sql_type(
            "enum('a','b')",
            "shirts",
            "size",
            &PrintSchemaOptions::default(),
        );
        assert_eq!(ty.name, "ShirtsSizeEnum");
        assert_eq!(
            ty.custom,
            Some(TypeDefinition::Mysql {
                name: "Enum".into(),
                sql_name: "enum".into(),
                table: "shirts".into(),
                column: "size".into()
            })
        );
        let ty = sql_type("set('x')", "pants", "type_", &PrintSchemaOptions::default());
        assert_eq!(ty.name, "PantsTypeSet");
    }
}
