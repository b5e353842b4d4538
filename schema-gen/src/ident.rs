//! Turning database names into Rust identifiers, the way diesel_cli 2.3 does, and further
//! where diesel_cli's names would not compile.
//!
//! diesel_cli appends `_` to names on its reserved list (`type` → `type_`) and replaces
//! characters an identifier cannot hold with `_` (collapsing runs), keeping the real name in
//! `#[sql_name = "..."]`. Its list misses the newer keywords (`async`, `await`, `dyn`, `try`,
//! `gen`) and it leaves a leading digit alone, so those names would not compile; strata
//! renames them too and says so.

use std::borrow::Cow;

/// Whether a name is on diesel_cli 2.3's reserved list: Rust keywords of 2015 plus names
/// `table!` itself uses. A `match`, not a search of a list: the compiler turns it into a
/// length switch and word-sized compares, where a search called `memcmp` a dozen times for
/// each of the 40,000 names a 1,000-table schema asks about (4% of print-schema's time).
fn is_diesel_reserved(name: &str) -> bool {
    matches!(
        name,
        "Self"
            | "abstract"
            | "alignof"
            | "as"
            | "become"
            | "bool"
            | "box"
            | "break"
            | "columns"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "is_nullable"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "offsetof"
            | "override"
            | "priv"
            | "proc"
            | "pub"
            | "pure"
            | "ref"
            | "return"
            | "self"
            | "sizeof"
            | "static"
            | "struct"
            | "super"
            | "table"
            | "trait"
            | "true"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// Keywords of later editions that diesel_cli's list lacks: as identifiers they do not
/// compile (edition 2018+ for `async`/`await`/`dyn`/`try`, 2024 for `gen`).
fn is_later_keyword(name: &str) -> bool {
    matches!(name, "async" | "await" | "dyn" | "gen" | "try")
}

/// Why a name was renamed where diesel_cli would have kept it (and failed to compile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divergence {
    /// `async`, `await`, `dyn`, `try`, `gen`.
    LaterKeyword,
    /// Starts with a digit, or has no character an identifier can use.
    NotAnIdentifier,
    /// A column named like its table, which `table!` rejects.
    SameAsTable,
}

impl Divergence {
    pub fn reason(self) -> &'static str {
        match self {
            Divergence::LaterKeyword => "is a Rust keyword",
            Divergence::NotAnIdentifier => "is not a valid Rust identifier",
            Divergence::SameAsTable => {
                "has the same name as its table, which diesel's table! rejects"
            }
        }
    }
}

/// The Rust identifier for a database name, and whether strata differs from diesel_cli.
/// Borrowed when the name is already a usable identifier, as nearly every name is: the
/// printer asks for each column's identifier several times.
pub fn rust_name(sql_name: &str) -> (Cow<'_, str>, Option<Divergence>) {
    let diesel_reserved =
        is_diesel_reserved(sql_name) || (sql_name.starts_with("__") && !sql_name.ends_with('_'));
    if diesel_reserved {
        return (Cow::Owned(format!("{sql_name}_")), None);
    }
    if is_later_keyword(sql_name) {
        return (
            Cow::Owned(format!("{sql_name}_")),
            Some(Divergence::LaterKeyword),
        );
    }
    let starts_well = sql_name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    if starts_well
        && sql_name != "_"
        && sql_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return (Cow::Borrowed(sql_name), None);
    }
    let mut name = if sql_name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        sql_name.to_owned()
    } else {
        let mut out = String::with_capacity(sql_name.len());
        for c in sql_name.chars() {
            let c = if c.is_ascii_alphanumeric() { c } else { '_' };
            if !(c == '_' && out.ends_with('_')) {
                out.push(c);
            }
        }
        out
    };
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
        return (Cow::Owned(name), Some(Divergence::NotAnIdentifier));
    }
    if name == "_" {
        name.push_str("column");
        return (Cow::Owned(name), Some(Divergence::NotAnIdentifier));
    }
    (Cow::Owned(name), None)
}

/// The Rust name of a column inside its table's `table!`: like [`rust_name`], plus a `_`
/// when it would equal the table's own Rust name.
pub fn column_rust_name<'a>(
    table_rust_name: &str,
    column_sql_name: &'a str,
) -> (Cow<'a, str>, Option<Divergence>) {
    let (name, divergence) = rust_name(column_sql_name);
    if name == table_rust_name {
        return (
            Cow::Owned(format!("{name}_")),
            Some(Divergence::SameAsTable),
        );
    }
    (name, divergence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_word_is_renamed() {
        for word in ["Self", "abstract", "as", "is_nullable", "table", "yield"] {
            assert!(is_diesel_reserved(word), "{word}");
        }
        for word in ["self_", "Table", "tables", "a", "id", "c12"] {
            assert!(!is_diesel_reserved(word), "{word}");
        }
    }

    fn owned(
        (name, divergence): (Cow<'_, str>, Option<Divergence>),
    ) -> (String, Option<Divergence>) {
        (name.into_owned(), divergence)
    }

    #[test]
    fn diesel_renames_are_kept() {
        assert_eq!(owned(rust_name("type")), ("type_".to_owned(), None));
        assert_eq!(owned(rust_name("table")), ("table_".to_owned(), None));
        assert_eq!(owned(rust_name("__x")), ("__x_".to_owned(), None));
        assert_eq!(
            owned(rust_name("user name")),
            ("user_name".to_owned(), None)
        );
        assert_eq!(owned(rust_name("a__b c")), ("a_b_c".to_owned(), None));
        assert_eq!(owned(rust_name("Zones")), ("Zones".to_owned(), None));
        assert_eq!(
            owned(rust_name("é")),
            ("_column".to_owned(), Some(Divergence::NotAnIdentifier))
        );
    }

    #[test]
    fn names_diesel_cli_breaks_are_fixed() {
        for word in ["await", "dyn", "try", "gen", "async"] {
            assert_eq!(
                owned(rust_name(word)),
                (format!("{word}_"), Some(Divergence::LaterKeyword))
            );
        }
        assert_eq!(
            owned(rust_name("2fa_secret")),
            ("_2fa_secret".to_owned(), Some(Divergence::NotAnIdentifier))
        );
    }
}
