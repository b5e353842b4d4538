//! `migration lint`'s output: text for people, JSON for scripts, SARIF 2.1.0 for code
//! scanning, and GitHub Actions workflow commands (annotations on the pull request).

use serde_json::{json, Value};

use crate::migrate::lint::{Finding, Rule, Severity};
use crate::paths::shown;

/// A finding as printed: with its file as shown and what of the application uses it.
#[derive(Debug, Clone)]
pub struct Reported {
    pub finding: Finding,
    pub file: String,
    pub used_by: Vec<String>,
    /// The rule's severity, or the one `strata-lint.toml` gives it.
    pub severity: Severity,
}

impl Reported {
    pub fn new(finding: Finding, used_by: Vec<String>, severity: Severity) -> Reported {
        Reported {
            file: shown(&finding.file),
            finding,
            used_by,
            severity,
        }
    }

    fn message(&self) -> String {
        if self.used_by.is_empty() {
            self.finding.message.clone()
        } else {
            format!(
                "{} (used by {})",
                self.finding.message,
                self.used_by.join("; ")
            )
        }
    }

    /// `file:line: error[rule] message`.
    pub fn line(&self) -> String {
        format!(
            "{}:{}: {}[{}] {}",
            self.file,
            self.finding.line,
            self.severity.key(),
            self.finding.rule.id(),
            self.message()
        )
    }

    pub fn json(&self) -> Value {
        json!({
            "rule": self.finding.rule.id(),
            "severity": self.severity.key(),
            "migration": self.finding.migration,
            "file": self.file,
            "line": self.finding.line,
            "message": self.finding.message,
            "fix": self.finding.rule.fix(),
            "used_by": self.used_by,
        })
    }
}

pub fn text(findings: &[Reported]) -> String {
    let mut out = String::new();
    for reported in findings {
        out.push_str(&reported.line());
        out.push('\n');
        out.push_str(&format!("  fix: {}\n", reported.finding.rule.fix()));
    }
    out
}

/// GitHub's workflow command escaping: data and property values.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn github(findings: &[Reported]) -> String {
    let mut out = String::new();
    for reported in findings {
        let command = match reported.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "::{command} file={},line={},title={}::{}\n",
            escape_property(&reported.file),
            reported.finding.line,
            escape_property(reported.finding.rule.id()),
            escape_data(&format!(
                "{} (fix: {})",
                reported.message(),
                reported.finding.rule.fix()
            ))
        ));
    }
    out
}

/// A SARIF 2.1.0 log with one run: every rule in the driver, one result per finding.
pub fn sarif(findings: &[Reported]) -> Value {
    let level = |severity: Severity| match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id(),
                "shortDescription": { "text": rule.summary() },
                "help": { "text": rule.fix() },
                "defaultConfiguration": { "level": level(rule.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|reported| {
            let rule = reported.finding.rule;
            json!({
                "ruleId": rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == rule),
                "level": level(reported.severity),
                "message": { "text": format!("{} (fix: {})", reported.message(), rule.fix()) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": reported.file.replace('\\', "/") },
                        "region": { "startLine": reported.finding.line },
                    }
                }],
            })
        })
        .collect();
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "strata",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape_their_properties() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("a\nb: c"), "a%0Ab: c");
    }
}
