//! The static facts about a database's SQL that the runner decides by: how to split a file
//! into statements, whether a failed transaction takes its schema changes back, which
//! statements commit on their own, and how identifiers are quoted. Each backend states them
//! in its own module; the runner only asks.

use strata_schema_gen::quote::Quote;

use super::script::{self, SplitRules, Statement};

/// A database's SQL, as far as running migrations needs to know it.
pub trait Dialect: Sync {
    /// The database's name, for messages.
    fn name(&self) -> &'static str;
    /// What can hide a `;` in this database's SQL.
    fn split_rules(&self) -> SplitRules;
    /// Whether a failed transaction takes its schema changes back with it.
    fn rolls_back_ddl(&self) -> bool {
        true
    }
    /// Whether the database commits this statement on its own, whatever transaction it is
    /// in (MySQL's DDL). Nothing does by default.
    fn commits_implicitly(&self, _sql: &str) -> bool {
        false
    }
    /// How the database quotes identifiers in generated SQL: as diesel's query builder
    /// does, so that `--diff-schema` writes what diesel_cli writes.
    fn identifier_quote(&self) -> Quote;
    /// What an error of this database means when its words alone do not say, as a sentence
    /// for the message (PostgreSQL's "out of shared memory" is a full lock table).
    fn explain(&self, _error: &str) -> Option<&'static str> {
        None
    }

    /// Splits `sql` into statements by [`Dialect::split_rules`].
    fn split(&self, sql: &str) -> Vec<Statement> {
        script::split(sql, &self.split_rules())
    }
}

/// Stand-in dialects for the runner's tests, which run against no database.
#[cfg(test)]
pub(crate) mod fake {
    use super::{Dialect, Quote, SplitRules};

    /// Plain SQL whose schema changes roll back; with `commits_ddl`, one where `CREATE`,
    /// `ALTER` and `DROP` commit on their own.
    #[derive(Debug)]
    pub struct Fake {
        pub commits_ddl: bool,
    }

    pub static ROLLS_BACK: Fake = Fake { commits_ddl: false };
    pub static COMMITS_DDL: Fake = Fake { commits_ddl: true };

    impl Dialect for Fake {
        fn name(&self) -> &'static str {
            if self.commits_ddl {
                "CommitsDdl"
            } else {
                "RollsBack"
            }
        }

        fn split_rules(&self) -> SplitRules {
            SplitRules::STANDARD
        }

        fn rolls_back_ddl(&self) -> bool {
            !self.commits_ddl
        }

        fn commits_implicitly(&self, sql: &str) -> bool {
            let first = sql.split_whitespace().next().unwrap_or("");
            self.commits_ddl && ["CREATE", "ALTER", "DROP"].contains(&first)
        }

        fn identifier_quote(&self) -> Quote {
            Quote::Double
        }
    }
}
