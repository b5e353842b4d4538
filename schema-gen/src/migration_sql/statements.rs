//! The SQL text of each change, spelled as diesel_cli spells it (tab-indented `CREATE
//! TABLE`, types in capitals). This is not the `Ddl` of generated down.sql files: those are
//! written from physical snapshots, in each backend's own quoting, where these follow
//! diesel_cli's output byte for byte, from diesel's type names.

use crate::declared_type::{create_records, drop_records, DeclaredType};
use crate::model::Column;
use crate::quote::Quote;
use crate::schema_rs::DeclaredTable;

use super::Change;

/// `VARCHAR(40)[] UNSIGNED NOT NULL`: the type's SQL name in capitals (as diesel_cli spells
/// a declared one, else diesel's type name), its length, array, sign and nullability, in
/// the order SQL wants them.
fn column_type(column: &Column, declared: Option<&DeclaredType>, quote: Quote) -> String {
    if let Some(declared) = declared {
        return declared
            .sql(&column.name, column.max_length, quote)
            .trim_start()
            .to_owned();
    }
    let ty = &column.sql_type;
    let mut out = match &ty.custom {
        // In capitals, as diesel_cli writes every type, where that is the same name
        // (unquoted names fold to lower case); a name that needs quotes keeps its case.
        Some(crate::model::TypeDefinition::Postgres { name, .. }) => match name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            true => name.to_uppercase(),
            false => name.clone(),
        },
        _ if ty.name == "PgLsn" => "PG_LSN".to_owned(),
        _ => ty.name.to_uppercase(),
    };
    if let Some(length) = column.max_length {
        out.push_str(&format!("({length})"));
    }
    if ty.is_array {
        out.push_str("[]");
    }
    if ty.is_unsigned {
        out.push_str(" UNSIGNED");
    }
    if !column.nullable {
        out.push_str(" NOT NULL");
    }
    out
}

/// The declared columns among `columns` whose types are records, with those types.
fn records<'a>(
    declared: &'a DeclaredTable,
    columns: impl IntoIterator<Item = &'a Column>,
) -> Vec<(&'a str, &'a DeclaredType)> {
    columns
        .into_iter()
        .filter_map(|c| Some((c.name.as_str(), declared.type_of(c)?)))
        .filter(|(_, ty)| ty.record.is_some())
        .collect()
}

fn create_table(
    name: &str,
    columns: &[Column],
    declared: Option<&DeclaredTable>,
    primary_key: &[String],
    foreign_keys: &[(String, String, String)],
    quote: Quote,
    bigint_rowid: bool,
) -> String {
    let mut lines: Vec<String> = Vec::new();
    let single_key = match primary_key {
        [key] => Some(key.as_str()),
        _ => None,
    };
    for column in columns {
        let is_key = single_key.is_some_and(|k| k.eq_ignore_ascii_case(&column.name));
        let mut ty = column_type(column, declared.and_then(|d| d.type_of(column)), quote);
        if is_key && bigint_rowid && column.sql_type.name.eq_ignore_ascii_case("BigInt") {
            ty = ty.replacen("BIGINT", "INTEGER", 1);
        }
        let key = if is_key { " PRIMARY KEY" } else { "" };
        lines.push(format!("\t{} {ty}{key}", quote.ident(&column.name)));
    }
    if primary_key.len() > 1 {
        let keys: Vec<String> = primary_key.iter().map(|k| quote.ident(k)).collect();
        lines.push(format!("\tPRIMARY KEY({})", keys.join(", ")));
    }
    for (column, parent, parent_column) in foreign_keys {
        lines.push(format!(
            "\tFOREIGN KEY ({}) REFERENCES {}({})",
            quote.ident(column),
            quote.ident(parent),
            quote.ident(parent_column)
        ));
    }
    format!(
        "CREATE TABLE {}(\n{}\n);\n",
        quote.ident(name),
        lines.join(",\n")
    )
}

/// Like diesel_cli's, the only statement not followed by a blank line.
fn drop_table(name: &str, quote: Quote) -> String {
    format!("DROP TABLE IF EXISTS {};", quote.ident(name))
}

fn add_column(
    table: &str,
    column: &Column,
    declared: Option<&DeclaredType>,
    quote: Quote,
) -> String {
    format!(
        "ALTER TABLE {} ADD COLUMN {} {};\n",
        quote.ident(table),
        quote.ident(&column.name),
        column_type(column, declared, quote)
    )
}

fn drop_column(table: &str, column: &Column, quote: Quote) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {};\n",
        quote.ident(table),
        quote.ident(&column.name)
    )
}

pub(super) fn up(change: &Change<'_>, quote: Quote, bigint_rowid: bool) -> String {
    match change {
        Change::Create {
            table,
            foreign_keys,
        } => {
            let mut out = create_records(&records(table, &table.columns), quote);
            out.push_str(&create_table(
                &table.name.name,
                &table.columns,
                Some(table),
                &table.primary_key,
                foreign_keys,
                quote,
                bigint_rowid,
            ));
            out
        }
        Change::Drop { table, .. } => drop_table(&table.name.name, quote),
        Change::Alter {
            table,
            declared,
            added,
            removed,
            changed,
        } => {
            let mut out = String::new();
            for column in removed.iter().chain(changed.iter().map(|(old, _)| old)) {
                out.push_str(&drop_column(table, column, quote));
            }
            out.push_str(&create_records(
                &records(declared, added.iter().copied()),
                quote,
            ));
            for column in added.iter().chain(changed.iter().map(|(_, new)| new)) {
                out.push_str(&add_column(table, column, declared.type_of(column), quote));
            }
            out
        }
    }
}

pub(super) fn down(change: &Change<'_>, quote: Quote, bigint_rowid: bool) -> String {
    match change {
        Change::Create { table, .. } => {
            let mut out = drop_table(&table.name.name, quote);
            out.push_str(&drop_records(&records(table, &table.columns), quote));
            out
        }
        Change::Drop {
            table,
            foreign_keys,
        } => create_table(
            &table.name.name,
            &table.columns,
            None,
            &table.primary_key,
            foreign_keys,
            quote,
            bigint_rowid,
        ),
        Change::Alter {
            table,
            declared,
            added,
            removed,
            changed,
        } => {
            let mut out = String::new();
            for column in added.iter().chain(changed.iter().map(|(_, new)| new)) {
                out.push_str(&drop_column(table, column, quote));
            }
            out.push_str(&drop_records(
                &records(declared, added.iter().copied()),
                quote,
            ));
            for column in removed.iter().chain(changed.iter().map(|(old, _)| old)) {
                out.push_str(&add_column(table, column, None, quote));
            }
            out
        }
    }
}
