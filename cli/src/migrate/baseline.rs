//! Recording a migration as applied without running it: the migration `baseline` wrote
//! from this database's own schema, which the database therefore already has.

use super::error::MigrateError;
use super::runner::{Direction, Migrator, Observer, Quiet};
use super::source::Migration;

impl Migrator<'_> {
    /// Records `version` (a migration of this migrator's) as applied, with its checksums
    /// and down.sql, under the migration lock and without running its SQL. Refused when
    /// the database has applied any migration: a baseline is its first.
    pub fn record_baseline(
        &mut self,
        version: &str,
        observer: &mut dyn Observer,
    ) -> Result<(), MigrateError> {
        self.finish_reading()?;
        let Some(migration) = self
            .migrations
            .iter()
            .find(|m| m.version == version)
            .map(|m| Migration::clone(m))
        else {
            return Err(MigrateError::UnknownVersion {
                version: version.to_owned(),
            });
        };
        let lock = self.lock(observer)?;
        self.under_lock(lock, |this| {
            let state = this.recorded()?;
            if !state.applied.is_empty() {
                return Err(MigrateError::AlreadyMigrated {
                    applied: state.applied.len(),
                });
            }
            let state = this.reconcile(state, observer)?;
            // No statements: the step writes the ledger and history rows alone, in one
            // transaction, as a run would after the SQL.
            this.apply(
                &migration,
                Direction::Up,
                &migration.up,
                &[],
                state.next_order(),
                &mut Quiet,
            )
        })
    }
}
