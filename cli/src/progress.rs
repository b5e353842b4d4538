//! What a person sees while migrations run: the CLI's [`Observer`], also what an
//! application gets from [`crate::startup`] when it wants the CLI's output.
//!
//! - stdout carries diesel_cli's lines (`Running migration <name>`, `Rolling back migration
//!   <name>`) unchanged, so scripts that read them keep working;
//! - stderr carries the rest: how long each migration took, waits for the lock, warnings,
//!   and, when stderr is a terminal and a batch has [`BAR_THRESHOLD`] migrations or more, a
//!   progress bar redrawn in place (cleared before any other line is written, so it never
//!   ends up in a log).

use std::io::Write;
use std::time::{Duration, Instant};

use crate::migrate::{Direction, Migration, Observer};
use crate::term::{self, Colour, Painter, Stream};

/// The smallest batch that gets a progress bar: below it the lines are enough.
pub const BAR_THRESHOLD: usize = 10;

/// diesel_cli never announces its own set-up migration; neither does strata.
const DIESEL_SETUP_VERSION: &str = "00000000000000";

const BAR_WIDTH: usize = 30;

/// Prints progress as the CLI does.
#[derive(Debug)]
pub struct Progress {
    painter: Painter,
    bar: Option<Bar>,
    bar_allowed: bool,
}

#[derive(Debug)]
struct Bar {
    total: usize,
    done: usize,
    direction: Direction,
    started: Instant,
    drawn: bool,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}

impl Progress {
    pub fn new() -> Progress {
        Progress {
            painter: Painter::for_stream(Stream::Stderr),
            bar: None,
            bar_allowed: term::supports_escapes(Stream::Stderr),
        }
    }

    fn clear_bar(&mut self) {
        if let Some(bar) = &mut self.bar {
            if bar.drawn {
                eprint!("\r\x1b[2K");
                bar.drawn = false;
            }
        }
    }

    fn draw_bar(&mut self) {
        let Some(bar) = &mut self.bar else { return };
        if bar.done >= bar.total {
            self.bar = None;
            return;
        }
        let filled = BAR_WIDTH * bar.done / bar.total.max(1);
        let verb = match bar.direction {
            Direction::Up => "applied",
            Direction::Down => "reverted",
        };
        eprint!(
            "[{}{}] {}/{} {verb}, {}",
            "=".repeat(filled),
            " ".repeat(BAR_WIDTH - filled),
            bar.done,
            bar.total,
            term::human_duration(bar.started.elapsed()),
        );
        let _ = std::io::stderr().flush();
        bar.drawn = true;
    }
}

impl Observer for Progress {
    fn planned(&mut self, count: usize, direction: Direction) {
        self.clear_bar();
        self.bar = (self.bar_allowed && count >= BAR_THRESHOLD).then(|| Bar {
            total: count,
            done: 0,
            direction,
            started: Instant::now(),
            drawn: false,
        });
    }

    fn waiting_for_lock(&mut self, holder: &str) {
        self.clear_bar();
        eprintln!("Waiting for the migration lock, held by {holder}");
    }

    fn warning(&mut self, text: &str) {
        self.clear_bar();
        eprintln!("{text}");
        self.draw_bar();
    }

    fn adopted(&mut self, versions: &[String]) {
        self.clear_bar();
        eprintln!(
            "Recorded checksums for {} migration(s) applied by diesel_cli: {}",
            versions.len(),
            versions.join(", ")
        );
    }

    fn squash_adopted(&mut self, migration: &Migration, forgotten: &[String]) {
        self.clear_bar();
        eprintln!(
            "Recorded {} as applied without running it: this database had applied the {} \
             migrations it squashes, whose other {} version(s) leave the ledger",
            migration.name,
            migration.replaces.len(),
            forgotten.len()
        );
    }

    fn starting(&mut self, migration: &Migration, direction: Direction) {
        if migration.version == DIESEL_SETUP_VERSION {
            return;
        }
        self.clear_bar();
        let line = match direction {
            Direction::Up => format!("Running migration {}", migration.name),
            Direction::Down => format!("Rolling back migration {}", migration.name),
        };
        println!("{line}");
        let _ = std::io::stdout().flush();
        self.draw_bar();
    }

    fn finished(&mut self, migration: &Migration, direction: Direction, elapsed: Duration) {
        if let Some(bar) = &mut self.bar {
            bar.done += 1;
        }
        if migration.version == DIESEL_SETUP_VERSION {
            self.draw_bar();
            return;
        }
        self.clear_bar();
        let verb = match direction {
            Direction::Up => "applied",
            Direction::Down => "reverted",
        };
        let took = self.painter.paint(
            Colour::Dim,
            &format!("{verb} in {}", term::human_duration(elapsed)),
        );
        eprintln!("  {took}");
        self.draw_bar();
    }
}
