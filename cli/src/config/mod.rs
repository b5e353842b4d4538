//! `diesel.toml`: reading it strictly, with errors that point at the line.
//!
//! The file's keys are diesel_cli's, unchanged, so a Diesel project switches tools without
//! touching it. Unlike diesel_cli, an unknown key is reported with its line and the nearest
//! valid key, and a value of the wrong type names the key it belongs to.
//!
//! Relative paths are resolved against the directory that holds the file.
//!
//! - `spans.rs` walks the TOML keeping every key's position;
//! - `source.rs` reads values out of it, with errors that name the key and line;
//! - `print_schema.rs` is what a `[print_schema]` section holds, its keys listed once;
//! - `keys.rs` parses a section's keys into it;
//! - this file, the file as a whole: its top-level tables and `[migrations_directory]`.

mod keys;
mod print_schema;
mod source;
mod spans;

use std::path::{Path, PathBuf};

pub use print_schema::{
    AllowTablesConfig, ColumnSorting, Filter, PrintSchemaKey, PrintSchemaSection, WithDocs,
};

use crate::paths::shown;
use keys::parse_print_schema;
use source::Source;
use spans::{Node, SpannedTable};

const TOP_LEVEL_KEYS: &[&str] = &["print_schema", "migrations_directory"];
const MIGRATIONS_DIRECTORY_KEYS: &[&str] = &["dir"];

/// Errors in `diesel.toml`, each naming the file and, where it has one, the line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}", shown(path))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: not valid TOML: {message}", shown(path))]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}:{line}: unknown key `{key}` in {section}{hint}", shown(path))]
    UnknownKey {
        path: PathBuf,
        line: usize,
        key: String,
        section: String,
        hint: String,
    },
    #[error("{}:{line}: invalid value for `{key}`: {message}", shown(path))]
    InvalidValue {
        path: PathBuf,
        line: usize,
        key: String,
        message: String,
    },
}

/// A loaded `diesel.toml` (or the defaults, when there is none).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from.
    pub path: Option<PathBuf>,
    /// The unnamed section first (when present), then named ones by name.
    pub print_schema: Vec<PrintSchemaSection>,
    /// `[migrations_directory] dir`, resolved against the file's directory.
    pub migrations_dir: Option<PathBuf>,
}

