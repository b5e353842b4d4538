//! `-- strata:allow(<rule-id>, ...) reason`: comments on the lines just before a statement
//! that silence rules for that statement.

use super::Rule;

/// The rules the comments directly above line `line` (1-based) of `text` allow, and the
/// ids they name that are no rule (reported, so that a typo does not silence nothing
/// quietly). Only comment lines (and blank lines) between the previous statement and this
/// one count.
pub fn allowed_rules(text: &str, line: usize) -> (Vec<Rule>, Vec<String>) {
    let lines: Vec<&str> = text.lines().collect();
    let mut rules = Vec::new();
    let mut unknown = Vec::new();
    let mut at = line.saturating_sub(1);
    while at > 0 {
        let current = lines.get(at - 1).map_or("", |l| l.trim());
        if !(current.is_empty() || current.starts_with("--")) {
            break;
        }
        let mut rest = current;
        while let Some(start) = rest.find("strata:allow(") {
            let after = &rest[start + "strata:allow(".len()..];
            let Some(end) = after.find(')') else { break };
            for id in after[..end]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match Rule::from_id(id) {
                    Some(rule) => rules.push(rule),
                    None => unknown.push(id.to_owned()),
                }
            }
            rest = &after[end..];
        }
        at -= 1;
    }
    (rules, unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_just_above_a_statement_allow_rules() {
        let text = "SELECT 1;\n-- strata:allow(table-rewrite) small table\n\n-- strata:allow(drops-column, nope)\nALTER TABLE t DROP COLUMN c;\n";
        let (rules, unknown) = allowed_rules(text, 5);
        assert_eq!(rules, [Rule::DropsColumn, Rule::TableRewrite]);
        assert_eq!(unknown, ["nope"]);
        assert_eq!(allowed_rules(text, 1), (vec![], vec![]));
    }

    #[test]
    fn a_statement_in_between_ends_the_comments() {
        let text = "-- strata:allow(table-rewrite)\nSELECT 1;\nALTER TABLE t DROP COLUMN c;\n";
        assert_eq!(allowed_rules(text, 3), (vec![], vec![]));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in "(\\PC|\n|-- strata:allow\\(|\\)|,)*", line in 0usize..40) {
            let _ = allowed_rules(&text, line);
        }
    }
}
