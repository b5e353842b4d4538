//! `print-schema` fixture cases, each asserted byte for byte.
//!
//! Every case is a directory `print_schema/<case>/` with, per backend, `<backend>/schema.sql`
//! (applied to a fresh database), `<backend>/expected.rs`, where strata warns
//! `<backend>/expected.stderr`, and optionally a `diesel.toml` (`<backend>/diesel.toml`, else
//! `<case>/diesel.toml`). One harness runs every case on every backend that has a folder
//! for it. The cases copied from diesel_cli's own output (shared/golden) prove strata prints
//! what `diesel print-schema` prints.
//!
//! Each case is checked three ways that must all give the expected file: `strata
//! print-schema` with the case's config file, `strata print-schema` with the equivalent
//! command-line flags and no config file, and the schema file `strata migration run` writes
//! after applying schema.sql as a migration. Set `STRATA_BLESS=1` to rewrite the expected
//! files.

#[macro_use]
mod support;

use std::path::{Path, PathBuf};

use support::{Project, TestBackend};

fn cases(backend: &str) -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/print_schema");
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|case| case.join(backend).join("schema.sql").is_file())
        .map(|case| {
            (
                case.file_name().unwrap().to_string_lossy().into_owned(),
                case,
            )
        })
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "no {backend} cases under {}",
        root.display()
    );
    cases
}

/// The case's config file for a backend, if it has one.
fn config_file(case: &Path, backend: &str) -> Option<PathBuf> {
    [
        case.join(backend).join("diesel.toml"),
        case.join("diesel.toml"),
    ]
    .into_iter()
    .find(|path| path.is_file())
}

