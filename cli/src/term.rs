//! What the terminal can show: colour and redrawn lines only when a person is watching.
//!
//! Colour follows the common conventions (<https://no-color.org>): on when the stream is a
//! terminal, off when it is piped or redirected, when `NO_COLOR` is set to anything
//! non-empty, or when `TERM=dumb`. Scripts reading strata's output therefore never see
//! escape codes.

use std::io::IsTerminal;

/// Which standard stream a piece of output goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// Whether escape codes (colour, redrawing a line) may be written to `stream`.
pub fn supports_escapes(stream: Stream) -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    !no_color && !dumb && stream.is_terminal()
}

/// The few colours strata uses, each with one meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// Done, fine.
    Green,
    /// Waiting to be done.
    Yellow,
    /// Needs a person.
    Red,
    /// Secondary detail.
    Dim,
}

/// Paints text when enabled; otherwise passes it through untouched.
#[derive(Debug, Clone, Copy)]
pub struct Painter {
    enabled: bool,
}

impl Painter {
    pub fn for_stream(stream: Stream) -> Painter {
        Painter {
            enabled: supports_escapes(stream),
        }
    }

    pub fn paint(self, colour: Colour, text: &str) -> String {
        if !self.enabled {
            return text.to_owned();
        }
        let code = match colour {
            Colour::Green => "32",
            Colour::Yellow => "33",
            Colour::Red => "31",
            Colour::Dim => "2",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// A duration as people read it: `12 ms` under a second, `1.25 s` above.
pub fn human_duration(duration: std::time::Duration) -> String {
    let millis = duration.as_millis();
    if millis < 1000 {
        format!("{millis} ms")
    } else {
        format!("{:.2} s", duration.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::from_micros(400)), "0 ms");
        assert_eq!(human_duration(Duration::from_millis(12)), "12 ms");
        assert_eq!(human_duration(Duration::from_millis(1250)), "1.25 s");
    }

    #[test]
    fn plain_painter_adds_nothing() {
        assert_eq!(Painter { enabled: false }.paint(Colour::Red, "x"), "x");
        let painted = Painter { enabled: true }.paint(Colour::Green, "ok");
        assert_eq!(painted, "\x1b[32mok\x1b[0m");
    }
}
