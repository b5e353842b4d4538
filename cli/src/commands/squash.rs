//! `strata migration squash --up-to VERSION [--name NAME] [--write]`: the migrations up to
//! VERSION replaced by one written from the schema and rows they build, proven in scratch
//! databases before anything is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};

use super::generated_dir;
use crate::args::SquashArgs;
use crate::context::Context;
use crate::migrate::squash::{Generated, Image, Proof, Rows};
use crate::migrate::{source, Migration};
use crate::paths::shown;

pub fn run(ctx: &Context, args: &SquashArgs) -> Result<ExitCode> {
    let dir = ctx.migrations_dir()?;
    let migrations = source::discover(&dir)?;
    let Ok(index) = source::position_of(&migrations, &args.up_to) else {
        bail!(
            "no migration in {} has the version or name `{}`",
            shown(&dir),
            args.up_to
        );
    };
    if index == 0 {
        bail!(
            "{} is the first migration in {}: there is nothing to squash it with",
            migrations[0].name,
            shown(&dir)
        );
    }
    let (replaced, rest) = migrations.split_at(index + 1);
    // Adoption takes a database that applied the newest replaced version to have applied
    // them all, which a migration applied out of order would belie.
    if let Some(early) = replaced.iter().find(|m| m.allow_out_of_order) {
        bail!(
            "{} may be applied out of order (`allow_out_of_order = true` in its \
             metadata.toml): a database could have applied the migrations after it but not it, \
             and would record the squash as applied without it; squash up to a version before \
             it",
            early.name
        );
    }
    let last = &replaced[index];
    let prefix = last.name.split('_').next().unwrap_or(&last.name);
    let (squashed_name, _) = generated_dir::directory_name(prefix, &args.name)?;

    let (image, generated) =
        super::in_scratch_database(ctx, &dir, migrations.clone(), |migrator, _| {
            let image = migrator.image_after(&last.version)?;
            let header = header(replaced);
            let generated = migrator.generate(&image, &header)?;
            Ok((image, generated))
        })
        .with_context(|| {
            format!(
                "could not read the schema the migrations up to {} build",
                last.name
            )
        })?;
    let squashed = generated.migration(
        &dir,
        last.version.clone(),
        squashed_name.clone(),
        replaced_versions(replaced),
    );
    let mut proven: Vec<Migration> = vec![squashed.clone()];
    proven.extend(rest.iter().cloned());
    let proof = super::in_scratch_database(ctx, &dir, proven, |migrator, _| {
        Ok(migrator.prove_generated(&image, Rows::Carried)?)
    })?;

    print_plan(replaced, rest, &squashed, &image, &generated);
    if !proof.passed() {
        print_failures(&proof);
        let kept = generated_dir::keep_for_inspection(&squashed);
        eprintln!(
            "error: the squashed migration does not reproduce the original ones; nothing was \
             written to {}{kept}",
            shown(&dir)
        );
        return Ok(ExitCode::FAILURE);
    }
    println!(
        "Proven in scratch databases: up.sql gives the schema{} of the {} migrations, down.sql \
         an empty database{}",
        if image.data.is_empty() {
            ""
        } else {
            " and rows"
        },
        replaced.len(),
        match rest.len() {
            0 => String::new(),
            1 => ", and the migration after it passes `strata migration verify`".to_owned(),
            n => format!(", and the {n} migrations after it pass `strata migration verify`"),
        }
    );
    if !args.write {
        println!(
            "Nothing was written: run again with --write to replace the {} directories by {}",
            replaced.len(),
            squashed_name
        );
        return Ok(ExitCode::SUCCESS);
    }
    write(&dir, replaced, &squashed)?;
    println!(
        "Wrote {} and removed the {} directories it replaces. A database that applied all of \
         them records it as applied on its next `strata migration run`, without running it.",
        shown(&squashed.dir),
        replaced.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `3 tables`, `1 index`.
pub(super) fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        _ if noun.ends_with('x') => format!("{n} {noun}es"),
        _ => format!("{n} {noun}s"),
    }
}

fn header(replaced: &[Migration]) -> String {
    let first = &replaced[0];
    let last = &replaced[replaced.len() - 1];
    format!(
        "-- Squashed by `strata migration squash` from the {} migrations {} to {}.\n",
        replaced.len(),
        first.name,
        last.name
    )
}

