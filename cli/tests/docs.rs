//! Every shell example in docs/ runs, so the documentation cannot drift from the tool.
//!
//! Each `docs/*.md` file is one script: its ```` ```sh ```` blocks in order (and any
//! `<!-- doc-test ... -->` comment, which sets up what the prose takes for granted without
//! showing it), run by `bash -euo pipefail` in a fresh directory, with the `strata` under test
//! first on PATH. Any failing command fails the test with the file, the block's line and the
//! output. Two things differ from a reader's machine, both so that the test is hermetic:
//! - `cargo install --path cli` is a no-op (strata is already on PATH), `cargo add` runs
//!   `--offline` (the crates are in the local cache once the workspace has built), and
//!   `cargo run --bin blog` runs the example app's binary the workspace build made (a nested
//!   build would wait forever on the lock of the `cargo test` running this);
//! - server URLs' database names (`127.0.0.1/blog`) get a unique suffix, and those databases
//!   are dropped afterwards, so concurrent runs never share one.
//!
//! Blocks that need PostgreSQL or MariaDB follow the tests' rule: they run when the server
//! answers, and in CI an unreachable server fails the test.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{backends, TestBackend};

/// One runnable piece of a document: where it starts, and its commands.
struct Block {
    line: usize,
    script: String,
}

/// The ```sh blocks and doc-test comments of a Markdown text, in order.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (index, line) in markdown.lines().enumerate() {
        let trimmed = line.trim();
        match &mut current {
            None if trimmed == "```sh" || trimmed == "<!-- doc-test" => {
                current = Some(Block {
                    line: index + 1,
                    script: String::new(),
                });
            }
            Some(_) if trimmed == "```" || trimmed == "-->" => {
                blocks.push(current.take().unwrap());
            }
            Some(block) => {
                // Indented blocks (inside list items) lose their indentation.
                block.script.push_str(line.trim_start());
                block.script.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Which servers a document's examples talk to.
fn servers_used(script: &str) -> Vec<TestBackend> {
    let mut used = Vec::new();
    if script.contains("postgres://") {
        used.push(TestBackend::Postgres);
    }
    if script.contains("mysql://") {
        used.push(TestBackend::Mysql);
    }
    used
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

/// A `cargo` in front of the real one for the two commands a test cannot run as a reader
/// would (see the module comment).
const CARGO_SHIM: &str = r#"#!/usr/bin/env bash
if [ "${1:-}" = install ]; then echo "(doc test: strata is already on PATH)"; exit 0; fi
if [ "${1:-}" = add ]; then shift; exec "$REAL_CARGO" add --offline "$@"; fi
if [ "${1:-}" = run ] && [[ " $* " == *" --bin blog "* ]]; then
  while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done; shift
  exec "$STRATA_BIN_DIR/blog" "$@"
fi
exec "$REAL_CARGO" "$@"
"#;

fn run_document(path: &Path) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let markdown = std::fs::read_to_string(path).unwrap();
    let blocks = blocks(&markdown);
    if blocks.is_empty() {
        return;
    }
    let all: String = blocks.iter().map(|b| b.script.as_str()).collect();
    let available = backends();
    let missing: Vec<_> = servers_used(&all)
        .into_iter()
        .filter(|b| !available.contains(b))
        .collect();
    if !missing.is_empty() {
        eprintln!("note: skipping {name}: it needs {missing:?}");
        return;
    }

    let dir = tempfile::Builder::new()
        .prefix("strata-docs")
        .tempdir()
        .unwrap();
    let bin = dir.path().join(".bin");
    std::fs::create_dir(&bin).unwrap();
    let strata = Path::new(env!("CARGO_BIN_EXE_strata"));
    std::os::unix::fs::symlink(strata, bin.join("strata")).unwrap();
    let shim = bin.join("cargo");
    std::fs::write(&shim, CARGO_SHIM).unwrap();
    let mut permissions = std::fs::metadata(&shim).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&shim, permissions).unwrap();

    let suffix = format!("_{}_{}", std::process::id(), name.replace(['.', '-'], "_"));
    let unique = |script: &str| {
        script
            .replace("127.0.0.1/blog", &format!("127.0.0.1/blog{suffix}"))
            .replace(
                "127.0.0.1:5432/blog",
                &format!("127.0.0.1:5432/blog{suffix}"),
            )
            .replace(
                "127.0.0.1:3306/blog",
                &format!("127.0.0.1:3306/blog{suffix}"),
            )
    };
    let real_cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let path_var = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let mut script = String::from("set -euo pipefail\n");
    for block in &blocks {
        script.push_str(&format!("echo '>>> {name}:{}' >&2\n", block.line));
        script.push_str(&unique(&block.script));
    }
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("PATH", path_var)
        .env("REAL_CARGO", real_cargo)
        .env("STRATA_BIN_DIR", strata.parent().unwrap())
        .env("STRATA_REPO", docs_dir().parent().unwrap())
        .env("HOME", dir.path())
        .env(
            "CARGO_HOME",
            std::env::var("CARGO_HOME").unwrap_or_else(|_| {
                format!("{}/.cargo", std::env::var("HOME").unwrap_or_default())
            }),
        )
        // Shared between runs, so `cargo check` in a document builds diesel once.
        .env(
            "CARGO_TARGET_DIR",
            strata.parent().unwrap().join("../docs-examples"),
        )
        .env("NO_COLOR", "1")
        .env_remove("DATABASE_URL")
        .env_remove("DIESEL_CONFIG_FILE")
        .env_remove("MIGRATION_DIRECTORY")
        .output()
        .unwrap();
    // Server databases the document created are dropped whatever happened.
    for url in regex::Regex::new(r"(postgres|mysql)://[^\s/]+/blog\w*")
        .unwrap()
        .find_iter(&unique(&all))
    {
        let _ = Command::new(strata)
            .args(["database", "drop", "--database-url", url.as_str()])
            .current_dir(dir.path())
            .output();
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last_block = stderr
        .lines()
        .rfind(|l| l.starts_with(">>> "))
        .unwrap_or("(before the first block)");
    assert!(
        output.status.success(),
        "{name}: an example failed in the block at {}\n--- stdout\n{}\n--- stderr\n{stderr}",
        last_block.trim_start_matches(">>> "),
        String::from_utf8_lossy(&output.stdout),
    );
}

#[test]
fn every_shell_example_in_docs_runs() {
    let mut documents: Vec<PathBuf> = std::fs::read_dir(docs_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    documents.sort();
    assert!(documents.len() >= 5, "{documents:?}");
    for document in documents {
        run_document(&document);
    }
}

#[test]
fn blocks_are_found_in_order_and_unindented() {
    let markdown = "text\n\n1. step\n\n   ```sh\n   strata setup\n   ```\n<!-- doc-test\nmkdir x\n-->\n```sql\nSELECT 1;\n```\n```sh\nstrata migration run\n```\n";
    let found: Vec<(usize, String)> = blocks(markdown)
        .into_iter()
        .map(|b| (b.line, b.script))
        .collect();
    let expected = [
        (5, "strata setup\n"),
        (8, "mkdir x\n"),
        (14, "strata migration run\n"),
    ]
    .map(|(line, script)| (line, script.to_owned()));
    assert_eq!(found, expected);
}
