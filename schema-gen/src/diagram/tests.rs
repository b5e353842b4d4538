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

fn first_difference<'t>(expected: &'t str, actual: &'t str) -> Option<(usize, &'t str, &'t str)> {
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
