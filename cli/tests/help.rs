//! `--help` is part of the interface: every command has a one-line summary, a longer
//! description and an example, and its full text is snapshot-tested against
//! `tests/help/<command>.txt` (reviewed like code). `UPDATE_SNAPSHOTS=1 cargo test --test
//! help` rewrites the files after a deliberate change. Also: completions for every shell,
//! and "did you mean" for a mistyped command.

mod support;

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use support::{Project, Run};

/// Every command path: `[]` (strata itself), `["migration"]`, `["migration", "run"]`, ...
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        for sub in command.get_subcommands() {
            let mut path = prefix.clone();
            path.push(sub.get_name().to_owned());
            walk(sub, path, out);
        }
    }
    let mut paths = Vec::new();
    walk(&strata::args::Cli::command(), Vec::new(), &mut paths);
    paths
}

fn find<'a>(root: &'a clap::Command, path: &[String]) -> &'a clap::Command {
    path.iter().fold(root, |command, name| {
        command.find_subcommand(name).expect("a listed subcommand")
    })
}

fn snapshot_path(path: &[String]) -> PathBuf {
    let name = if path.is_empty() {
        "strata".to_owned()
    } else {
        path.join("_")
    };
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/help")
        .join(format!("{name}.txt"))
}

#[test]
fn every_command_has_a_summary_a_description_and_an_example() {
    let root = strata::args::Cli::command();
    let mut missing = Vec::new();
    for path in command_paths() {
        let command = find(&root, &path);
        let name = format!("strata {}", path.join(" "));
        if command.get_about().is_none() {
            missing.push(format!("{name}: no one-line summary"));
        }
        if command.get_long_about().is_none() && !path.is_empty() {
            missing.push(format!("{name}: no longer description"));
        }
        let examples = command
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        if !examples.starts_with("Example") {
            missing.push(format!("{name}: no example"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn help_text_matches_the_reviewed_snapshots() {
    let project = Project::new();
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut differ = Vec::new();
    let mut expected_files = Vec::new();
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = project.strata_raw(&args);
        let text = help.ok();
        let file = snapshot_path(&path);
        expected_files.push(file.clone());
        if update {
            std::fs::write(&file, text).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&file).unwrap_or_default();
        if expected != text {
            differ.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{text}",
                file.display()
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "help text changed (review, then UPDATE_SNAPSHOTS=1):\n{}",
        differ.join("\n")
    );
    // No snapshot for a command that no longer exists.
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(snapshot_path(&[]).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    on_disk.sort();
    expected_files.sort();
    assert_eq!(on_disk, expected_files);
}

#[test]
fn completions_for_every_shell() {
    let project = Project::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = project.strata_raw(&["completions", shell]);
        let script = run.ok();
        for word in [
            "migration",
            "print-schema",
            "database-url",
            "status",
            "diagram",
        ] {
            assert!(script.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is valid bash.
    let bash = project.strata_raw(&["completions", "bash"]).stdout;
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &bash])
        .output()
        .unwrap();
    assert!(checked.status.success(), "{checked:?}");
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    let project = Project::new();
    let run: Run = project.strata_raw(&["migraton", "run"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("error: unrecognized subcommand 'migraton'")
            && run
                .stderr
                .contains("tip: a similar subcommand exists: 'migration'"),
        "{run:#?}"
    );
    let run = project.strata_raw(&["migration", "stauts"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("tip: a similar subcommand exists: 'status'"),
        "{run:#?}"
    );
}

/// `--version` names the diesel_cli release whose output strata reproduces.
#[test]
fn the_version_names_the_diesel_cli_release_strata_matches() {
    let project = Project::new();
    for flag in ["--version", "-V"] {
        let run = project.strata_raw(&[flag]);
        assert_eq!(
            run.ok(),
            format!(
                "strata {} (matches diesel_cli 2.3.14)\n",
                env!("CARGO_PKG_VERSION")
            ),
            "{flag}"
        );
    }
}
