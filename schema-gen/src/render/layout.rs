//! The few rustfmt layout rules that `schema.rs` depends on.
//!
//! diesel_cli pipes its output through rustfmt (default settings). Only two constructs in a
//! schema file are laid out by rustfmt rather than kept as written: function-like macro
//! calls (`allow_tables_to_appear_in_same_query!(...)`) and `#[derive(...)]` attributes.
//! Reproducing just those rules keeps the output identical without needing rustfmt.

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `short_array_element_width_threshold`: when every item is at most this wide, a
/// broken list packs several items per line instead of one.
const SHORT_ITEM_WIDTH: usize = 10;
/// A `#[derive(...)]` stays on one line up to this width (rustfmt measures attributes
/// against `max_width` less the `#[` and `)]` it adds back).
const ONE_LINE_DERIVE_WIDTH: usize = 96;
const INDENT: &str = "    ";

/// A macro call `head(items,);` at `indent` levels, keeping the trailing comma rustfmt keeps
/// in macro input: one line when it fits in `max_width` (measured without that comma);
/// else items packed several per line when all are short; else one item per line.
pub fn macro_call(indent: usize, head: &str, items: &[String]) -> String {
    let pad = INDENT.repeat(indent);
    let joined = items.join(", ");
    if pad.len() + head.len() + 1 + joined.len() + 2 <= MAX_WIDTH {
        return format!("{pad}{head}({joined},);");
    }
    let item_pad = format!("{pad}{INDENT}");
    let mut out = format!("{pad}{head}(\n");
    if items.iter().all(|item| item.len() <= SHORT_ITEM_WIDTH) {
        // A line takes items while it stays within max_width less one column (the room
        // rustfmt keeps for the separator's space).
        let mut line = String::new();
        for item in items {
            let added = if line.is_empty() { 1 } else { 2 };
            if !line.is_empty() && item_pad.len() + line.len() + added + item.len() > MAX_WIDTH - 1
            {
                out.push_str(&format!("{item_pad}{line}\n"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(item);
            line.push(',');
        }
        out.push_str(&format!("{item_pad}{line}\n"));
    } else {
        for item in items {
            out.push_str(&format!("{item_pad}{item},\n"));
        }
    }
    out.push_str(&format!("{pad});"));
    out
}

/// A `#[derive(...)]` attribute at `indent` levels: on one line when it fits; else the paths
/// on one line of their own inside the parentheses when that fits; else one per line.
pub fn derive_attribute(indent: usize, paths: &[String]) -> String {
    let pad = INDENT.repeat(indent);
    let args = paths.join(", ");
    let one_line = format!("{pad}#[derive({args})]");
    if one_line.len() <= ONE_LINE_DERIVE_WIDTH {
        return one_line;
    }
    let inner = format!("{pad}{INDENT}{args}");
    if inner.len() <= MAX_WIDTH {
        return format!("{pad}#[derive(\n{inner},\n{pad})]");
    }
    let mut out = format!("{pad}#[derive(\n");
    for path in paths {
        out.push_str(&format!("{pad}{INDENT}{path},\n"));
    }
    out.push_str(&format!("{pad})]"));
    out
}

/// Indents every non-empty line of `text` by `levels`.
pub fn indent(text: &str, levels: usize) -> String {
    let pad = INDENT.repeat(levels);
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &str) -> Vec<String> {
        list.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn short_call_stays_on_one_line() {
        assert_eq!(macro_call(0, "m!", &names("a b")), "m!(a, b,);");
    }

    #[test]
    fn short_items_are_packed_several_per_line() {
        let items: Vec<String> = (0..30).map(|i| format!("t{i:02}")).collect();
        assert_eq!(
            macro_call(0, "diesel::allow_tables_to_appear_in_same_query!", &items),
            "diesel::allow_tables_to_appear_in_same_query!(\n    t00, t01, t02, t03, t04, t05, t06, \
             t07, t08, t09, t10, t11, t12, t13, t14, t15, t16, t17, t18,\n    t19, t20, t21, t22, \
             t23, t24, t25, t26, t27, t28, t29,\n);"
        );
    }

    #[test]
    fn call_wider_than_max_width_goes_vertical() {
        let items = names("categories comments email_bounces messages orphans posts users");
        assert_eq!(
            macro_call(0, "diesel::allow_tables_to_appear_in_same_query!", &items),
            "diesel::allow_tables_to_appear_in_same_query!(\n    categories,\n    comments,\n    \
             email_bounces,\n    messages,\n    orphans,\n    posts,\n    users,\n);"
        );
    }

    #[test]
    fn long_derive_moves_paths_to_their_own_line() {
        let paths = names(
            "diesel::query_builder::QueryId Clone std::fmt::Debug diesel::sql_types::SqlType",
        );
        assert_eq!(
            derive_attribute(1, &paths),
            "    #[derive(\n        diesel::query_builder::QueryId, Clone, std::fmt::Debug, \
             diesel::sql_types::SqlType,\n    )]"
        );
    }
}
