//! Turning database names into Rust identifiers, the way diesel_cli 2.3.14 does, and further
//! where diesel_cli's names would not compile.
//!
//! diesel_cli maps every character outside `[A-Za-z0-9_]` to `_` (a run of them to one `_`,
//! leaving the name's own underscores alone), puts `_` before a leading digit, and appends
//! `_` to a name syn does not accept as an identifier (a keyword, `_`, the empty name), to
//! `table`, `columns` and `is_nullable`, to names starting with `__`, and to a column named
//! like its table's Rust name. The real name goes in `#[sql_name = ...]`.
//!
//! Some of its names still do not compile, and strata renames those too, with a warning:
//! `gen` (a keyword since Rust 2024, the edition `cargo new` picks), names that `table!`'s
//! own expansion uses (a column `bool`, a table `diesel`), and a column whose renamed name
//! meets its renamed table's (`type` in `type`).

use std::borrow::Cow;

/// Whether diesel_cli 2.3.14 appends `_` to a name (after mapping its characters). It asks
/// syn whether the name parses as an identifier; a mapped name only holds `[A-Za-z0-9_]` and
/// never starts with a digit, so syn refuses exactly the empty name, `_` and its keyword list
/// (all editions' keywords up to 2018, reserved ones included). A `match`, not a search of a
/// list: a 1,000-table schema asks about 40,000 names.
fn is_diesel_reserved(name: &str) -> bool {
    matches!(
        name,
        "" | "_"
            | "Self"
            | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "columns"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
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
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "table"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    ) || (name.starts_with("__") && !name.ends_with('_'))
}

/// Column names that compile nowhere inside `table!`: its expansion defines one struct per
/// column next to code that names these (`bool`, `str` and `usize` as types, `Ok`, the
/// generic parameters `DB`, `T` and `QS`, the `diesel` crate, `star`, `dsl`, `all_columns`
/// and `SqlType`). `usize` clashes only with the `MAX_LENGTH` constant of a column that has
/// a `#[max_length]`.
fn breaks_table_macro(column: &str, has_max_length: bool) -> bool {
    matches!(
        column,
        "bool"
            | "str"
            | "Ok"
            | "DB"
            | "T"
            | "QS"
            | "diesel"
            | "star"
            | "dsl"
            | "all_columns"
            | "SqlType"
    ) || (column == "usize" && has_max_length)
}

/// Why a name was renamed where diesel_cli would have kept it (and failed to compile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divergence {
    /// `gen`, reserved since Rust 2024.
    LaterKeyword,
    /// A name `table!` (or, for a table, the `diesel::` paths beside it) needs for itself.
    UsedByDiesel,
    /// A column whose Rust name is its table's, which `table!` rejects.
    SameAsTable,
    /// The empty name, which diesel_cli prints as `_`.
    NotAnIdentifier,
}

impl Divergence {
    pub fn reason(self) -> &'static str {
        match self {
            Divergence::LaterKeyword => "is a Rust keyword since the 2024 edition",
            Divergence::UsedByDiesel => {
                "is a name diesel's table! uses itself, so diesel_cli's output does not compile"
            }
            Divergence::SameAsTable => {
                "gets the same Rust name as its table, which diesel's table! rejects"
            }
            Divergence::NotAnIdentifier => "is empty, and `_` is not an identifier",
        }
    }
}

fn unmappable(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || c == '_')
}

/// The name with diesel_cli's character mapping applied: `_` before a leading digit, and
/// one `_` for each run of characters an identifier cannot hold.
fn mapped(sql_name: &str) -> Cow<'_, str> {
    let push_mapped = |out: &mut String, tail: &str, mut after_replacement: bool| {
        for c in tail.chars() {
            if unmappable(c) {
                if !after_replacement {
                    out.push('_');
                }
                after_replacement = true;
            } else {
                after_replacement = false;
                out.push(c);
            }
        }
    };
    if sql_name.starts_with(|c: char| c.is_ascii_digit()) {
        let mut out = String::with_capacity(sql_name.len() + 1);
        out.push('_');
        push_mapped(&mut out, sql_name, true);
        return Cow::Owned(out);
    }
    match sql_name.find(unmappable) {
        None => Cow::Borrowed(sql_name),
        Some(at) => {
            let mut out = String::with_capacity(sql_name.len());
            out.push_str(&sql_name[..at]);
            push_mapped(&mut out, &sql_name[at..], false);
            Cow::Owned(out)
        }
    }
}

