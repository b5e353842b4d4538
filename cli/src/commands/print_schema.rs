//! `strata print-schema`: the schema of the live database on stdout.
//!
//! As in diesel_cli: with only `[print_schema]`, the flags apply to it, whatever
//! `--schema-key` says, and one schema is printed. With `[print_schema.NAME]` sections,
//! every section is printed, in the order of their names (`default` being `[print_schema]`,
//! settings or not), and each flag applies to the section named by the `--schema-key` before
//! it.

use anyhow::{anyhow, Result};

use crate::args::PrintSchemaArgs;
use crate::config::PrintSchemaSection;
use crate::context::Context;
use crate::{print_options, schema_file};

pub fn run(ctx: &Context, args: &PrintSchemaArgs) -> Result<()> {
    let sections = if ctx.config.print_schema.iter().any(|s| s.name.is_some()) {
        named_sections(ctx, args)?
    } else {
        vec![only_section(ctx, args)?]
    };
    let mut conn = ctx.connect()?;
    for section in sections {
        let options = print_options::from_section(&section)?;
        let generated = schema_file::generate(&mut conn, &options, section.patch_file.as_deref())?;
        schema_file::warn_recursion_limit(&generated, None);
        print!("{}", generated.text);
    }
    Ok(())
}

/// The one section, with every flag laid over it.
fn only_section(ctx: &Context, args: &PrintSchemaArgs) -> Result<PrintSchemaSection> {
    let mut section = ctx.config.print_schema.first().cloned().unwrap_or_default();
    for flags in std::iter::once(args).chain(&args.keyed) {
        if let Some(key) = flags.schema_key.as_deref().filter(|k| *k != "default") {
            return Err(unknown_key(ctx, key));
        }
        section = print_options::apply_flags(section, flags);
    }
    Ok(section)
}

/// Every section by name, each with the flags of its `--schema-key`.
fn named_sections(ctx: &Context, args: &PrintSchemaArgs) -> Result<Vec<PrintSchemaSection>> {
    let mut sections: Vec<(String, PrintSchemaSection)> = ctx
        .config
        .print_schema
        .iter()
        .map(|s| (key_of(s).to_owned(), s.clone()))
        .collect();
    if !sections.iter().any(|(key, _)| key == "default") {
        sections.push(("default".to_owned(), PrintSchemaSection::default()));
    }
    sections.sort_by(|a, b| a.0.cmp(&b.0));
    let unkeyed = PrintSchemaArgs {
        keyed: Vec::new(),
        ..args.clone()
    };
    if unkeyed != PrintSchemaArgs::default() {
        eprintln!(
            "warning: {} has [print_schema.NAME] sections, so print-schema's flags apply to \
             the section named by the --schema-key before them; the flags before the first \
             --schema-key are ignored",
            crate::paths::shown(&ctx.config_path)
        );
    }
    for flags in &args.keyed {
        let key = flags.schema_key.as_deref().unwrap_or("default");
        let (_, section) = sections
            .iter_mut()
            .find(|(k, _)| k == key)
            .ok_or_else(|| unknown_key(ctx, key))?;
        *section = print_options::apply_flags(section.clone(), flags);
    }
    Ok(sections.into_iter().map(|(_, s)| s).collect())
}

fn key_of(section: &PrintSchemaSection) -> &str {
    section.name.as_deref().unwrap_or("default")
}

fn unknown_key(ctx: &Context, key: &str) -> anyhow::Error {
    let known: Vec<&str> = ctx.config.print_schema.iter().map(key_of).collect();
    anyhow!(
        "no [print_schema.{key}] section in {}; sections: {}",
        crate::paths::shown(&ctx.config_path),
        if known.is_empty() {
            "none".to_owned()
        } else {
            known.join(", ")
        }
    )
}
