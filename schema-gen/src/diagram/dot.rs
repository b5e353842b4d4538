//! Graphviz DOT: one plaintext node per table whose HTML-like label is the table itself,
//! and one edge per foreign key, from the referencing column's row to the referenced
//! column's row.
//!
//! Each column row is a single cell holding `name  type  keys`, aligned with spaces in a
//! monospace font, and that cell is the port named after the column. One cell per row
//! (rather than one per field) is what lets an edge attach to the row's outer edges: a
//! port covers one cell only, so with separate cells an edge would have to cross the
//! type and key cells to reach the name's port. With `rankdir=LR` referencing tables sit
//! left of the tables they reference, so edges leave a row on its east side and enter a
//! row on its west side.
//!
//! Node and port IDs are the names themselves, double-quoted, so the file stays readable
//! and other tooling can address `"posts":"user_id"`; the visible text lives only in the
//! HTML labels, where it is XML-escaped.

use super::{
    column_position, shown_type, xml_escape, FieldWidths, Index, Relation, Table, HEADER_FILL,
};

const INDENT: &str = "    ";
/// Indentation of the `<table>` element inside a label.
const LABEL_INDENT: &str = "        ";
/// Indentation of the `<tr>` rows inside a label.
const ROW_INDENT: &str = "            ";

pub(super) fn render(index: &Index) -> String {
    let mut out = String::from("digraph schema {\n");
    out.push_str(&format!("{INDENT}rankdir=LR;\n"));
    out.push_str(&format!("{INDENT}node [shape=plaintext];\n"));
    for table in &index.diagram.tables {
        out.push('\n');
        node(&mut out, index, table);
    }
    if !index.diagram.relations.is_empty() {
        out.push('\n');
    }
    for relation in &index.diagram.relations {
        edge(&mut out, index, relation);
    }
    out.push_str("}\n");
    out
}

/// A table node: a header row with the name, then one row per column.
fn node(out: &mut String, index: &Index, table: &Table) {
    out.push_str(&format!(
        "{INDENT}{} [label=<<font face=\"monospace\">\n",
        id(&table.name)
    ));
    out.push_str(&format!(
        "{LABEL_INDENT}<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n"
    ));
    // Graphviz rejects an empty `<b></b>`, so a nameless table gets a plain empty cell.
    let header = if table.name.is_empty() {
        String::new()
    } else {
        format!("<b>{}</b>", xml_escape(&table.title()))
    };
    out.push_str(&format!(
        "{ROW_INDENT}<tr><td bgcolor=\"{HEADER_FILL}\" align=\"left\">{header}</td></tr>\n"
    ));
    let fields = FieldWidths::of(index, table);
    let gap = " ".repeat(FieldWidths::GAP);
    for column in &table.columns {
        let text = format!(
            "{:name$}{gap}{:ty$}{gap}{}",
            column.name,
            shown_type(column),
            index.key_label(table, column),
            name = fields.name,
            ty = fields.ty,
        );
        // Graphviz keeps `\\` in a quoted ID as two characters, so the port doubles
        // backslashes as `id` does, or an edge to this column would miss its port.
        out.push_str(&format!(
            "{ROW_INDENT}<tr><td port=\"{}\" align=\"left\">{}</td></tr>\n",
            xml_escape(&column.name.replace('\\', "\\\\")),
            xml_escape(text.trim_end()),
        ));
    }
    out.push_str(&format!("{LABEL_INDENT}</table>\n"));
    out.push_str(&format!("{INDENT}</font>>];\n"));
}

/// `"child":"fk":e -> "parent":"pk":w`, dashed when the child may have no parent. A
/// self-reference goes west to west: Graphviz then loops it on the table's free left
/// side, where east to east would cut through the tables to its right. A composite key
/// is drawn from its first column to the first referenced column; the port is left out
/// when its table or column is not in the diagram, so Graphviz does not warn.
fn edge(out: &mut String, index: &Index, relation: &Relation) {
    let tail_side = if relation.from_table == relation.to_table {
        "w"
    } else {
        "e"
    };
    let from = endpoint(
        index,
        &relation.from_table,
        relation.from_columns.first(),
        tail_side,
    );
    let to = endpoint(index, &relation.to_table, relation.to_columns.first(), "w");
    let style = if index.is_optional(relation) {
        " [style=dashed]"
    } else {
        ""
    };
    out.push_str(&format!("{INDENT}{from} -> {to}{style};\n"));
}

/// `"table":"column":side`, or just `"table"` when the row is not in the diagram.
fn endpoint(index: &Index, table: &str, column: Option<&String>, side: &str) -> String {
    let port = column.filter(|column| {
        index
            .table(table)
            .is_some_and(|t| column_position(t, column).is_some())
    });
    match port {
        Some(column) => format!("{}:{}:{side}", id(table), id(column)),
        None => id(table),
    }
}

/// A double-quoted DOT ID. Backslashes are doubled as well as quotes escaped, so a name
/// ending in `\` cannot escape the closing quote.
fn id(name: &str) -> String {
    let escaped = name.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}
