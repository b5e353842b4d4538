//! Entity-relationship diagrams of a schema, as Mermaid, Graphviz DOT or standalone SVG.
//!
//! The model here is deliberately smaller than a schema snapshot: tables with their
//! columns, and foreign keys between them. The caller fills it; the renderers are pure
//! functions of it, so the same input always gives byte-identical output (tables and
//! relations appear in the order given), which keeps generated diagrams diff-friendly
//! when they are committed next to the migrations.
//!
//! Mermaid and DOT are text for other tools to lay out. SVG is laid out here, without
//! Graphviz, so `strata` can produce a picture with nothing else installed.

mod dot;
mod mermaid;
mod svg;

use std::collections::{HashMap, HashSet};

/// Tables and the foreign keys between them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagram {
    pub tables: Vec<Table>,
    pub relations: Vec<Relation>,
}

/// One table (or view) and its columns, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub name: String,
    pub columns: Vec<Column>,
    /// A view is drawn like a table, its title marked `(view)`.
    pub is_view: bool,
}

impl Table {
    /// The title every format shows: the name, and `(view)` after a view's.
    fn title(&self) -> String {
        if self.is_view {
            format!("{} (view)", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// One column; `sql_type` is shown as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub sql_type: String,
    pub primary_key: bool,
    pub nullable: bool,
}

/// A foreign key: `from_table(from_columns)` references `to_table(to_columns)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    pub from_table: String,
    pub from_columns: Vec<String>,
    pub to_table: String,
    pub to_columns: Vec<String>,
}

/// The output formats of [`render`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Mermaid `erDiagram`, for Markdown renderers (GitHub, GitLab, mdBook plugins).
    Mermaid,
    /// Graphviz DOT with HTML-like table labels, for `dot -Tsvg` and friends.
    Dot,
    /// A standalone SVG image, laid out by strata itself.
    Svg,
}

/// Renders `diagram` in `format`. The text ends with a newline.
pub fn render(diagram: &Diagram, format: Format) -> String {
    let index = Index::new(diagram);
    match format {
        Format::Mermaid => mermaid::render(&index),
        Format::Dot => dot::render(&index),
        Format::Svg => svg::render(&index),
    }
}

/// The header background of a table, shared by DOT and SVG so both look alike.
const HEADER_FILL: &str = "#dfe6f0";

/// Lookups every renderer needs, built once per render so that marking keys and finding
/// tables stays linear in the size of the diagram.
#[derive(Debug)]
struct Index<'a> {
    diagram: &'a Diagram,
    /// The first table of each name: a diagram with duplicate names draws relations to
    /// the first one, rather than failing.
    tables: HashMap<&'a str, usize>,
    /// `(table, column)` pairs that take part in a foreign key as the referencing side.
    foreign: HashSet<(&'a str, &'a str)>,
}

impl<'a> Index<'a> {
    fn new(diagram: &'a Diagram) -> Self {
        let mut tables = HashMap::new();
        for (position, table) in diagram.tables.iter().enumerate() {
            tables.entry(table.name.as_str()).or_insert(position);
        }
        let foreign = diagram
            .relations
            .iter()
            .flat_map(|relation| {
                let table = relation.from_table.as_str();
                relation
                    .from_columns
                    .iter()
                    .map(move |column| (table, column.as_str()))
            })
            .collect();
        Index {
            diagram,
            tables,
            foreign,
        }
    }

    /// The position of the table named `name` in [`Diagram::tables`].
    fn position(&self, name: &str) -> Option<usize> {
        self.tables.get(name).copied()
    }

    fn table(&self, name: &str) -> Option<&'a Table> {
        self.position(name)
            .map(|position| &self.diagram.tables[position])
    }

    /// `PK`, `FK`, `PK, FK` or nothing: the same marker text in every format.
    fn key_label(&self, table: &Table, column: &Column) -> &'static str {
        let foreign = self
            .foreign
            .contains(&(table.name.as_str(), column.name.as_str()));
        match (column.primary_key, foreign) {
            (true, true) => "PK, FK",
            (true, false) => "PK",
            (false, true) => "FK",
            (false, false) => "",
        }
    }

    /// Whether a row of `from_table` may exist without a parent, i.e. any referencing
    /// column is nullable. Unknown tables and columns count as not nullable.
    fn is_optional(&self, relation: &Relation) -> bool {
        let Some(table) = self.table(&relation.from_table) else {
            return false;
        };
        relation.from_columns.iter().any(|name| {
            table
                .columns
                .iter()
                .any(|column| &column.name == name && column.nullable)
        })
    }
}

/// The type as DOT and SVG rows show it: a `?` suffix marks a nullable column, the way
/// Rust's `Option` does, without spending a column on it.
fn shown_type(column: &Column) -> String {
    if column.nullable {
        format!("{}?", column.sql_type)
    } else {
        column.sql_type.clone()
    }
}

/// The widest name, shown type and key marker of a table, in characters. DOT and SVG
/// both set rows in a monospace font and align the three fields on these widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FieldWidths {
    name: usize,
    ty: usize,
    keys: usize,
}

impl FieldWidths {
    /// Spaces between two fields of a row.
    const GAP: usize = 2;

    fn of(index: &Index, table: &Table) -> Self {
        let widest =
            |field: &dyn Fn(&Column) -> usize| table.columns.iter().map(field).max().unwrap_or(0);
        FieldWidths {
            name: widest(&|column| column.name.chars().count()),
            ty: widest(&|column| shown_type(column).chars().count()),
            keys: widest(&|column| index.key_label(table, column).len()),
        }
    }

    /// The length of the longest row; the key field only counts when some column has one.
    fn row(&self) -> usize {
        let keys = if self.keys > 0 {
            Self::GAP + self.keys
        } else {
            0
        };
        self.name + Self::GAP + self.ty + keys
    }
}

/// Where `column` sits among `table`'s columns, for ports and row anchors.
fn column_position(table: &Table, column: &str) -> Option<usize> {
    table.columns.iter().position(|c| c.name == column)
}

/// Escapes text for XML content and attribute values (SVG text, DOT HTML labels).
/// Control characters XML 1.0 forbids become U+FFFD, so odd names cannot make the
/// document unparsable.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
