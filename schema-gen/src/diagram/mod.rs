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
mod tests {
    use super::*;

    fn column(name: &str, sql_type: &str) -> Column {
        Column {
            name: name.to_string(),
            sql_type: sql_type.to_string(),
            primary_key: false,
            nullable: false,
        }
    }

    fn pk(name: &str, sql_type: &str) -> Column {
        Column {
            primary_key: true,
            ..column(name, sql_type)
        }
    }

    fn nullable(name: &str, sql_type: &str) -> Column {
        Column {
            nullable: true,
            ..column(name, sql_type)
        }
    }

    fn table(name: &str, columns: Vec<Column>) -> Table {
        Table {
            name: name.to_string(),
            columns,
            is_view: false,
        }
    }

    fn view(name: &str, columns: Vec<Column>) -> Table {
        Table {
            is_view: true,
            ..table(name, columns)
        }
    }

    fn fk(from_table: &str, from: &[&str], to_table: &str, to: &[&str]) -> Relation {
        Relation {
            from_table: from_table.to_string(),
            from_columns: from.iter().map(|c| c.to_string()).collect(),
            to_table: to_table.to_string(),
            to_columns: to.iter().map(|c| c.to_string()).collect(),
        }
    }

    /// Covers the interesting cases in one picture: chains three deep, a nullable FK, a
    /// self-reference, a table nothing references, a composite primary key, a column that
    /// is both PK and FK, names and types that need escaping or sanitizing, and a view.
    fn blog() -> Diagram {
        Diagram {
            tables: vec![
                table(
                    "users",
                    vec![
                        pk("id", "integer"),
                        column("name", "text"),
                        nullable("email", "varchar(50)"),
                    ],
                ),
                table(
                    "posts",
                    vec![
                        pk("id", "integer"),
                        column("user_id", "integer"),
                        column("title", "text"),
                    ],
                ),
                table(
                    "comments",
                    vec![
                        pk("id", "integer"),
                        column("post_id", "integer"),
                        nullable("author_id", "integer"),
                        nullable("parent_id", "integer"),
                        column("body", "text"),
                    ],
                ),
                table("tags", vec![pk("id", "integer"), column("label", "text")]),
                table(
                    "order items",
                    vec![
                        pk("tag_id", "integer"),
                        pk("line_no", "smallint"),
                        column("price", "numeric(10, 2)"),
                        nullable("placed_at", "timestamp with time zone"),
                        nullable("note", "text & <more>"),
                    ],
                ),
                view(
                    "post counts",
                    vec![nullable("user_id", "integer"), nullable("posts", "bigint")],
                ),
            ],
            relations: vec![
                fk("posts", &["user_id"], "users", &["id"]),
                fk("comments", &["post_id"], "posts", &["id"]),
                fk("comments", &["author_id"], "users", &["id"]),
                fk("comments", &["parent_id"], "comments", &["id"]),
                fk("order items", &["tag_id"], "tags", &["id"]),
            ],
        }
    }

    /// Two tables that reference each other.
    fn cycle() -> Diagram {
        Diagram {
            tables: vec![
                table("a", vec![pk("id", "integer"), column("b_id", "integer")]),
                table("b", vec![pk("id", "integer"), column("a_id", "integer")]),
            ],
            relations: vec![
                fk("a", &["b_id"], "b", &["id"]),
                fk("b", &["a_id"], "a", &["id"]),
            ],
        }
    }

