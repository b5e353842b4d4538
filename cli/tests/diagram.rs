//! `strata schema diagram`: the live database as Mermaid, DOT or SVG, on every backend, and
//! the README's picture of the example app kept current.

#[macro_use]
mod support;

use support::{Project, TestBackend};

fn blog(backend: TestBackend) -> Project {
    let project = Project::on(backend);
    project
        .migration(
            "2024-01-01-000000_create_users",
            "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(50) NOT NULL, email VARCHAR(80));",
            Some("DROP TABLE users;"),
        )
        .migration(
            "2024-01-02-000000_create_posts",
            "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY NOT NULL,\n  author_id INTEGER NOT NULL REFERENCES users (id),\n  editor_id INTEGER REFERENCES users (id)\n);",
            Some("DROP TABLE posts;"),
        );
    project.strata(&["migration", "run"]).ok();
    project
}

fn mermaid_names_tables_columns_keys_and_relations(backend: TestBackend) {
    let project = blog(backend);
    let (int, text) = match backend {
        TestBackend::Sqlite => ("Integer", "Text"),
        TestBackend::Postgres => ("Int4", "Varchar"),
        TestBackend::Mysql => ("Integer", "Varchar"),
    };
    let text_type = if backend == TestBackend::Sqlite {
        "Text"
    } else {
        text
    };
    let expected = format!(
        "erDiagram
    posts {{
        {int} id PK
        {int} author_id FK
        {int} editor_id FK \"null\"
    }}
    users {{
        {int} id PK
        {text_type} name
        {text_type} email \"null\"
    }}

    users ||--o{{ posts : \"author_id\"
    users |o--o{{ posts : \"editor_id\"
"
    );
    let run = project.strata(&["schema", "diagram"]);
    assert_eq!(run.ok(), expected, "{backend:?}");
}

per_backend!(mermaid_names_tables_columns_keys_and_relations:
    mermaid_names_tables_columns_keys_and_relations_sqlite => Sqlite,
    mermaid_names_tables_columns_keys_and_relations_postgres => Postgres,
    mermaid_names_tables_columns_keys_and_relations_mysql => Mysql,
);

/// The diagram pictures the database, views included, without `include_views`: a view is
/// drawn like a table, titled `(view)`, with no keys.
fn views_are_drawn_and_marked_as_views(backend: TestBackend) {
    let project = blog(backend);
    project.sql("CREATE VIEW named_users AS SELECT id, name FROM users;");
    let int = match backend {
        TestBackend::Postgres => "Int4",
        _ => "Integer",
    };
    let name = match backend {
        TestBackend::Sqlite => "Text",
        _ => "Varchar",
    };
    // SQLite and PostgreSQL report a view's columns as nullable; MySQL keeps NOT NULL.
    let null = match backend {
        TestBackend::Mysql => "",
        _ => " \"null\"",
    };
    let mermaid = project.strata(&["schema", "diagram"]);
    assert!(
        mermaid.ok().contains(&format!(
            "    named_users[\"named_users (view)\"] {{\n        {int} id{null}\n        \
             {name} name{null}\n    }}\n"
        )),
        "{backend:?}: {}",
        mermaid.ok()
    );
    let svg = project.strata(&["schema", "diagram", "--format", "svg"]);
    assert!(
        svg.ok().contains(">named_users (view)</text>"),
        "{}",
        svg.ok()
    );
    // schema.rs still leaves the view out without the key.
    let printed = project.strata(&["print-schema"]);
    assert!(!printed.ok().contains("named_users"), "{}", printed.ok());
}

per_backend!(views_are_drawn_and_marked_as_views:
    views_are_drawn_and_marked_as_views_sqlite => Sqlite,
    views_are_drawn_and_marked_as_views_postgres => Postgres,
    views_are_drawn_and_marked_as_views_mysql => Mysql,
);

fn dot_and_svg_draw_the_same_schema(backend: TestBackend) {
    let project = blog(backend);
    let dot = project.strata(&["schema", "diagram", "--format", "dot"]);
    let dot = dot.ok();
    assert!(dot.starts_with("digraph schema {\n"), "{dot}");
    assert!(
        dot.contains("\"posts\":\"author_id\":e -> \"users\":\"id\":w"),
        "{backend:?}: {dot}"
    );
    assert!(
        dot.contains("\"posts\":\"editor_id\":e -> \"users\":\"id\":w [style=dashed]"),
        "{backend:?}: {dot}"
    );

    let svg = project.strata(&["schema", "diagram", "--format", "svg"]);
    let svg = svg.ok();
    assert!(
        svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"),
        "{svg}"
    );
    for name in ["users", "posts", "author_id", "editor_id", "email"] {
        assert!(
            svg.contains(&format!(">{name}<")),
            "{backend:?}: no {name} in {svg}"
        );
    }
    // One drawn edge per foreign key.
    assert_eq!(svg.matches("marker-end=").count(), 2, "{backend:?}: {svg}");
    assert_eq!(
        svg.matches("stroke-dasharray").count(),
        1,
        "the nullable one: {svg}"
    );
}

per_backend!(dot_and_svg_draw_the_same_schema:
    dot_and_svg_draw_the_same_schema_sqlite => Sqlite,
    dot_and_svg_draw_the_same_schema_postgres => Postgres,
    dot_and_svg_draw_the_same_schema_mysql => Mysql,
);

#[test]
fn the_readme_diagram_is_the_example_apps_schema() {
    let project = Project::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let migrations = root.join("migrations").display().to_string();
    project
        .strata(&["migration", "run", "--migration-dir", &migrations])
        .ok();
    let svg = project.strata(&["schema", "diagram", "--format", "svg"]);
    let committed = std::fs::read_to_string(root.join("docs/example-schema.svg")).unwrap();
    assert_eq!(
        svg.ok(),
        committed,
        "docs/example-schema.svg is stale: regenerate it with `strata schema diagram --format svg > docs/example-schema.svg` on a database migrated from migrations/"
    );
}
