//! The `[print_schema]` key parser: from the walked document to [`PrintSchemaSection`]s,
//! each value checked against its key's type.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use toml::Spanned;

use super::print_schema::{value_names, Filter, PrintSchemaKey, PrintSchemaSection, WithDocs};
use super::source::{describe, Source};
use super::spans::{Node, SpannedTable};
use super::ConfigError;
use crate::suggest;

/// Splits `[print_schema]` into its own keys and named sub-sections. A key diesel knows is
/// a setting; any other key holding a table is a named section; anything else is a typo.
pub(super) fn parse_print_schema(
    source: &Source<'_>,
    base: &Path,
    table: &SpannedTable,
) -> Result<Vec<PrintSchemaSection>, ConfigError> {
    let mut unnamed = SpannedTable::new();
    let mut named = Vec::new();
    for (key, value) in table {
        if PrintSchemaKey::from_name(key.get_ref()).is_some() {
            unnamed.insert(key.clone(), value.clone());
        } else if let Node::Table(inner) = value.get_ref() {
            let section_name = format!("[print_schema.{}]", key.get_ref());
            let mut section = parse_section(source, base, inner, &section_name)?;
            section.name = Some(key.get_ref().clone());
            named.push(section);
        } else {
            return Err(source.unknown_key(key, "[print_schema]", PrintSchemaKey::NAMES));
        }
    }
    let mut sections = Vec::new();
    if !unnamed.is_empty() || named.is_empty() {
        sections.push(parse_section(source, base, &unnamed, "[print_schema]")?);
    }
    sections.extend(named);
    Ok(sections)
}

fn parse_section(
    source: &Source<'_>,
    base: &Path,
    table: &SpannedTable,
    section_name: &str,
) -> Result<PrintSchemaSection, ConfigError> {
    let mut s = PrintSchemaSection::default();
    for (key, value) in table {
        let Some(known) = PrintSchemaKey::from_name(key.get_ref()) else {
            return Err(source.unknown_key(key, section_name, PrintSchemaKey::NAMES));
        };
        let path = || -> Result<PathBuf, ConfigError> {
            Ok(base.join(source.value::<PathBuf>(key, value, "a path string")?))
        };
        match known {
            PrintSchemaKey::File => s.file = Some(path()?),
            PrintSchemaKey::PatchFile => s.patch_file = Some(path()?),
            PrintSchemaKey::WithDocs => s.with_docs = Some(parse_with_docs(source, key, value)?),
            PrintSchemaKey::Filter => s.filter = parse_filter(source, key, value)?,
            PrintSchemaKey::Schema => s.schema = Some(source.value(key, value, "a string")?),
            PrintSchemaKey::ColumnSorting => {
                s.column_sorting = Some(named_value(source, key, value)?)
            }
            PrintSchemaKey::ImportTypes => {
                s.import_types = Some(source.value(key, value, "an array of strings")?)
            }
            PrintSchemaKey::GenerateMissingSqlTypeDefinitions => {
                s.generate_missing_sql_type_definitions =
                    Some(source.value(key, value, "a boolean")?)
            }
            PrintSchemaKey::CustomTypeDerives => {
                s.custom_type_derives = Some(source.value(key, value, "an array of strings")?)
            }
            PrintSchemaKey::ExceptCustomTypeDefinitions => {
                s.except_custom_type_definitions =
                    source.value(key, value, "an array of regexes")?
            }
            PrintSchemaKey::SqliteIntegerPrimaryKeyIsBigint => {
                s.sqlite_integer_primary_key_is_bigint =
                    Some(source.value(key, value, "a boolean")?)
            }
            PrintSchemaKey::PgDomainsAsCustomTypes => {
                s.pg_domains_as_custom_types = source.value(key, value, "an array of regexes")?
            }
            PrintSchemaKey::AllowTablesToAppearInSameQueryConfig => {
                s.allow_tables_to_appear_in_same_query_config =
                    Some(named_value(source, key, value)?)
            }
            PrintSchemaKey::IncludeViews => {
                s.include_views = Some(source.value(key, value, "a boolean")?)
            }
            PrintSchemaKey::MariadbTypeDefinitions => {
                s.mariadb_type_definitions = Some(source.value(key, value, "a boolean")?)
            }
        }
    }
    Ok(s)
}

/// A string naming one of `T`'s values, by the names its flag takes too.
fn named_value<T: ValueEnum>(
    source: &Source<'_>,
    key: &Spanned<String>,
    value: &Spanned<Node>,
) -> Result<T, ConfigError> {
    let name: String = source.value(key, value, "a string")?;
    T::from_str(&name, false).map_err(|_| {
        let names: Vec<String> = value_names::<T>()
            .iter()
            .map(|n| format!("`{n}`"))
            .collect();
        source.invalid(key, format!("`{name}` is not one of {}", names.join(", ")))
    })
}

fn parse_with_docs(
    source: &Source<'_>,
    key: &Spanned<String>,
    value: &Spanned<Node>,
) -> Result<WithDocs, ConfigError> {
    match &value.get_ref().to_value() {
        toml::Value::Boolean(true) => Ok(WithDocs::DatabaseCommentsFallbackToAutoGenerated),
        toml::Value::Boolean(false) => Ok(WithDocs::NoDocComments),
        toml::Value::String(mode) => WithDocs::from_str(mode, false).map_err(|_| {
            source.invalid(
                key,
                format!(
                    "`{mode}` is not a boolean or one of {}",
                    value_names::<WithDocs>().join(", ")
                ),
            )
        }),
        other => Err(source.invalid(
            key,
            format!("expected a boolean or a string, found {}", describe(other)),
        )),
    }
}

fn parse_filter(
    source: &Source<'_>,
    key: &Spanned<String>,
    value: &Spanned<Node>,
) -> Result<Filter, ConfigError> {
    let table: BTreeMap<String, Vec<String>> = source.value(
        key,
        value,
        "a table like { only_tables = [...] } or { except_tables = [...] }",
    )?;
    let mut filter = Filter::None;
    for (kind, patterns) in table {
        filter = match (kind.as_str(), filter) {
            ("only_tables", Filter::None) => Filter::OnlyTables(patterns),
            ("except_tables", Filter::None) => Filter::ExceptTables(patterns),
            ("only_tables" | "except_tables", _) => {
                return Err(source.invalid(key, "only_tables and except_tables cannot both be set"))
            }
            (other, _) => {
                let hint = suggest::closest(other, ["only_tables", "except_tables"])
                    .map(|near| format!(" (did you mean `{near}`?)"))
                    .unwrap_or_default();
                return Err(source.invalid(
                    key,
                    format!("unknown filter `{other}`{hint}; use only_tables or except_tables"),
                ));
            }
        };
    }
    Ok(filter)
}
