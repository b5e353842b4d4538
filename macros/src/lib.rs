//! `embed_migrations!`, re-exported as `strata::embed_migrations!`.
//!
//! It takes what diesel_migrations' macro takes: an optional path to the migrations
//! directory, relative to the crate's `Cargo.toml` (default: the nearest `migrations`
//! directory at or above it). Each `<version>_<name>` directory holding an `up.sql` becomes
//! an entry whose files are `include_str!`ed, so the compiler rebuilds when one changes
//! and strata sees exactly the text the CLI would read: same checksums, same ledger. The
//! checksums of the SQL files are computed here, at compile time, with the CLI's own code
//! (the `strata-checksum` crate), so an application's start does not hash every file.
//!
//! Adding or removing a migration directory is not something `include_str!` can notice;
//! a `build.rs` with `println!("cargo:rerun-if-changed=migrations");` makes Cargo re-expand
//! the macro then (diesel_migrations needs the same).

use proc_macro::TokenStream;
use std::path::{Path, PathBuf};

/// Embeds a migrations directory: `strata::embed_migrations!()` or
/// `strata::embed_migrations!("db/migrations")`. Evaluates to a
/// `strata::migrate::embedded::EmbeddedMigrations`, usable in a `const`.
#[proc_macro]
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(code) => code.parse().expect("the generated code parses"),
        Err(message) => format!("::core::compile_error!({message:?});")
            .parse()
            .expect("an error parses"),
    }
}

fn expand(input: TokenStream) -> Result<String, String> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .map_err(|_| "embed_migrations! needs CARGO_MANIFEST_DIR (run it through cargo)")?;
    let argument = input.to_string();
    let argument = argument.trim();
    let (shown, dir) = if argument.is_empty() {
        let dir = find_upward(&manifest_dir).ok_or_else(|| {
            format!(
                "no `migrations` directory in {} or above it; pass its path: \
                 embed_migrations!(\"path/to/migrations\")",
                manifest_dir.display()
            )
        })?;
        ("migrations".to_owned(), dir)
    } else {
        let relative = unquote(argument).ok_or_else(|| {
            format!("embed_migrations! takes a string literal path, not `{argument}`")
        })?;
        (relative.clone(), manifest_dir.join(relative))
    };
    let mut entries: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .map_err(|e| {
            format!(
                "cannot read the migrations directory {}: {e}",
                dir.display()
            )
        })?
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, path)| !name.starts_with('.') && path.join("up.sql").is_file())
        .collect();
    entries.sort();
    let mut code = String::from("::strata::migrate::embedded::EmbeddedMigrations::new(");
    code.push_str(&format!("{shown:?}, &["));
    for (name, path) in entries {
        // Each file is included by `include_str!`, which makes the compiler rebuild (and so
        // re-run this macro) when it changes; an SQL file is also read here for its checksum.
        let include = |file: &str| {
            let path = path.join(file);
            path.is_file()
                .then(|| format!("::core::include_str!({:?})", path.display().to_string()))
        };
        let checksum = |file: &str| -> Result<Option<String>, String> {
            let path = path.join(file);
            if !path.is_file() {
                return Ok(None);
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok(Some(format!("{:?}", strata_checksum::checksum(&text))))
        };
        let optional = |value: Option<String>| match value {
            Some(value) => format!("::core::option::Option::Some({value})"),
            None => "::core::option::Option::None".to_owned(),
        };
        let missing_up = || format!("{} has no up.sql", path.display());
        let up = include("up.sql").ok_or_else(missing_up)?;
        let up_checksum = checksum("up.sql")?.ok_or_else(missing_up)?;
        code.push_str(&format!(
            "::strata::migrate::embedded::EmbeddedMigration {{ name: {name:?}, up: {up}, \
             up_checksum: {up_checksum}, down: {}, down_checksum: {}, metadata: {} }},",
            optional(include("down.sql")),
            optional(checksum("down.sql")?),
            optional(include("metadata.toml")),
        ));
    }
    code.push_str("])");
    Ok(code)
}

/// The text of a plain string literal (`"..."`, no escapes needed in a path).
fn unquote(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\') && !inner.contains('"')).then(|| inner.to_owned())
}

fn find_upward(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join("migrations"))
        .find(|candidate| candidate.is_dir())
}
