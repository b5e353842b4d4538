//! Identifier quoting, for every SQL strata writes: `--diff-schema`'s migrations, the DDL
//! of generated down.sql files, and the CLI's `CREATE DATABASE`/`DROP DATABASE`. It lives in
//! this crate, the lower of the two, so that the CLI quotes with the same functions.
//! (Database names cannot be bound as parameters, so the CLI quotes them too.)

/// How the target database quotes identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quote {
    /// `"name"`: PostgreSQL.
    Double,
    /// `` `name` ``: MySQL, and SQLite (which accepts both), as diesel writes it there.
    Backtick,
}

impl Quote {
    /// `name` quoted in this style.
    pub fn ident(self, name: &str) -> String {
        match self {
            Quote::Double => double(name),
            Quote::Backtick => backtick(name),
        }
    }
}

/// `name` in SQL-standard double quotes (SQLite, PostgreSQL), a `"` in it doubled, so
/// reserved words and capitals survive.
pub fn double(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `name` in MySQL's backticks, a `` ` `` in it doubled.
pub fn backtick(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

#[cfg(test)]
mod tests {
    use super::Quote;

    #[test]
    fn quotes_inside_names_are_doubled() {
        assert_eq!(Quote::Double.ident(r#"a"b"#), r#""a""b""#);
        assert_eq!(Quote::Backtick.ident("a`b"), "`a``b`");
        assert_eq!(Quote::Double.ident("a`b"), "\"a`b\"");
    }
}
