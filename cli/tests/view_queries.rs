//! A view printed with `include_views` is queryable from typed code: on each backend, a small
//! program built against diesel 2.4 includes the schema.rs strata prints for a real database
//! and selects from the view through it.
//!
//! Each backend's program is a crate under `target/view-queries/<backend>`, built in diesel
//! 2.4's shared target directory (`support::scratch`), so later runs rebuild only the crate.

#[macro_use]
mod support;

use support::scratch::{self, workspace_root, DieselLine};
use support::{Project, TestBackend};

/// Two tables and a view joining them, in SQL all three backends accept.
const SCHEMA: &str = "\
CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(50) NOT NULL);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL,
    title VARCHAR(100) NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE VIEW post_authors AS
    SELECT p.id AS post_id, p.title, u.name AS author
    FROM posts AS p JOIN users AS u ON u.id = p.user_id;
INSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob');
INSERT INTO posts (id, user_id, title) VALUES (10, 1, 'Views'), (11, 2, 'Joins'), (12, 1, 'Keys');
";

/// The program: a typed select from the view, filtered and ordered by its columns, and a
/// count, printed one row a line. `{row}` is the Rust type of a row, which follows the
/// nullability each backend reports for the view's columns.
const MAIN_RS: &str = "\
mod schema;

use diesel::prelude::*;
use schema::post_authors;

fn main() {
    let url = std::env::args().nth(1).expect(\"a database URL\");
    let mut conn = {connection}::establish(&url).expect(\"connect\");
    let rows: Vec<{row}> = post_authors::table
        .select((post_authors::post_id, post_authors::title, post_authors::author))
        .filter(post_authors::author.eq(\"ann\"))
        .order(post_authors::post_id)
        .load(&mut conn)
        .expect(\"select from the view\");
    for row in rows {
        println!(\"{:?}\", row);
    }
    let count: i64 = post_authors::table
        .count()
        .get_result(&mut conn)
        .expect(\"count the view\");
    println!(\"{count} rows\");
}
";

per_backend! {
    selects_from_a_view_through_the_printed_schema:
        sqlite_selects_from_a_view_through_the_printed_schema => Sqlite,
        postgres_selects_from_a_view_through_the_printed_schema => Postgres,
        mysql_selects_from_a_view_through_the_printed_schema => Mysql,
}

fn selects_from_a_view_through_the_printed_schema(backend: TestBackend) {
    let project = Project::on(backend);
    project.sql(SCHEMA);
    let schema_rs = project.strata(&["print-schema", "--include-views"]);
    let schema_rs = schema_rs.ok().to_owned();

    // SQLite and PostgreSQL report every view column as nullable; MySQL carries the NOT
    // NULL of the columns the view shows.
    let (connection, row, view, expected) = match backend {
        TestBackend::Sqlite => (
            "diesel::SqliteConnection",
            "(Option<i32>, Option<String>, Option<String>)",
            "diesel::view! {\n    post_authors {\n        post_id -> Nullable<Integer>,\n        \
             title -> Nullable<Text>,\n        author -> Nullable<Text>,\n    }\n}",
            "(Some(10), Some(\"Views\"), Some(\"ann\"))\n\
             (Some(12), Some(\"Keys\"), Some(\"ann\"))\n3 rows\n",
        ),
        TestBackend::Postgres => (
            "diesel::PgConnection",
            "(Option<i32>, Option<String>, Option<String>)",
            "diesel::view! {\n    post_authors {\n        post_id -> Nullable<Int4>,\n        \
             title -> Nullable<Varchar>,\n        author -> Nullable<Varchar>,\n    }\n}",
            "(Some(10), Some(\"Views\"), Some(\"ann\"))\n\
             (Some(12), Some(\"Keys\"), Some(\"ann\"))\n3 rows\n",
        ),
        TestBackend::Mysql => (
            "diesel::MysqlConnection",
            "(i32, String, String)",
            "diesel::view! {\n    post_authors {\n        post_id -> Integer,\n        \
             title -> Varchar,\n        author -> Varchar,\n    }\n}",
            "(10, \"Views\", \"ann\")\n(12, \"Keys\", \"ann\")\n3 rows\n",
        ),
    };
    assert!(
        schema_rs.contains(view),
        "the view is not printed as expected:\n{schema_rs}"
    );

    let main_rs = MAIN_RS
        .replace("{connection}", connection)
        .replace("{row}", row);
    let dir = workspace_root()
        .join("target/view-queries")
        .join(backend.key());
    scratch::scratch_crate(
        &dir,
        &format!("strata_view_query_{}", backend.key()),
        "2021",
        DieselLine::V2_4,
        &[("src/main.rs", &main_rs), ("src/schema.rs", &schema_rs)],
    );
    let (ok, stderr) = scratch::cargo(&dir, DieselLine::V2_4, "build");
    assert!(ok, "the program does not build:\n{stderr}");

    let binary = DieselLine::V2_4
        .target_dir()
        .join("debug")
        .join(format!("strata_view_query_{}", backend.key()));
    let output = std::process::Command::new(binary)
        .arg(project.db_url())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), expected);
}