impl Config {
    /// Loads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(path, &text)
    }

    /// Parses config text; `path` is used for messages and to resolve relative paths.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let source = Source { path, text };
        let top = match toml::from_str(text) {
            Ok(Node::Table(top)) => top,
            Ok(Node::Value(_)) => SpannedTable::new(),
            Err(e) => {
                return Err(ConfigError::Syntax {
                    path: path.to_owned(),
                    line: e.span().map_or(1, |span| source.line_of(span.start)),
                    message: e.message().trim_end().replace('\n', "; "),
                })
            }
        };
        let base = path.parent().unwrap_or(Path::new(".")).to_owned();
        let mut config = Config {
            path: Some(path.to_owned()),
            ..Config::default()
        };

        for (key, value) in &top {
            match key.get_ref().as_str() {
                "print_schema" => {
                    let table = source.table(key, value)?;
                    config.print_schema = parse_print_schema(&source, &base, table)?;
                }
                "migrations_directory" => {
                    let table = source.table(key, value)?;
                    for (key, value) in table {
                        if key.get_ref() != "dir" {
                            return Err(source.unknown_key(
                                key,
                                "[migrations_directory]",
                                MIGRATIONS_DIRECTORY_KEYS,
                            ));
                        }
                        let dir: PathBuf = source.value(key, value, "a path string")?;
                        config.migrations_dir = Some(base.join(dir));
                    }
                }
                _ => return Err(source.unknown_key(key, "the top level", TOP_LEVEL_KEYS)),
            }
        }
        Ok(config)
    }

    /// The section a `--schema-key` names (`default` is the unnamed one).
    pub fn section(&self, key: &str) -> Option<&PrintSchemaSection> {
        self.print_schema
            .iter()
            .find(|s| s.name.as_deref().unwrap_or("default") == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("/p/diesel.toml"), text)
    }

    #[test]
    fn reads_every_key_and_resolves_paths_against_the_file() {
        let config = parse(
            "[print_schema]\nfile = \"src/schema.rs\"\nwith_docs = true\n\
             filter = { only_tables = [\"^a\"] }\ncolumn_sorting = \"name\"\n\
             [migrations_directory]\ndir = \"migrations\"\n",
        )
        .unwrap();
        let section = &config.print_schema[0];
        assert_eq!(section.file.as_deref(), Some(Path::new("/p/src/schema.rs")));
        assert_eq!(
            section.with_docs,
            Some(WithDocs::DatabaseCommentsFallbackToAutoGenerated)
        );
        assert_eq!(section.filter, Filter::OnlyTables(vec!["^a".into()]));
        assert_eq!(section.column_sorting, Some(ColumnSorting::Name));
        assert_eq!(
            config.migrations_dir.as_deref(),
            Some(Path::new("/p/migrations"))
        );
    }

    #[test]
    fn named_sections_sit_beside_the_unnamed_one() {
        let config = parse(
            "[print_schema]\nfile = \"a.rs\"\n[print_schema.other]\nfile = \"b.rs\"\nschema = \"x\"\n",
        )
        .unwrap();
        assert_eq!(config.print_schema.len(), 2);
        assert_eq!(config.print_schema[1].name.as_deref(), Some("other"));
        assert_eq!(
            config.section("other").unwrap().schema.as_deref(),
            Some("x")
        );
        assert!(config.section("default").is_some());
    }

    #[test]
    fn named_sections_need_no_print_schema_header() {
        let config = parse("[print_schema.one]\nfile = \"a.rs\"\n[print_schema.two]\n").unwrap();
        let names: Vec<_> = config.print_schema.iter().map(|s| s.name.clone()).collect();
        assert_eq!(names, [Some("one".to_owned()), Some("two".to_owned())]);
        assert_eq!(
            config.section("one").unwrap().file.as_deref(),
            Some(Path::new("/p/a.rs"))
        );
    }

    #[test]
    fn an_unknown_key_in_a_headerless_section_names_its_line() {
        let err = parse("[print_schema.one]\nfile = \"a.rs\"\nfille = 1\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/p/diesel.toml:3: unknown key `fille` in [print_schema.one] (did you mean `file`?)"
        );
    }

    #[test]
    fn unknown_key_names_line_and_nearest_key() {
        let err = parse("[print_schema]\n\nfille = \"x.rs\"\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/p/diesel.toml:3: unknown key `fille` in [print_schema] (did you mean `file`?)"
        );
    }

    #[test]
    fn wrong_type_names_key_and_line() {
        let err = parse("[print_schema]\nfile = 3\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "/p/diesel.toml:2: invalid value for `file`: expected a path string, found the integer 3"
        );
    }

    #[test]
    fn a_named_value_lists_the_names_it_takes() {
        let message = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            message("[print_schema]\ncolumn_sorting = \"nam\"\n"),
            "/p/diesel.toml:2: invalid value for `column_sorting`: `nam` is not one of \
             `ordinal_position`, `name`"
        );
        assert_eq!(
            message("[print_schema]\nallow_tables_to_appear_in_same_query_config = \"x\"\n"),
            "/p/diesel.toml:2: invalid value for `allow_tables_to_appear_in_same_query_config`: \
             `x` is not one of `all_tables`, `fk_related_tables`, `none`"
        );
        assert_eq!(
            message("[print_schema]\nwith_docs = \"x\"\n"),
            "/p/diesel.toml:2: invalid value for `with_docs`: `x` is not a boolean or one of \
             database-comments-fallback-to-auto-generated-doc-comment, only-database-comments, \
             no-doc-comments"
        );
    }
}
