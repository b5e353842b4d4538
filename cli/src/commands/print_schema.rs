//! `strata print-schema`: the schema of the live database on stdout.

use anyhow::{anyhow, Result};

use crate::args::PrintSchemaArgs;
use crate::config::PrintSchemaSection;
use crate::context::Context;
use crate::{print_options, schema_file};

pub fn run(ctx: &Context, args: &PrintSchemaArgs) -> Result<()> {
    if args.schema_key.is_none() && ctx.config.print_schema.iter().any(|s| s.name.is_some()) {
        return run_every_section(ctx, args);
    }
    let key = args.schema_key.as_deref().unwrap_or("default");
    let section = match ctx.config.section(key) {
        Some(section) => section.clone(),
        None if key == "default" => PrintSchemaSection::default(),
        None => {
            let known: Vec<&str> = ctx
                .config
                .print_schema
                .iter()
                .map(|s| s.name.as_deref().unwrap_or("default"))
                .collect();
            return Err(anyhow!(
                "no [print_schema.{key}] section in {}; sections: {}",
                crate::paths::shown(&ctx.config_path),
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ));
        }
    };
    let section = print_options::apply_flags(section, args);
    let mut conn = ctx.connect()?;
    print_section(&mut conn, &section)
}

/// diesel_cli 2.3.14, given [print_schema.NAME] sections and no --schema-key, prints the
/// schema of every section, one after the other, in the order of their names (the unnamed
/// section is `default`, an empty one when the file has none, and a [print_schema.default]
/// replaces it). It applies no flag then: flags go to the section --schema-key names.
fn run_every_section(ctx: &Context, args: &PrintSchemaArgs) -> Result<()> {
    let name = |s: &PrintSchemaSection| s.name.clone().unwrap_or_else(|| "default".to_owned());
    let mut sections: Vec<PrintSchemaSection> = Vec::new();
    for section in &ctx.config.print_schema {
        if !sections.iter().any(|s| name(s) == name(section)) {
            sections.push(section.clone());
        } else if section.name.is_some() {
            sections.retain(|s| name(s) != name(section));
            sections.push(section.clone());
        }
    }
    if !sections.iter().any(|s| name(s) == "default") {
        sections.push(PrintSchemaSection::default());
    }
    sections.sort_by_key(|s| name(s));
    if sections
        .iter()
        .any(|s| print_options::apply_flags(s.clone(), args) != *s)
    {
        eprintln!(
            "warning: {} has several [print_schema] sections and no --schema-key names one, so the \
             print-schema flags are ignored (as diesel_cli ignores them); every section is \
             printed as configured",
            crate::paths::shown(&ctx.config_path)
        );
    }
    let mut conn = ctx.connect()?;
    for section in &sections {
        print_section(&mut conn, section)?;
    }
    Ok(())
}

fn print_section(
    conn: &mut crate::backend::Connection,
    section: &PrintSchemaSection,
) -> Result<()> {
    let options = print_options::from_section(section)?;
    let generated = schema_file::generate(conn, &options, section.patch_file.as_deref())?;
    schema_file::warn_recursion_limit(&generated, None);
    print!("{}", generated.text);
    Ok(())
}
