//! The `strata` binary: parse, run, and turn the outcome into an exit code.
//!
//! Exit codes: 0 on success, 1 on any error (printed to stderr with its causes), 2 for a
//! command line that does not parse (clap's own usage errors); `migration check` reports
//! its findings with 3-7.

use std::process::ExitCode;

use clap::Parser;
use strata::args::Cli;

fn main() -> ExitCode {
    strata::backend::configure_cli_process();
    let cli = Cli::parse();
    match strata::commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            for cause in error.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::FAILURE
        }
    }
}
