//! `strata print-schema`: the schema of the live database on stdout.

use anyhow::{anyhow, Result};

use crate::args::PrintSchemaArgs;
use crate::config::PrintSchemaSection;
use crate::context::Context;
use crate::{print_options, schema_file};

pub fn run(ctx: &Context, args: &PrintSchemaArgs) -> Result<()> {
    let section = match ctx.config.section(&args.schema_key) {
        Some(section) => section.clone(),
        None if args.schema_key == "default" => PrintSchemaSection::default(),
        None => {
            let known: Vec<&str> = ctx
                .config
                .print_schema
                .iter()
                .map(|s| s.name.as_deref().unwrap_or("default"))
                .collect();
            return Err(anyhow!(
                "no [print_schema.{}] section in {}; sections: {}",
                args.schema_key,
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
    let options = print_options::from_section(&section)?;
    let mut conn = ctx.connect()?;
    let generated = schema_file::generate(&mut conn, &options, section.patch_file.as_deref())?;
    schema_file::warn_recursion_limit(&generated, None);
    print!("{}", generated.text);
    Ok(())
}