/// diesel_cli 2.3.14's Rust name for a table (`table_ident` = `None`) or for a column of
/// the table with that Rust name.
fn diesel_rust_name<'a>(sql_name: &'a str, table_ident: Option<&str>) -> Cow<'a, str> {
    let name = mapped(sql_name);
    if is_diesel_reserved(&name) || table_ident == Some(&*name) {
        Cow::Owned(format!("{name}_"))
    } else {
        name
    }
}

fn suffixed(name: Cow<'_, str>) -> Cow<'_, str> {
    Cow::Owned(format!("{name}_"))
}

/// The Rust identifier for a table (or schema) name, and whether strata differs from
/// diesel_cli. Borrowed when the name is already a usable identifier, as nearly every name
/// is.
pub fn rust_name(sql_name: &str) -> (Cow<'_, str>, Option<Divergence>) {
    let name = diesel_rust_name(sql_name, None);
    match &*name {
        "_" => (suffixed(name), Some(Divergence::NotAnIdentifier)),
        "gen" => (suffixed(name), Some(Divergence::LaterKeyword)),
        // A module named `diesel` hides the crate from every `diesel::` path beside it.
        "diesel" => (suffixed(name), Some(Divergence::UsedByDiesel)),
        _ => (name, None),
    }
}

/// The Rust name of a column inside the `table!` of the table whose Rust name is
/// `table_ident`; `has_max_length` says whether the column prints a `#[max_length]`.
pub fn column_rust_name<'a>(
    table_ident: &str,
    column_sql_name: &'a str,
    has_max_length: bool,
) -> (Cow<'a, str>, Option<Divergence>) {
    let name = diesel_rust_name(column_sql_name, Some(table_ident));
    let (name, divergence) = if name == "_" {
        (suffixed(name), Some(Divergence::NotAnIdentifier))
    } else if name == "gen" {
        (suffixed(name), Some(Divergence::LaterKeyword))
    } else if breaks_table_macro(&name, has_max_length) {
        (suffixed(name), Some(Divergence::UsedByDiesel))
    } else {
        (name, None)
    };
    if name == table_ident {
        return (suffixed(name), Some(Divergence::SameAsTable));
    }
    (name, divergence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(
        (name, divergence): (Cow<'_, str>, Option<Divergence>),
    ) -> (String, Option<Divergence>) {
        (name.into_owned(), divergence)
    }

    fn plain(name: &str) -> (String, Option<Divergence>) {
        (name.to_owned(), None)
    }

    #[test]
    fn diesel_cli_2_3_14_names() {
        for (sql, rust) in [
            ("type", "type_"),
            ("table", "table_"),
            ("async", "async_"),
            ("await", "await_"),
            ("dyn", "dyn_"),
            ("try", "try_"),
            ("__x", "__x_"),
            ("__x_", "__x_"),
            ("user name", "user_name"),
            ("a__b c", "a__b_c"),
            ("a _b", "a__b"),
            ("a - b", "a_b"),
            ("Zones", "Zones"),
            ("é", "__"),
            ("_", "__"),
            ("2fa_secret", "_2fa_secret"),
            ("2 fa", "_2_fa"),
            ("-1x", "_1x"),
            ("sizeof", "sizeof"),
            ("bool", "bool"),
        ] {
            assert_eq!(owned(rust_name(sql)), plain(rust), "{sql:?}");
        }
    }

    #[test]
    fn a_column_named_like_its_table_gets_a_trailing_underscore() {
        assert_eq!(
            owned(column_rust_name("events", "events", false)),
            plain("events_")
        );
        assert_eq!(
            owned(column_rust_name("type_", "type", false)),
            ("type__".to_owned(), Some(Divergence::SameAsTable))
        );
    }

    #[test]
    fn names_diesel_cli_breaks_are_fixed() {
        assert_eq!(
            owned(rust_name("gen")),
            ("gen_".to_owned(), Some(Divergence::LaterKeyword))
        );
        assert_eq!(
            owned(rust_name("")),
            ("__".to_owned(), Some(Divergence::NotAnIdentifier))
        );
        assert_eq!(
            owned(rust_name("diesel")),
            ("diesel_".to_owned(), Some(Divergence::UsedByDiesel))
        );
        for column in ["bool", "str", "Ok", "T", "star", "SqlType"] {
            assert_eq!(
                owned(column_rust_name("t", column, false)),
                (format!("{column}_"), Some(Divergence::UsedByDiesel))
            );
        }
        assert_eq!(owned(column_rust_name("t", "usize", false)), plain("usize"));
        assert_eq!(
            owned(column_rust_name("t", "usize", true)),
            ("usize_".to_owned(), Some(Divergence::UsedByDiesel))
        );
    }
}
