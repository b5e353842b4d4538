//! Passwords in database URLs: where they are, so that no output (a URL shown, a driver's
//! error quoting it) gives one away.

use super::server::percent_decode;
use super::{scheme, DatabaseUrl};

/// The query keys whose values are secrets, as libpq and MySQL clients name them (compared
/// percent-decoded and in any case, so that no spelling of one is ever shown).
const SECRET_KEYS: [&str; 2] = ["password", "sslpassword"];

/// The userinfo password of `scheme://user:password@host/...`, as byte offsets into `raw`.
/// The user part runs to the last `@` before the first `/`: a password may hold `@`, `?`
/// and `#`, and libpq, which stops at the first `@`, then reads the rest as the host (and
/// may print it), so everything up to the last `@` is secret.
fn password_span(raw: &str) -> Option<(usize, usize)> {
    let start = raw.find("://")? + 3;
    let head = &raw[start..];
    let head = &head[..head.find('/').unwrap_or(head.len())];
    let at = head.rfind('@')?;
    let colon = head[..at].find(':')?;
    Some((start + colon + 1, start + at))
}

/// The values of `password=` and `sslpassword=` parameters, as byte offsets into `raw`:
/// every `key=value` after a `?` or `&`, wherever it stands.
fn secret_parameter_spans(raw: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for (index, _) in raw.match_indices(['?', '&']) {
        let pair_start = index + 1;
        let pair = &raw[pair_start..];
        let pair = &pair[..pair.find(['&', '#']).unwrap_or(pair.len())];
        let Some((key, _)) = pair.split_once('=') else {
            continue;
        };
        if SECRET_KEYS.contains(&percent_decode(key).trim().to_ascii_lowercase().as_str()) {
            let value_start = pair_start + key.len() + 1;
            spans.push((value_start, pair_start + pair.len()));
        }
    }
    spans
}

/// Replaces every password in a URL (userinfo, `password=`, `sslpassword=`) with `***`.
pub fn redact(raw: &str) -> String {
    if scheme(raw).is_none() {
        return raw.to_owned();
    }
    let mut spans = secret_parameter_spans(raw);
    spans.extend(password_span(raw));
    spans.sort_unstable();
    let mut out = String::with_capacity(raw.len());
    let mut done = 0;
    for (start, end) in spans {
        let start = start.max(done);
        if end <= start {
            continue;
        }
        out.push_str(&raw[done..start]);
        out.push_str("***");
        done = end;
    }
    out.push_str(&raw[done..]);
    out
}

impl DatabaseUrl {
    /// Every text that would give a password of this URL away if printed: each password
    /// as written and percent-decoded, and the pieces of it on either side of an `@` (a
    /// client that splits the URL at the first `@` prints the rest as a host name).
    /// Longest first, so that replacing them in turn never leaves a tail of a longer one.
    pub fn secrets(&self) -> Vec<String> {
        let raw = &self.raw;
        if scheme(raw).is_none() {
            return Vec::new();
        }
        let mut spans = secret_parameter_spans(raw);
        spans.extend(password_span(raw));
        let mut secrets = Vec::new();
        for (start, end) in spans {
            let written = &raw[start..end];
            for password in [written.to_owned(), percent_decode(written)] {
                let mut pieces: Vec<String> = password
                    .match_indices('@')
                    .flat_map(|(at, _)| [password[..at].to_owned(), password[at + 1..].to_owned()])
                    .collect();
                pieces.push(password);
                secrets.extend(pieces);
            }
        }
        secrets.retain(|secret| !secret.is_empty());
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        secrets.dedup();
        secrets
    }

    /// `message` (a driver's, which may quote the URL or a part of it) with the URL shown
    /// redacted and every [secret](Self::secrets) replaced by `***`.
    pub fn scrub(&self, message: &str) -> String {
        let mut message = message.replace(&self.raw, &redact(&self.raw));
        for secret in self.secrets() {
            message = message.replace(&secret, "***");
        }
        message
    }
}

#[cfg(test)]
mod tests {
    use super::super::DatabaseUrl;
    use super::redact;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://u:pw@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("mysql://u:p@ss@h/db"), "mysql://u:***@h/db");
        assert_eq!(redact("plain.db"), "plain.db");
        assert_eq!(redact("postgres://u:pa?ss@h/db"), "postgres://u:***@h/db");
        assert_eq!(redact("postgres://u:pa#ss@h/db"), "postgres://u:***@h/db");
        assert_eq!(
            redact("postgres://us:er:pa@ss@h/x"),
            "postgres://us:***@h/x"
        );
        assert_eq!(
            redact("postgres://u@h/x?sslmode=require&password=s3&PassWord=a%40b#frag"),
            "postgres://u@h/x?sslmode=require&password=***&PassWord=***#frag"
        );
        assert_eq!(
            redact("mysql://u@h/x?SSLPASSWORD=s3&pass%77ord=s4"),
            "mysql://u@h/x?SSLPASSWORD=***&pass%77ord=***"
        );
        assert_eq!(
            redact("postgres://h/x?passwords=kept"),
            "postgres://h/x?passwords=kept"
        );
        assert_eq!(redact("file:x.db?password=kept"), "file:x.db?password=kept");
    }

    #[test]
    fn every_piece_of_a_password_is_scrubbed_from_messages() {
        let url = DatabaseUrl::parse("postgres://us:er:s3cr@t4il@h/x?password=q%40rst").unwrap();
        assert_eq!(
            url.secrets(),
            [
                "er:s3cr@t4il",
                "er:s3cr",
                "q%40rst",
                "q@rst",
                "t4il",
                "rst",
                "q"
            ]
        );
        assert_eq!(
            url.scrub("could not translate host name \"t4il@h\"; user us password er:s3cr"),
            "could not translate host name \"***@h\"; user us password ***"
        );
        assert_eq!(
            url.scrub(&format!("cannot open {}", url.expose())),
            "cannot open postgres://us:***@h/x?password=***"
        );
        let url = DatabaseUrl::parse("mysql://u:s3%zz@h/x").unwrap();
        assert_eq!(url.scrub("bad token \"s3%zz\""), "bad token \"***\"");
        assert!(DatabaseUrl::parse("postgres://u@h/x")
            .unwrap()
            .secrets()
            .is_empty());
    }
}
