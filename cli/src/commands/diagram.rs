//! `strata schema diagram`: the live database as an entity-relationship diagram.
//!
//! The tables, columns and foreign keys come from the same introspection as print-schema
//! (a constant number of catalog queries); the drawing is `strata_schema_gen::diagram`'s.
//! Column types are diesel's SQL types, as schema.rs names them, so the diagram reads the
//! same on every backend.

use anyhow::{Context as _, Result};
use strata_schema_gen::diagram::{self, Diagram, Format, Relation};
use strata_schema_gen::model::Schema;

use crate::args::{DiagramArgs, DiagramFormat};
use crate::config::PrintSchemaSection;
use crate::context::Context;
use crate::print_options;

pub fn run(ctx: &Context, args: &DiagramArgs) -> Result<()> {
    let mut section = ctx
        .config
        .section("default")
        .cloned()
        .unwrap_or_else(PrintSchemaSection::default);
    if args.schema.is_some() {
        section.schema.clone_from(&args.schema);
    }
    let mut options = print_options::from_section(&section)?;
    // The diagram pictures the database, so it shows the views whatever schema.rs prints.
    options.include_views = true;
    let mut conn = ctx.connect()?;
    let introspection = conn
        .catalog()
        .introspect(&options)
        .context("cannot read the database schema")?;
    let format = match args.format {
        DiagramFormat::Mermaid => Format::Mermaid,
        DiagramFormat::Dot => Format::Dot,
        DiagramFormat::Svg => Format::Svg,
    };
    print!(
        "{}",
        diagram::render(&to_diagram(&introspection.schema), format)
    );
    Ok(())
}

fn to_diagram(schema: &Schema) -> Diagram {
    let tables = schema
        .tables
        .iter()
        .map(|table| diagram::Table {
            name: table.name.to_string(),
            columns: table
                .columns
                .iter()
                .map(|column| diagram::Column {
                    name: column.name.clone(),
                    sql_type: column.sql_type.rendered(),
                    primary_key: table.primary_key.contains(&column.name),
                    nullable: column.nullable,
                })
                .collect(),
            is_view: table.is_view(),
        })
        .collect();
    let relations = schema
        .foreign_keys
        .iter()
        .map(|key| Relation {
            from_table: key.child_table.to_string(),
            from_columns: key.child_columns.clone(),
            to_table: key.parent_table.to_string(),
            to_columns: key.parent_columns.clone(),
        })
        .collect();
    Diagram { tables, relations }
}
