//! Which `table!` entries of a project's schema files name a table or column, so that a
//! lint finding about a dropped or changed column can say what of the running application
//! uses it. A line scan is enough: the files are generated, one declaration per line.

use std::path::PathBuf;

use crate::paths::shown;

/// Each table's SQL name with its columns' SQL names.
type Tables = Vec<(String, Vec<String>)>;

/// The tables and columns each schema file declares, by their SQL names.
#[derive(Debug, Default)]
pub struct SchemaUsage {
    files: Vec<(PathBuf, Tables)>,
}

impl SchemaUsage {
    /// Reads the schema files; one that cannot be read declares nothing.
    pub fn read(files: &[PathBuf]) -> SchemaUsage {
        SchemaUsage {
            files: files
                .iter()
                .filter_map(|file| {
                    let text = std::fs::read_to_string(file).ok()?;
                    Some((file.clone(), tables(&text)))
                })
                .collect(),
        }
    }

    /// `src/schema.rs: table! users (column email)` for each file declaring `table` (and
    /// `column`, when given).
    pub fn users(&self, table: &str, column: Option<&str>) -> Vec<String> {
        self.files
            .iter()
            .filter_map(|(file, tables)| {
                let (_, columns) = tables.iter().find(|(name, _)| name == table)?;
                match column {
                    None => Some(format!("{}: table! {table}", shown(file))),
                    Some(column) => columns
                        .iter()
                        .any(|c| c == column)
                        .then(|| format!("{}: table! {table}, column {column}", shown(file))),
                }
            })
            .collect()
    }
}

/// Each `table!`'s SQL name and its columns' SQL names (`#[sql_name = "..."]` honoured).
fn tables(text: &str) -> Tables {
    let mut tables: Tables = Vec::new();
    let mut in_macro = false;
    let mut in_table = false;
    let mut sql_name: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if line.ends_with("table! {") {
            in_macro = true;
            continue;
        }
        if !in_macro {
            continue;
        }
        if let Some(rest) = line.strip_prefix("#[sql_name = \"") {
            sql_name = rest.strip_suffix("\"]").map(str::to_owned);
            continue;
        }
        if line.starts_with("#[") || line.starts_with("///") || line.is_empty() {
            continue;
        }
        if !in_table {
            if let Some((head, _)) = line.split_once('(') {
                let rust = head.trim().rsplit('.').next().unwrap_or_default();
                let name = sql_name
                    .take()
                    .unwrap_or_else(|| rust.trim_start_matches("r#").to_owned());
                tables.push((name, Vec::new()));
                in_table = true;
            }
            continue;
        }
        if let Some((column, _)) = line.split_once("->") {
            let name = sql_name
                .take()
                .unwrap_or_else(|| column.trim().trim_start_matches("r#").to_owned());
            if let Some((_, columns)) = tables.last_mut() {
                columns.push(name);
            }
        } else if line.starts_with('}') {
            in_table = false;
            in_macro = false;
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tables_and_columns_by_sql_name() {
        let text = "diesel::table! {\n    users (id) {\n        id -> Int4,\n        #[max_length = 100]\n        #[sql_name = \"type\"]\n        type_ -> Varchar,\n    }\n}\n\ndiesel::table! {\n    app.posts (id) {\n        id -> Int4,\n    }\n}\n";
        assert_eq!(
            tables(text),
            [
                ("users".to_owned(), vec!["id".to_owned(), "type".to_owned()]),
                ("posts".to_owned(), vec!["id".to_owned()]),
            ]
        );
    }
}
