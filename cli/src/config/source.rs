//! Reading values out of the walked document, with errors that name the key and its line.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::spans::{Node, SpannedTable};
use super::ConfigError;
use crate::suggest;

/// Where in the file a value came from, to report errors by line.
pub(super) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    pub(super) fn unknown_key(
        &self,
        key: &Spanned<String>,
        section: &str,
        valid: &[&str],
    ) -> ConfigError {
        let hint = match suggest::closest(key.get_ref(), valid.iter().copied()) {
            Some(near) => format!(" (did you mean `{near}`?)"),
            None => format!("; valid keys are: {}", valid.join(", ")),
        };
        ConfigError::UnknownKey {
            path: self.path.to_owned(),
            line: self.line_of(key.span().start),
            key: key.get_ref().clone(),
            section: section.to_owned(),
            hint,
        }
    }

    pub(super) fn invalid(&self, key: &Spanned<String>, message: impl Into<String>) -> ConfigError {
        ConfigError::InvalidValue {
            path: self.path.to_owned(),
            line: self.line_of(key.span().start),
            key: key.get_ref().clone(),
            message: message.into(),
        }
    }

    /// Deserializes one value, naming its key on error.
    pub(super) fn value<T: for<'de> Deserialize<'de>>(
        &self,
        key: &Spanned<String>,
        value: &Spanned<Node>,
        expected: &str,
    ) -> Result<T, ConfigError> {
        let value = value.get_ref().to_value();
        value.clone().try_into().map_err(|_| {
            self.invalid(
                key,
                format!("expected {expected}, found {}", describe(&value)),
            )
        })
    }

    /// A table's entries with their positions, or an error naming the key.
    pub(super) fn table<'v>(
        &self,
        key: &Spanned<String>,
        value: &'v Spanned<Node>,
    ) -> Result<&'v SpannedTable, ConfigError> {
        match value.get_ref() {
            Node::Table(table) => Ok(table),
            Node::Value(other) => {
                Err(self.invalid(key, format!("expected a table, found {}", describe(other))))
            }
        }
    }
}

/// A value as an error message names it.
pub(super) fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the string \"{s}\""),
        toml::Value::Integer(i) => format!("the integer {i}"),
        toml::Value::Float(f) => format!("the float {f}"),
        toml::Value::Boolean(b) => format!("the boolean {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "an array".to_owned(),
        toml::Value::Table(_) => "a table".to_owned(),
    }
}
