//! Generating `schema.rs` text and writing it safely.
//!
//! A schema file is only ever replaced whole: the new text goes to a temporary file in the
//! same directory, which is then renamed over the old one. A crash, a full disk or a failed
//! introspection leaves the previous file as it was, never truncated.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use strata_schema_gen::render::Rendered;
use strata_schema_gen::PrintSchemaOptions;

use crate::backend::Connection;
use crate::config::PrintSchemaSection;
use crate::context::Context;
use crate::patch::Patch;
use crate::paths::shown;
use crate::print_options;

/// Introspects the database and renders `schema.rs` text, printing introspection warnings
/// on stderr, then applies the section's `patch_file`, if any.
pub fn generate(
    conn: &mut Connection,
    options: &PrintSchemaOptions,
    patch_file: Option<&Path>,
) -> Result<Rendered> {
    // Read and parse the patch first: a bad patch should not cost an introspection.
    let patch = match patch_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read patch_file {}", shown(path)))?;
            Some((Patch::parse(&text, path)?, path))
        }
        None => None,
    };
    let introspection = conn
        .catalog()
        .introspect(options)
        .context("cannot read the database schema")?;
    for warning in &introspection.warnings {
        eprintln!("warning: {warning}");
    }
    let mut generated = strata_schema_gen::render::render(&introspection.schema, options)?;
    if let Some((patch, path)) = patch {
        generated.text = patch.apply(&generated.text, path)?;
    }
    Ok(generated)
}

/// Says on stderr when the generated file will not compile under rustc's default
/// `recursion_limit`: diesel_cli prints such a file without a word, and the first sign
/// would otherwise be a "recursion limit reached" error in the user's build. Called when
/// the text is printed or a schema file is written, not on every command that checks it.
pub fn warn_recursion_limit(generated: &Rendered, file: Option<&Path>) {
    let Some((tables, limit)) = generated.recursion_limit else {
        return;
    };
    let (subject, includes) = match file {
        Some(file) => (format!("{}: ", shown(file)), "includes it"),
        None => (String::new(), "includes this schema"),
    };
    eprintln!(
        "warning: {subject}allow_tables_to_appear_in_same_query! lists {tables} tables \
         together; the crate that {includes} needs #![recursion_limit = \"{limit}\"] in its \
         root module, and its compile time grows with the square of the number of tables \
         listed (allow_tables_to_appear_in_same_query_config = \"fk_related_tables\" lists \
         only tables connected by foreign keys)"
    );
}

/// Rewrites every configured `[print_schema] file` from the live database; under
/// `--locked-schema`, fails with a diff instead of changing any.
pub fn regenerate_all(ctx: &Context, conn: &mut Connection) -> Result<()> {
    for section in &ctx.config.print_schema {
        let Some(file) = &section.file else { continue };
        regenerate(ctx, conn, section, file)?;
    }
    Ok(())
}

/// A configured schema file that differs from what the database generates.
#[derive(Debug, Clone)]
pub struct SchemaDrift {
    /// As shown to the user (relative to the working directory when inside it).
    pub file: String,
    /// A unified diff from the file to the generated text.
    pub diff: String,
}

/// Every configured `[print_schema] file` that differs from what the database generates
/// (read only).
pub fn drift(ctx: &Context, conn: &mut Connection) -> Result<Vec<SchemaDrift>> {
    let mut drifts = Vec::new();
    for section in &ctx.config.print_schema {
        let Some(file) = &section.file else { continue };
        let (generated, current) = generated_and_current(conn, section, file)?;
        let text = generated.text;
        if current.as_deref() != Some(text.as_str()) {
            drifts.push(SchemaDrift {
                file: shown(file),
                diff: unified_diff(file, current.as_deref().unwrap_or_default(), &text),
            });
        }
    }
    Ok(drifts)
}

fn generated_and_current(
    conn: &mut Connection,
    section: &PrintSchemaSection,
    file: &Path,
) -> Result<(Rendered, Option<String>)> {
    let options = print_options::from_section(section)?;
    let generated = generate(conn, &options, section.patch_file.as_deref())?;
    let current = match std::fs::read_to_string(file) {
        Ok(current) => Some(current),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", shown(file))),
    };
    Ok((generated, current))
}

fn unified_diff(file: &Path, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&shown(file), "generated from the database")
        .to_string()
}

fn regenerate(
    ctx: &Context,
    conn: &mut Connection,
    section: &PrintSchemaSection,
    file: &Path,
) -> Result<()> {
    let (generated, current) = generated_and_current(conn, section, file)?;
    let text = &generated.text;
    if current.as_deref() == Some(text.as_str()) {
        return Ok(());
    }
    if ctx.locked_schema {
        let diff = unified_diff(file, current.as_deref().unwrap_or_default(), text);
        eprint!("{diff}");
        bail!(
            "{} would change (--locked-schema): the database schema differs from the committed \
             file; run the command without --locked-schema locally and commit the result",
            shown(file)
        );
    }
    write_atomically(file, text)?;
    warn_recursion_limit(&generated, Some(file));
    Ok(())
}

/// Writes `text` to `path` through a temporary file and a rename.
pub fn write_atomically(path: &Path, text: &str) -> Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", shown(dir)))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".strata-schema")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", shown(dir)))?;
    // A temporary file is private (0600); the schema file keeps the mode it had, or gets
    // the usual 0644, like any file the user writes.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(temp.as_file())?,
    };
    // Written through the plain file: tempfile's own writer names its hidden file in
    // errors, and the user's file is what matters.
    temp.as_file_mut()
        .write_all(text.as_bytes())
        .and_then(|()| temp.as_file().set_permissions(permissions))
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| {
            format!(
                "cannot write {}; the previous file was left unchanged (run the command again \
                 once the problem is fixed)",
                shown(path)
            )
        })?;
    temp.persist(path).map_err(|e| e.error).with_context(|| {
        format!(
            "cannot replace {}; the previous file was left unchanged (run the command \
                 again once the problem is fixed)",
            shown(path)
        )
    })?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}
