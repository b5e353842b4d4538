//! `strata-lint.toml`, beside `diesel.toml`: project-wide lint settings. A file of its own
//! because diesel_cli 2.3.14 reads `diesel.toml` with `#[serde(deny_unknown_fields)]`, so a
//! `[strata.lint]` table there would break every diesel_cli command on the project.
//!
//! ```toml
//! # rules not reported anywhere in the project
//! allow = ["pg-access-exclusive-lock"]
//! # rules reported as warnings, which do not fail `lint` or `check`
//! warn = ["sqlite-table-rebuild", "changes-column-type"]
//! ```

use std::path::{Path, PathBuf};

use crate::migrate::lint::{Rule, Severity};
use crate::paths::shown;

/// The file's name, in the directory of `diesel.toml`.
pub const FILE_NAME: &str = "strata-lint.toml";

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LintSettings {
    pub allow: Vec<Rule>,
    pub warn: Vec<Rule>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read {}", shown(path))]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", shown(path))]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    warn: Vec<String>,
}

impl LintSettings {
    /// Reads `strata-lint.toml` in `dir`; the defaults when there is none.
    pub fn read(dir: &Path) -> Result<LintSettings, SettingsError> {
        let path = dir.join(FILE_NAME);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(LintSettings::default())
            }
            Err(source) => return Err(SettingsError::Read { path, source }),
        };
        LintSettings::parse(&text).map_err(|message| SettingsError::Invalid { path, message })
    }

    fn parse(text: &str) -> Result<LintSettings, String> {
        let file: File = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        let rules = |key: &str, ids: Vec<String>| -> Result<Vec<Rule>, String> {
            ids.iter()
                .map(|id| {
                    Rule::from_id(id).ok_or_else(|| {
                        let known: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
                        format!(
                            "`{key}` names `{id}`, which is no rule (rules: {})",
                            known.join(", ")
                        )
                    })
                })
                .collect()
        };
        Ok(LintSettings {
            allow: rules("allow", file.allow)?,
            warn: rules("warn", file.warn)?,
        })
    }

    /// The severity the project gives `rule`.
    pub fn severity(&self, rule: Rule) -> Severity {
        if self.warn.contains(&rule) {
            Severity::Warning
        } else {
            rule.severity()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_and_refuses_unknown_ones_and_keys() {
        let settings =
            LintSettings::parse("allow = [\"drops-table\"]\nwarn = [\"table-rewrite\"]\n").unwrap();
        assert_eq!(settings.allow, [Rule::DropsTable]);
        assert_eq!(settings.severity(Rule::TableRewrite), Severity::Warning);
        assert_eq!(settings.severity(Rule::DropsTable), Severity::Error);
        assert!(LintSettings::parse("allow = [\"nope\"]")
            .unwrap_err()
            .contains("`allow` names `nope`, which is no rule"));
        assert!(LintSettings::parse("deny = []")
            .unwrap_err()
            .contains("deny"));
    }
}
