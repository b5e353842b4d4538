//! `print-schema --schema-key a -o users --schema-key b --with-docs`: diesel_cli ties each
//! flag to the `--schema-key` before it, so one call can set flags for several
//! `[print_schema.NAME]` sections. clap cannot tie flags to an earlier argument, so the
//! command line is cut before each `--schema-key` and every part from there on is parsed
//! on its own, as the flags of that one section.

use std::ffi::{OsStr, OsString};

use clap::{FromArgMatches as _, Parser};

use crate::args::{Cli, Command, GlobalArgs, PrintSchemaArgs};

/// One `--schema-key KEY` and the flags after it.
#[derive(Debug, Parser)]
#[command(name = "strata print-schema", no_binary_name = true)]
struct KeyedPart {
    #[command(flatten)]
    flags: PrintSchemaArgs,
    #[command(flatten)]
    global: GlobalArgs,
}

/// Global flags that take the next argument as their value.
const GLOBAL_WITH_VALUE: &[&str] = &["--database-url", "--config-file", "--migration-dir"];

/// Parses the command line, exiting with clap's usage error when it does not parse.
pub fn parse_cli(args: Vec<OsString>) -> Cli {
    let (head, parts) = split(args);
    let matches = <Cli as clap::CommandFactory>::command().get_matches_from(head);
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    if let Command::PrintSchema(print_schema) = &mut cli.command {
        for part in parts {
            let part = KeyedPart::try_parse_from(part).unwrap_or_else(|e| e.exit());
            merge_global(&mut cli.global, part.global);
            print_schema.keyed.push(part.flags);
        }
    }
    cli
}

/// The command line up to the first `--schema-key` of `print-schema`, and each part that
/// starts with a `--schema-key`. Anything but print-schema is returned whole.
fn split(args: Vec<OsString>) -> (Vec<OsString>, Vec<Vec<OsString>>) {
    let Some(command) = print_schema_position(&args) else {
        return (args, Vec::new());
    };
    let is_key = |arg: &OsStr| {
        let arg = arg.to_string_lossy();
        arg == "--schema-key" || arg.starts_with("--schema-key=")
    };
    let end = args[command..]
        .iter()
        .position(|a| a == "--")
        .map_or(args.len(), |i| command + i);
    let starts: Vec<usize> = (command + 1..end).filter(|&i| is_key(&args[i])).collect();
    let Some(&first) = starts.first() else {
        return (args, Vec::new());
    };
    let mut bounds = starts.clone();
    bounds.push(args.len());
    let parts = bounds
        .windows(2)
        .map(|w| args[w[0]..w[1]].to_vec())
        .collect();
    let mut head = args;
    head.truncate(first);
    (head, parts)
}

/// Where the `print-schema` subcommand is, skipping the values of global flags before it.
fn print_schema_position(args: &[OsString]) -> Option<usize> {
    let mut i = 1;
    while i < args.len() {
        let arg = args[i].to_string_lossy();
        if arg == "print-schema" {
            return Some(i);
        }
        if !arg.starts_with('-') {
            return None;
        }
        i += if GLOBAL_WITH_VALUE.contains(&arg.as_ref()) {
            2
        } else {
            1
        };
    }
    None
}

fn merge_global(into: &mut GlobalArgs, from: GlobalArgs) {
    into.database_url = from.database_url.or(into.database_url.take());
    into.config_file = from.config_file.or(into.config_file.take());
    into.migration_dir = from.migration_dir.or(into.migration_dir.take());
    into.locked_schema |= from.locked_schema;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_strs(args: &str) -> (Vec<String>, Vec<Vec<String>>) {
        let (head, parts) = split(args.split(' ').map(OsString::from).collect());
        let strings = |v: Vec<OsString>| v.into_iter().map(|a| a.into_string().unwrap()).collect();
        (strings(head), parts.into_iter().map(strings).collect())
    }

    #[test]
    fn each_schema_key_takes_the_flags_after_it() {
        let (head, parts) = split_strs(
            "strata --database-url print-schema print-schema -e x --schema-key a -o users \
             --schema-key=b --with-docs",
        );
        assert_eq!(
            head,
            [
                "strata",
                "--database-url",
                "print-schema",
                "print-schema",
                "-e",
                "x"
            ]
        );
        assert_eq!(
            parts,
            [
                vec!["--schema-key", "a", "-o", "users"],
                vec!["--schema-key=b", "--with-docs"]
            ]
        );
    }

    #[test]
    fn other_commands_are_left_whole() {
        let (head, parts) = split_strs("strata migration generate x --diff-schema --schema-key a");
        assert_eq!(head.len(), 7);
        assert!(parts.is_empty());
    }
}
