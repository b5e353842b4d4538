//! The `strata` binary: parse, run, and turn the outcome into an exit code.
//!
//! Exit codes: 0 on success, 1 on any error (printed to stderr with its causes), 2 for a
//! command line that does not parse (clap's own usage errors).

use std::process::ExitCode;

use clap::Parser;
use strata::args::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match strata::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
