//! The `strata` binary: parse, run, and turn the outcome into an exit code.
//!
//! Exit codes: 0 on success, 1 on any error (printed to stderr with its causes), 2 for a
//! command line that does not parse (clap's own usage errors); `migration check` reports
//! its findings with 3-7. A closed stdout (`strata print-schema | head -1`) ends strata
//! quietly, killed by SIGPIPE as `ls` and `git` are (a shell shows 141).

use std::process::ExitCode;

fn main() -> ExitCode {
    die_of_sigpipe_when_stdout_closes();
    strata::backend::configure_cli_process();
    let cli = strata::schema_keys::parse_cli(std::env::args_os().collect());
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

/// Rust ignores SIGPIPE, so `print!` to a pipe whose reader has gone panics ("failed
/// printing to stdout: Broken pipe"), exit code 101 with a backtrace hint. Every output goes
/// through `print!`/`println!`, so this one hook turns exactly that panic into the death
/// by SIGPIPE that a Unix tool has when its reader stops reading; any other panic is
/// reported as before.
fn die_of_sigpipe_when_stdout_closes() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        // The OS's text for EPIPE, which is how std's message ends.
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            // `verify` prints while its scratch database exists.
            strata::backend::scratch::drop_all_now();
            let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
            std::process::exit(128 + signal_hook::consts::SIGPIPE);
        }
        report(info);
    }));
}
