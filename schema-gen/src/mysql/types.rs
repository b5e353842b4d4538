//! MySQL/MariaDB column types → diesel SQL types.
//!
//! diesel_cli reads `COLUMN_TYPE` (`int(11)`, `tinyint(1)`, `bigint(20) unsigned zerofill`,
//! `enum('a','b')`): exactly `tinyint(1)` is `Bool`, anything starting with `int` is
//! `Integer`, otherwise the name before `(` in UpperCamelCase, wrapped in `Unsigned<...>`
//! when the type says `unsigned`. A name diesel does not provide (`enum`, `set`, `year`, ...)
//! gets one definition per column, named `<Table><Column><Type>`.

use heck::ToUpperCamelCase;

use crate::diesel_types::is_provided;
use crate::model::{SqlType, TypeDefinition};
use crate::options::PrintSchemaOptions;

/// The type names diesel provides for MySQL only (see [`crate::diesel_types`]).
const DIESEL_PROVIDED: &[&str] = &["TinyInt", "Tinyint", "Datetime", "Json"];

/// The base type name of a `COLUMN_TYPE`, lower case, without length, `unsigned` or
/// `zerofill`.
pub fn base_type(column_type: &str) -> String {
    let base = diesel_base_type(column_type);
    if base.contains("zerofill") {
        base.replace("zerofill", "").trim().to_owned()
    } else {
        base
    }
}

/// The base type name as diesel_cli 2.3.14 reads it: for a type without a length
/// (`float unsigned zerofill`, `double zerofill`) it keeps `zerofill` as part of the name.
fn diesel_base_type(column_type: &str) -> String {
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

/// The types `#[diesel(mysql_type(name = ...))]` accepts for a generated definition (the
/// variants of diesel's `MysqlType` that a column type can need one for).
const DEFINABLE: &[&str] = &["Enum", "Set"];

/// What a column of a MySQL type diesel has no SQL type for is printed as: the diesel type
/// its values load as over the binary protocol. diesel_cli defines such types with a
/// `mysql_type(name = ...)` that names no `MysqlType`, which does not compile.
fn loadable_as(sql_name: &str) -> &'static str {
    match sql_name {
        "mediumint" => "Integer",
        "year" => "Smallint",
        // MariaDB sends these as their text form.
        "uuid" | "inet4" | "inet6" => "Text",
        // Geometry values, and anything newer, arrive as bytes.
        _ => "Blob",
    }
}

/// A column type diesel_cli would print as a definition that does not compile, and what
/// strata printed instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Substitution {
    pub sql_name: String,
    pub diesel_cli_name: String,
    pub printed: String,
    pub why: Why,
}

/// Why diesel_cli's definition does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// diesel has no MySQL type of that name: printed as the type its values load as.
    NoSuchType,
    /// diesel_cli took `zerofill` for part of the type's name: printed as the numeric type.
    Zerofill,
}

/// The diesel type of a column of `table_ident.column_ident` (their Rust names), and the
/// substitution made when diesel_cli's definition would not compile.
pub fn sql_type(
    column_type: &str,
    table_ident: &str,
    column_ident: &str,
    options: &PrintSchemaOptions,
) -> (SqlType, Option<Substitution>) {
    let sql_name = base_type(column_type);
    let type_name = sql_name.to_upper_camel_case();
    let defined_here = options.generate_missing_sql_type_definitions
        && !is_provided(&type_name, DIESEL_PROVIDED)
        && !options
            .except_custom_type_definitions
            .iter()
            .any(|re| re.is_match(&type_name));
    let mut substitution = None;
    let (name, custom) = if defined_here {
        let per_column = format!("{table_ident} {column_ident} {type_name}").to_upper_camel_case();
        let mysql_name = capitalise(&sql_name);
        if DEFINABLE.contains(&mysql_name.as_str()) {
            let definition = TypeDefinition::Mysql {
                name: mysql_name,
                sql_name,
                table: table_ident.to_owned(),
                column: column_ident.to_owned(),
            };
            (per_column, Some(definition))
        } else {
            let printed = loadable_as(&sql_name).to_owned();
            substitution = Some(Substitution {
                sql_name,
                diesel_cli_name: per_column,
                printed: printed.clone(),
                why: Why::NoSuchType,
            });
            (printed, None)
        }
    } else {
        (type_name, None)
    };
    let sql_type = SqlType {
        name: name.into(),
        is_array: false,
        is_unsigned: is_unsigned(column_type),
        custom,
    };
    let diesel_base = diesel_base_type(column_type);
    if substitution.is_none() && diesel_base.contains("zerofill") {
        let diesel_name = diesel_base.to_upper_camel_case();
        substitution = Some(Substitution {
            sql_name: column_type.to_owned(),
            diesel_cli_name: if options.generate_missing_sql_type_definitions {
                format!("{table_ident} {column_ident} {diesel_name}").to_upper_camel_case()
            } else {
                diesel_name
            },
            printed: sql_type.rendered(),
            why: Why::Zerofill,
        });
    }
    (sql_type, substitution)
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
        sql_type(column_type, "t", "c", &PrintSchemaOptions::default())
            .0
            .rendered()
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
            ("float unsigned zerofill", "Unsigned<Float>"),
            ("double zerofill", "Double"),
            ("smallint(5) unsigned zerofill", "Unsigned<Smallint>"),
            ("varchar(255)", "Varchar"),
            ("datetime(3)", "Datetime"),
            ("longtext", "Longtext"),
            ("bit(1)", "Bit"),
            ("mediumint(8) unsigned", "Unsigned<Integer>"),
            ("year(4)", "Smallint"),
            ("uuid", "Text"),
            ("point", "Blob"),
        ];
        for (column_type, expected) in cases {
            assert_eq!(rendered(column_type), expected, "{column_type}");
        }
    }

    #[test]
    fn enums_and_sets_get_a_type_per_column() {
        let (ty, _) = sql_type(
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
        let (ty, _) = sql_type("set('x')", "pants", "type_", &PrintSchemaOptions::default());
        assert_eq!(ty.name, "PantsTypeSet");
    }
}