    /// Compares with the committed snapshot, or rewrites it when `UPDATE_SNAPSHOTS=1`
    /// (then rerun the tests: `include_str!` saw the old file at compile time).
    fn assert_snapshot(file: &str, expected: &str, actual: &str) {
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|value| value == "1") {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("src/diagram/snapshots")
                .join(file);
            std::fs::write(&path, actual).expect("write snapshot");
            return;
        }
        if let Some((line, want, got)) = first_difference(expected, actual) {
            panic!(
                "{file} differs at line {line}:\n  snapshot: {want}\n  rendered: {got}\n\
                 rerun with UPDATE_SNAPSHOTS=1 to accept the new output"
            );
        }
    }

    fn first_difference<'t>(
        expected: &'t str,
        actual: &'t str,
    ) -> Option<(usize, &'t str, &'t str)> {
        if expected == actual {
            return None;
        }
        let mut want = expected.split('\n');
        let mut got = actual.split('\n');
        for line in 1.. {
            match (want.next(), got.next()) {
                (Some(a), Some(b)) if a == b => continue,
                (a, b) => return Some((line, a.unwrap_or("<end>"), b.unwrap_or("<end>"))),
            }
        }
        unreachable!("the strings differ, so some line does")
    }

    /// A minimal well-formedness check (balanced, properly nested tags; no stray `<` or
    /// `&`), enough to catch escaping mistakes without an XML parser dependency.
    fn assert_well_formed(xml: &str) {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert_entities(text);
            let end = rest[start..].find('>').expect("unclosed tag") + start;
            let tag = &rest[start + 1..end];
            assert!(!tag.contains('<'), "`<` inside tag {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "mismatched closing tag");
            } else if !tag.starts_with('?') && !tag.ends_with('/') {
                open.push(tag.split_whitespace().next().expect("tag name"));
            }
            rest = &rest[end + 1..];
        }
        assert_entities(rest);
        assert!(open.is_empty(), "unclosed elements {open:?}");
    }

    fn assert_entities(text: &str) {
        assert!(!text.contains('>'), "raw `>` in text {text:?}");
        for (at, _) in text.match_indices('&') {
            let entity = &text[at..text[at..].find(';').map_or(text.len(), |e| at + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].contains(&entity),
                "bad entity {entity:?}"
            );
        }
    }

    /// The HTML-like labels of a DOT file, which Graphviz parses as XML.
    fn dot_labels(dot: &str) -> Vec<&str> {
        dot.split("label=<")
            .skip(1)
            .map(|rest| &rest[..rest.find(">];").expect("label end")])
            .collect()
    }

    #[test]
    fn blog_mermaid_matches_snapshot() {
        let actual = render(&blog(), Format::Mermaid);
        assert_snapshot("blog.mmd", include_str!("snapshots/blog.mmd"), &actual);
    }

    #[test]
    fn blog_dot_matches_snapshot() {
        let actual = render(&blog(), Format::Dot);
        for label in dot_labels(&actual) {
            assert_well_formed(label);
        }
        assert_snapshot("blog.dot", include_str!("snapshots/blog.dot"), &actual);
    }

    #[test]
    fn blog_svg_matches_snapshot() {
        let actual = render(&blog(), Format::Svg);
        assert_well_formed(&actual);
        assert_snapshot("blog.svg", include_str!("snapshots/blog.svg"), &actual);
    }

    #[test]
    fn empty_diagram_renders_valid_output() {
        let empty = Diagram::default();
        assert_eq!(render(&empty, Format::Mermaid), "erDiagram\n");
        assert_eq!(
            render(&empty, Format::Dot),
            "digraph schema {\n    rankdir=LR;\n    node [shape=plaintext];\n}\n"
        );
        let svg = render(&empty, Format::Svg);
        assert_well_formed(&svg);
        assert!(svg.contains(r#"width="40" height="40" viewBox="0 0 40 40""#));
    }

    #[test]
    fn layering_puts_referenced_tables_to_the_left() {
        let diagram = blog();
        let layers = svg::layers(&Index::new(&diagram));
        // users, posts, comments, tags, order items, post counts (a view: no keys)
        assert_eq!(layers, vec![0, 1, 2, 0, 1, 0]);
    }

    #[test]
    fn a_view_is_marked_in_every_format() {
        let diagram = blog();
        assert!(render(&diagram, Format::Mermaid)
            .contains("    \"post counts\"[\"post counts (view)\"] {\n"));
        assert!(render(&diagram, Format::Dot).contains("<b>post counts (view)</b>"));
        let svg = render(&diagram, Format::Svg);
        assert!(svg.contains(">post counts (view)</text>"));
        assert_eq!(svg.matches("stroke-dasharray=\"4 3\"/>").count(), 1);
    }

    #[test]
    fn blog_boxes_do_not_overlap() {
        let diagram = blog();
        let boxes = svg::place(&Index::new(&diagram));
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a.x + a.width <= b.x
                    || b.x + b.width <= a.x
                    || a.y + a.height <= b.y
                    || b.y + b.height <= a.y;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn reference_cycle_terminates() {
        let diagram = cycle();
        let layers = svg::layers(&Index::new(&diagram));
        assert_eq!(layers, vec![1, 0], "the back edge b -> a is ignored");
        for format in [Format::Mermaid, Format::Dot, Format::Svg] {
            assert!(render(&diagram, format).contains("b_id"));
        }
    }

    #[test]
    fn mermaid_words_are_single_attribute_tokens() {
        assert_eq!(mermaid::word("varchar(50)"), "varchar_50_");
        assert_eq!(
            mermaid::word("timestamp with time zone"),
            "timestamp_with_time_zone"
        );
        assert_eq!(mermaid::word("numeric(10, 2)"), "numeric_10_2_");
        assert_eq!(mermaid::word("2fa"), "_2fa");
        assert_eq!(mermaid::word("pk"), "pk_", "PK alone would parse as a key");
        assert_eq!(mermaid::word(""), "_");
    }

    #[test]
    fn mermaid_quotes_names_that_are_not_plain_identifiers() {
        assert_eq!(mermaid::entity("users"), "users");
        assert_eq!(mermaid::entity("order items"), "\"order items\"");
        assert_eq!(mermaid::entity("style"), "\"style\"", "a Mermaid keyword");
        assert_eq!(mermaid::entity("50%\"off\""), "\"50_'off'\"");
    }

    #[test]
    fn relations_to_unknown_tables_are_kept_in_text_and_skipped_in_svg() {
        let mut diagram = blog();
        diagram
            .relations
            .push(fk("posts", &["title"], "missing", &["id"]));
        assert!(render(&diagram, Format::Mermaid).contains("missing ||--o{ posts"));
        assert!(render(&diagram, Format::Dot).contains("\"posts\":\"title\":e -> \"missing\";"));
        let svg = render(&diagram, Format::Svg);
        assert_eq!(svg.matches("marker-start=").count(), blog().relations.len());
    }

    #[test]
    fn dot_handles_awkward_names() {
        let diagram = Diagram {
            tables: vec![
                table("", vec![]),
                table(r#"a\"b\"#, vec![column(r"c\", "text")]),
            ],
            relations: vec![fk(r#"a\"b\"#, &[r"c\"], r#"a\"b\"#, &[r"c\"])],
        };
        let dot = render(&diagram, Format::Dot);
        assert!(!dot.contains("<b></b>"), "Graphviz rejects an empty <b>");
        // The edge's port ID and the label's port attribute name the same port.
        assert!(dot.contains(r#"<td port="c\\" "#));
        assert!(dot.contains(r#""a\\\"b\\":"c\\":w -> "a\\\"b\\":"c\\":w"#));
        for label in dot_labels(&dot) {
            assert_well_formed(label);
        }
    }
}
