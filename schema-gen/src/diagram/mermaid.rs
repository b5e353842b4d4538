//! Mermaid `erDiagram` text.
//!
//! Mermaid's ER grammar is narrow: attribute types and names are single words, entity
//! names are bare words or double-quoted strings without `"`, `%` or `\`, and a few bare
//! words are keywords. SQL names and types are mapped into that grammar here, losing a
//! little fidelity (`varchar(50)` shows as `varchar_50_`) rather than producing a diagram
//! Mermaid refuses to draw.

use super::{Index, Relation, Table};

const INDENT: &str = "    ";

/// Bare words the Mermaid lexer (case-insensitively) takes for keywords, so a table with
/// one of these names must be quoted.
const KEYWORDS: [&str; 9] = [
    "class",
    "classdef",
    "end",
    "erdiagram",
    "many",
    "one",
    "style",
    "subgraph",
    "to",
];

pub(super) fn render(index: &Index) -> String {
    let mut out = String::from("erDiagram\n");
    for table in &index.diagram.tables {
        entity_block(&mut out, index, table);
    }
    if !index.diagram.tables.is_empty() && !index.diagram.relations.is_empty() {
        out.push('\n');
    }
    for relation in &index.diagram.relations {
        relationship_line(&mut out, index, relation);
    }
    out
}

/// `name {` + one `type name KEYS "comment"` line per column + `}`; a table without
/// columns is just its name (an empty block is legal, but noise). A view's name carries
/// the alias `["name (view)"]`, which Mermaid shows instead of the name.
fn entity_block(out: &mut String, index: &Index, table: &Table) {
    let mut name = entity(&table.name);
    if table.is_view {
        name.push('[');
        name.push_str(&quoted(&table.title()));
        name.push(']');
    }
    if table.columns.is_empty() {
        out.push_str(&format!("{INDENT}{name}\n"));
        return;
    }
    out.push_str(&format!("{INDENT}{name} {{\n"));
    for column in &table.columns {
        let mut line = format!(
            "{INDENT}{INDENT}{} {}",
            word(&column.sql_type),
            word(&column.name)
        );
        let keys = index.key_label(table, column);
        if !keys.is_empty() {
            line.push(' ');
            line.push_str(keys);
        }
        if column.nullable {
            line.push_str(" \"null\"");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&format!("{INDENT}}}\n"));
}

/// `parent ||--o{ child : "columns"`: each child row has exactly one parent, or zero or
/// one (`|o`) when a referencing column is nullable.
fn relationship_line(out: &mut String, index: &Index, relation: &Relation) {
    let parent_side = if index.is_optional(relation) {
        "|o"
    } else {
        "||"
    };
    let label = relation.from_columns.join(", ").replace('"', "'");
    out.push_str(&format!(
        "{INDENT}{} {parent_side}--o{{ {} : \"{label}\"\n",
        entity(&relation.to_table),
        entity(&relation.from_table),
    ));
}

/// A table name as a Mermaid entity name: bare when it is a plain identifier and not a
/// keyword, else quoted, with the characters a quoted name cannot hold replaced.
pub(super) fn entity(name: &str) -> String {
    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name.to_ascii_lowercase().as_str());
    if plain {
        return name.to_string();
    }
    quoted(name)
}

/// A name as a double-quoted Mermaid string, with the characters one cannot hold replaced.
fn quoted(name: &str) -> String {
    let quoted: String = name
        .chars()
        .map(|c| match c {
            '"' => '\'',
            '%' | '\\' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if quoted.is_empty() {
        "\"_\"".to_string()
    } else {
        format!("\"{quoted}\"")
    }
}

/// A column name or SQL type as one Mermaid attribute word: each run of characters other
/// than ASCII letters, digits and `_` becomes one `_` (`numeric(10, 2)` ->
/// `numeric_10_2_`); a leading digit gets a `_` prefix (words must start with a letter or
/// `_`); and `PK`/`FK`/`UK` alone get a `_` suffix, since the lexer would read them as
/// key markers.
pub(super) fn word(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut replacing = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
            replacing = false;
        } else if !replacing {
            out.push('_');
            replacing = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if ["pk", "fk", "uk"].contains(&out.to_ascii_lowercase().as_str()) {
        out.push('_');
    }
    out
}