/// The `print-schema` flags that say what the config's `[print_schema]` section says. Every
/// key a fixture uses must be known here, so each key is proven by config and by flag.
fn flags_for(config: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(config).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let section = table["print_schema"].as_table().unwrap();
    let strings = |value: &toml::Value| -> Vec<String> {
        value
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    // Table patterns are positional: they go first, before options taking several values.
    let mut patterns = Vec::new();
    let mut flags = Vec::new();
    for (key, value) in section {
        let flag = format!("--{}", key.replace('_', "-"));
        match key.as_str() {
            "with_docs" => match value {
                toml::Value::Boolean(true) => flags.push("--with-docs".to_owned()),
                toml::Value::Boolean(false) => {}
                other => flags.extend([
                    "--with-docs-config".to_owned(),
                    other.as_str().unwrap().to_owned(),
                ]),
            },
            "filter" => {
                let filter = value.as_table().unwrap();
                let (kind, list) = filter.iter().next().unwrap();
                flags.push(match kind.as_str() {
                    "only_tables" => "--only-tables".to_owned(),
                    _ => "--except-tables".to_owned(),
                });
                patterns.extend(strings(list));
            }
            "schema" | "column_sorting" | "allow_tables_to_appear_in_same_query_config" => {
                flags.extend([flag, value.as_str().unwrap().to_owned()])
            }
            "patch_file" => {
                let path = config.parent().unwrap().join(value.as_str().unwrap());
                flags.extend([flag, path.display().to_string()]);
            }
            "import_types"
            | "custom_type_derives"
            | "except_custom_type_definitions"
            | "pg_domains_as_custom_types" => {
                flags.push(flag);
                flags.extend(strings(value));
            }
            "generate_missing_sql_type_definitions" => {
                if !value.as_bool().unwrap() {
                    flags.push("--no-generate-missing-sql-type-definitions".to_owned());
                }
            }
            "sqlite_integer_primary_key_is_bigint"
            | "include_views"
            | "mariadb_type_definitions" => {
                if value.as_bool().unwrap() {
                    flags.push(flag);
                }
            }
            other => panic!("{}: no flag known for key `{other}`", config.display()),
        }
    }
    patterns.extend(flags);
    patterns
}

/// The case's config with `file = "schema.rs"` added to its [print_schema] section.
fn config_writing_schema_file(config: Option<&Path>) -> String {
    match config.map(std::fs::read_to_string) {
        Some(Ok(config)) => config.replacen(
            "[print_schema]\n",
            "[print_schema]\nfile = \"schema.rs\"\n",
            1,
        ),
        _ => "[print_schema]\nfile = \"schema.rs\"\n".to_owned(),
    }
}

fn check(expected_path: &Path, actual: &str, what: &str, failures: &mut Vec<String>) {
    if std::env::var_os("STRATA_BLESS").is_some() {
        if actual.is_empty() {
            let _ = std::fs::remove_file(expected_path);
        } else {
            std::fs::write(expected_path, actual).unwrap();
        }
        return;
    }
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    if expected != actual {
        failures.push(format!(
            "{what}: output differs from {}\n--- expected\n{expected}\n--- actual\n{actual}",
            expected_path.display()
        ));
    }
}

/// Runs every case that has a folder for `backend`; all differences are reported at once.
fn run_cases(backend: TestBackend) {
    if !support::backends().contains(&backend) {
        return;
    }
    let mut failures = Vec::new();
    for (name, case) in cases(backend.key()) {
        let dir = case.join(backend.key());
        let schema_sql = std::fs::read_to_string(dir.join("schema.sql")).unwrap();
        let config = config_file(&case, backend.key());

        // 1. print-schema against a database built from schema.sql.
        let project = Project::on(backend);
        project.sql(&schema_sql);
        let mut args = vec!["print-schema".to_owned()];
        if let Some(config) = &config {
            args.push("--config-file".to_owned());
            args.push(config.display().to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = project.strata(&args);
        assert_eq!(run.code, 0, "{name}: {run:#?}");
        check(
            &dir.join("expected.rs"),
            &run.stdout,
            &format!("{name} (print-schema)"),
            &mut failures,
        );
        check(
            &dir.join("expected.stderr"),
            &run.stderr,
            &format!("{name} (stderr)"),
            &mut failures,
        );

        // 2. print-schema with the same settings as flags, and no config file at all.
        if let Some(config) = &config {
            let mut args = flags_for(config);
            args.insert(0, "print-schema".to_owned());
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = project.strata(&args);
            assert_eq!(run.code, 0, "{name}: {run:#?}");
            if std::env::var_os("STRATA_BLESS").is_none() {
                check(
                    &dir.join("expected.rs"),
                    &run.stdout,
                    &format!("{name} (print-schema {})", args[1..].join(" ")),
                    &mut failures,
                );
            }
        }
        drop(project);

        // 3. The schema file written by `migration run` with the same config.
        let project = Project::on(backend);
        // A patch_file is named relative to the config: it travels with it.
        if let Some(dir) = config.as_deref().and_then(Path::parent) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "patch") {
                    project.file(
                        path.file_name().unwrap().to_str().unwrap(),
                        std::fs::read(&path).unwrap(),
                    );
                }
            }
        }
        project
            .file("diesel.toml", config_writing_schema_file(config.as_deref()))
            .migration(
                "2024-01-01-000000-0000_schema",
                &schema_sql,
                Some("SELECT 1;"),
            );
        let run = project.strata(&["migration", "run"]);
        assert_eq!(run.code, 0, "{name}: {run:#?}");
        if std::env::var_os("STRATA_BLESS").is_none() {
            check(
                &dir.join("expected.rs"),
                &project.read("schema.rs"),
                &format!("{name} (migration run)"),
                &mut failures,
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn sqlite_cases_print_exactly_the_expected_schema() {
    run_cases(TestBackend::Sqlite);
}

#[test]
fn postgres_cases_print_exactly_the_expected_schema() {
    run_cases(TestBackend::Postgres);
}

#[test]
fn mysql_cases_print_exactly_the_expected_schema() {
    run_cases(TestBackend::Mysql);
}

/// diesel's `allow_tables_to_appear_in_same_query!` recurses once per table, so a list of
/// more than 128 tables does not compile under rustc's default `recursion_limit`.
/// The schema is still printed as diesel_cli prints it; strata says what the crate needs.
fn a_table_list_past_the_recursion_limit_is_warned_about(backend: TestBackend) {
    let warning = "warning: allow_tables_to_appear_in_same_query! lists 129 tables together; \
        the crate that includes this schema needs #![recursion_limit = \"256\"] in its root \
        module, and its compile time grows with the square of the number of tables listed \
        (allow_tables_to_appear_in_same_query_config = \"fk_related_tables\" lists only \
        tables connected by foreign keys)\n";
    let project = Project::on(backend);
    let creates: String = (0..129)
        .map(|i| format!("CREATE TABLE t{i:03} (id INTEGER PRIMARY KEY NOT NULL);\n"))
        .collect();
    let drops: String = (0..129).map(|i| format!("DROP TABLE t{i:03};\n")).collect();
    project.migration("2024-01-01-000000_tables", &creates, Some(&drops));
    project.strata(&["migration", "run"]).ok();

    let all_tables = project.strata(&["print-schema"]);
    assert!(all_tables.ok().contains("t000, t001, t002"), "{backend:?}");
    assert_eq!(all_tables.stderr, warning, "{backend:?}");

    // No foreign keys: fk_related_tables prints no list, so there is nothing to warn of.
    let fk_related = project.strata(&[
        "print-schema",
        "--allow-tables-to-appear-in-same-query-config",
        "fk_related_tables",
    ]);
    assert!(!fk_related.ok().contains("allow_tables"), "{backend:?}");
    assert_eq!(fk_related.stderr, "", "{backend:?}");

    // A schema file gets the warning, naming it, when it is written; not again while
    // it stays as it is.
    project.file("diesel.toml", "[print_schema]\nfile = \"src/schema.rs\"\n");
    let written = project.strata(&["migration", "run"]);
    written.ok();
    assert_eq!(
        written.stderr,
        warning
            .replace("warning: ", "warning: src/schema.rs: ")
            .replace("includes this schema", "includes it"),
        "{backend:?}"
    );
    let unchanged = project.strata(&["migration", "run"]);
    unchanged.ok();
    assert_eq!(unchanged.stderr, "", "{backend:?}");
    project.file("diesel.toml", "");

    // 128 tables compile with the default limit.
    project.sql("DROP TABLE t128");
    let within = project.strata(&["print-schema"]);
    assert!(within.ok().contains("t126, t127,\n);"), "{backend:?}");
    assert_eq!(within.stderr, "", "{backend:?}");
}

per_backend!(a_table_list_past_the_recursion_limit_is_warned_about:
    a_table_list_past_the_recursion_limit_is_warned_about_sqlite => Sqlite,
    a_table_list_past_the_recursion_limit_is_warned_about_postgres => Postgres,
    a_table_list_past_the_recursion_limit_is_warned_about_mysql => Mysql,
);

/// Given [print_schema.NAME] sections and no --schema-key, diesel_cli 2.3.14 prints every
/// section's schema one after another, ordered by name (the unnamed section is `default`),
/// and applies no flag before a --schema-key; one names the section the flags after it
/// change.
#[test]
fn several_sections_and_no_schema_key_print_every_section() {
    if !support::backends().contains(&TestBackend::Sqlite) {
        return;
    }
    let project = Project::on(TestBackend::Sqlite);
    project.sql(
        "CREATE TABLE a (id INTEGER PRIMARY KEY NOT NULL);\n\
         CREATE TABLE b (id INTEGER PRIMARY KEY NOT NULL, note TEXT);\n",
    );
    project.file(
        "diesel.toml",
        "[print_schema]\nfilter = { only_tables = [\"b\"] }\n\n\
         [print_schema.one]\nfile = \"one.rs\"\nfilter = { only_tables = [\"a\"] }\n\n\
         [print_schema.Zed]\nwith_docs = \"only-database-comments\"\n",
    );
    let table_a = "diesel::table! {\n    a (id) {\n        id -> Integer,\n    }\n}\n";
    let table_b = "diesel::table! {\n    b (id) {\n        id -> Integer,\n        \
        note -> Nullable<Text>,\n    }\n}\n";
    let header = "// @generated automatically by Diesel CLI.\n\n";
    let every_section = format!(
        "{header}{table_a}\n{table_b}\ndiesel::allow_tables_to_appear_in_same_query!(a, b,);\n\
         {header}{table_b}{header}{table_a}"
    );

    let run = project.strata(&["print-schema"]);
    assert_eq!(run.ok(), every_section);
    assert_eq!(run.stderr, "");
    assert!(!project.path().join("one.rs").exists());

    let flagged = project.strata(&["print-schema", "--column-sorting", "name"]);
    assert_eq!(flagged.ok(), every_section);
    assert!(flagged
        .stderr
        .contains("the flags before the first --schema-key are ignored"));

    // --schema-key names the section its flags go to; every section is still printed.
    let one = project.strata(&["print-schema", "--schema-key", "one"]);
    assert_eq!(one.ok(), every_section);
}