/// Every version the migrations replace: their own, or for one squashed before, the ones
/// it replaced.
fn replaced_versions(replaced: &[Migration]) -> Vec<String> {
    let mut versions: Vec<String> = replaced
        .iter()
        .flat_map(|m| {
            if m.replaces.is_empty() {
                vec![m.version.clone()]
            } else {
                m.replaces.clone()
            }
        })
        .collect();
    versions.sort();
    versions.dedup();
    versions
}

fn print_plan(
    replaced: &[Migration],
    rest: &[Migration],
    squashed: &Migration,
    image: &Image,
    generated: &Generated,
) {
    println!(
        "Squashing {} migrations ({} to {}) into {}:",
        replaced.len(),
        replaced[0].name,
        replaced[replaced.len() - 1].name,
        squashed.name
    );
    let mut kinds: Vec<(&'static str, usize)> = Vec::new();
    for (id, _) in image.snapshot.objects() {
        let noun = id.kind.noun();
        match kinds.iter_mut().find(|(k, _)| *k == noun) {
            Some((_, n)) => *n += 1,
            None => kinds.push((noun, 1)),
        }
    }
    let objects: Vec<String> = kinds.iter().map(|(k, n)| counted(*n, k)).collect();
    println!(
        "  up.sql: {} creating {}",
        counted(generated.statements, "statement"),
        if objects.is_empty() {
            "nothing".to_owned()
        } else {
            objects.join(", ")
        }
    );
    for carried in &image.carried {
        println!("    and {}", carried.label);
    }
    if image.data.is_empty() {
        println!("  rows: none (no rows the migrations wrote remain)");
    } else {
        println!(
            "  rows: {} written by the migrations, carried as INSERTs:",
            image.rows()
        );
        for table in &image.data {
            println!("    {}: {}", table.table, table.inserts.len());
        }
    }
    if !image.counters.is_empty() {
        println!(
            "  counters: {} setting them where they stand",
            counted(image.counters.len(), "statement")
        );
    }
    println!(
        "  metadata.toml: replaces {}; migrations after it, kept as they are: {}",
        counted(squashed.replaces.len(), "version"),
        rest.len()
    );
}

fn print_failures(proof: &Proof) {
    for failure in &proof.failures {
        eprintln!("  {failure}");
    }
    for verdict in proof.rest.iter().filter(|v| !v.result.passed()) {
        eprintln!(
            "  {} does not pass `strata migration verify` after the squashed migration (if it \
             fails before the squash too, fix it first: `strata migration verify {}`)",
            verdict.name, verdict.version
        );
    }
}

/// Replaces the directories `replaced` by the squashed migration so that the migrations
/// directory never holds both, nor half of either: the new one is written under a hidden
/// name, the replaced ones are moved aside under a hidden name (a rename each), the new one
/// is renamed into place, and only then are the old ones deleted. A failure before the
/// last step moves everything back.
fn write(dir: &Path, replaced: &[Migration], squashed: &Migration) -> Result<()> {
    let aside = dir.join(format!(".strata-squashed-{}", squashed.name));
    // Left by a squash killed between its renames: it holds migrations, never deleted here.
    if aside.exists() {
        bail!(
            "{} is left from a squash that was interrupted and holds migration directories it \
             had moved aside: move them back into {} (or, if {} is in place, delete it), then \
             run again",
            shown(&aside),
            shown(dir),
            squashed.name
        );
    }
    let staging =
        generated_dir::stage(dir, &format!(".strata-squash-{}", squashed.name), squashed)?;
    std::fs::create_dir(&aside).with_context(|| format!("cannot create {}", shown(&aside)))?;
    let mut moved: Vec<(&Path, PathBuf)> = Vec::new();
    let mut swap = || -> Result<()> {
        for migration in replaced {
            let to = aside.join(&migration.name);
            std::fs::rename(&migration.dir, &to)
                .with_context(|| format!("cannot move {} aside", shown(&migration.dir)))?;
            moved.push((&migration.dir, to));
        }
        std::fs::rename(&staging, &squashed.dir).with_context(|| {
            format!(
                "cannot rename {} to {}",
                shown(&staging),
                shown(&squashed.dir)
            )
        })
    };
    if let Err(error) = swap() {
        for (from, to) in moved.iter().rev() {
            let _ = std::fs::rename(to, from);
        }
        let _ = std::fs::remove_dir(&aside);
        let _ = std::fs::remove_dir_all(&staging);
        return Err(error.context("the migrations directory is as it was"));
    }
    std::fs::remove_dir_all(&aside).with_context(|| {
        format!(
            "{} is in place, but the directories it replaces are left in {}: remove it",
            shown(&squashed.dir),
            shown(&aside)
        )
    })
}
