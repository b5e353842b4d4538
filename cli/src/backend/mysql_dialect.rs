//! The facts of MySQL's SQL that the runner decides by; `mysql_step.rs` reads them too, to
//! know where a batch commits.

use strata_schema_gen::quote::Quote;

use crate::migrate::dialect::Dialect;
use crate::migrate::script::{Bodies, SplitRules};

/// MySQL's SQL: `#` comments, backslash escapes, routine bodies that hold `;`, and schema
/// changes that commit on their own.
#[derive(Debug)]
pub struct MysqlDialect;

impl Dialect for MysqlDialect {
    fn name(&self) -> &'static str {
        "MySQL"
    }

    fn split_rules(&self) -> SplitRules {
        SplitRules {
            hash_comments: true,
            backslash_escapes: true,
            backtick_identifiers: true,
            bodies: Bodies::Routines,
            ..SplitRules::STANDARD
        }
    }

    fn rolls_back_ddl(&self) -> bool {
        false
    }

    /// DDL (and a few others) commits the transaction so far, then itself.
    fn commits_implicitly(&self, sql: &str) -> bool {
        let first_word = sql
            .split(|c: char| !c.is_ascii_alphabetic())
            .find(|w| !w.is_empty())
            .unwrap_or("")
            .to_ascii_uppercase();
        matches!(
            first_word.as_str(),
            "CREATE" | "ALTER" | "DROP" | "RENAME" | "TRUNCATE" | "GRANT" | "REVOKE"
        )
    }

    fn identifier_quote(&self) -> Quote {
        Quote::Backtick
    }
}
