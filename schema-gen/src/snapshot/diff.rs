//! What differs between two snapshots, as a report a person can act on.

use super::{ObjectId, Snapshot, Tick};

/// One object that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// In the expected snapshot only.
    Missing { id: ObjectId, label: String },
    /// In the actual snapshot only.
    Unexpected { id: ObjectId, label: String },
    /// In both, with different facts.
    Changed {
        id: ObjectId,
        label: String,
        facts: Vec<FactChange>,
    },
}

impl Change {
    pub fn id(&self) -> &ObjectId {
        match self {
            Change::Missing { id, .. }
            | Change::Unexpected { id, .. }
            | Change::Changed { id, .. } => id,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Change::Missing { label, .. }
            | Change::Unexpected { label, .. }
            | Change::Changed { label, .. } => label,
        }
    }
}

/// A fact of an object with different values; `None` where the object lacks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactChange {
    pub fact: &'static str,
    pub expected: Option<String>,
    pub actual: Option<String>,
}

/// A table whose columns are the same but in another order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnOrder {
    pub table: String,
    pub expected: Vec<String>,
    pub actual: Vec<String>,
}

/// How a report names the two snapshots: "after down" versus "before up".
#[derive(Debug, Clone, Copy)]
pub struct Moments<'a> {
    pub actual: &'a str,
    pub expected: &'a str,
}

/// Every difference between an expected and an actual snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SnapshotDiff {
    pub changes: Vec<Change>,
    /// Reported as warnings: column order matters to `table!`, but rarely to the database.
    pub column_order: Vec<ColumnOrder>,
}

impl SnapshotDiff {
    pub fn between(expected: &Snapshot, actual: &Snapshot) -> SnapshotDiff {
        let mut changes = Vec::new();
        for (id, want) in expected.objects() {
            match actual.get(id) {
                None => changes.push(Change::Missing {
                    id: id.clone(),
                    label: want.label.clone(),
                }),
                Some(have) if have.facts != want.facts => {
                    let mut names: Vec<&'static str> = want
                        .facts
                        .keys()
                        .chain(have.facts.keys())
                        .copied()
                        .collect();
                    names.sort_unstable();
                    names.dedup();
                    let facts = names
                        .into_iter()
                        .filter(|name| want.facts.get(name) != have.facts.get(name))
                        .map(|fact| FactChange {
                            fact,
                            expected: want.facts.get(fact).cloned(),
                            actual: have.facts.get(fact).cloned(),
                        })
                        .collect();
                    changes.push(Change::Changed {
                        id: id.clone(),
                        label: want.label.clone(),
                        facts,
                    });
                }
                Some(_) => {}
            }
        }
        for (id, have) in actual.objects() {
            if expected.get(id).is_none() {
                changes.push(Change::Unexpected {
                    id: id.clone(),
                    label: have.label.clone(),
                });
            }
        }
        changes.sort_by(|a, b| a.id().cmp(b.id()));

        let mut column_order = Vec::new();
        for (table, _) in expected.of_kind(super::ObjectKind::Table) {
            let want = expected.columns_of(&table.name);
            let have = actual.columns_of(&table.name);
            // Only the columns both have: a missing column is reported as missing.
            let common = |these: &[String], others: &[String]| -> Vec<String> {
                these
                    .iter()
                    .filter(|c| others.contains(c))
                    .cloned()
                    .collect()
            };
            let (want_common, have_common) = (common(want, have), common(have, want));
            if want_common != have_common {
                column_order.push(ColumnOrder {
                    table: table.name.clone(),
                    expected: want.to_vec(),
                    actual: have.to_vec(),
                });
            }
        }
        SnapshotDiff {
            changes,
            column_order,
        }
    }

    /// No object differs (column order may).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The changes a report shows: a table missing (or unexpected) as a whole is one
    /// change, not one per column, key and index.
    pub fn reported_changes(&self) -> impl Iterator<Item = &Change> {
        let whole_tables: Vec<&str> = self
            .changes
            .iter()
            .filter(|c| {
                !matches!(c, Change::Changed { .. }) && c.id().kind == super::ObjectKind::Table
            })
            .map(|c| c.id().name.as_str())
            .collect();
        self.changes.iter().filter(move |c| {
            matches!(c, Change::Changed { .. })
                || c.id()
                    .table
                    .as_deref()
                    .is_none_or(|t| !whole_tables.contains(&t))
        })
    }

    /// One line per difference, each naming the object and what changed, then the column
    /// order warnings; every line starts with `indent`.
    pub fn report(&self, moments: Moments<'_>, indent: &str) -> String {
        let changes = self.reported_changes().map(|c| c.line(moments));
        changes
            .chain(self.warnings())
            .map(|line| format!("{indent}{line}\n"))
            .collect()
    }

    /// The column order warnings, one line each.
    pub fn warnings(&self) -> impl Iterator<Item = String> + '_ {
        self.column_order.iter().map(|order| {
            format!(
                "warning: table {}: column order ({}) → ({}); harmless to the database, but it \
                 changes the order of `table!` in schema.rs",
                Tick(&order.table),
                order.expected.join(", "),
                order.actual.join(", ")
            )
        })
    }
}

impl Change {
    /// The report's line for this change.
    pub fn line(&self, moments: Moments<'_>) -> String {
        match self {
            Change::Missing { label, .. } => format!(
                "{label}: missing {}, but present {}",
                moments.actual, moments.expected
            ),
            Change::Unexpected { label, .. } => format!(
                "{label}: present {}, but not {}",
                moments.actual, moments.expected
            ),
            Change::Changed { label, facts, .. } => {
                let facts: Vec<String> = facts
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} → {}",
                            f.fact,
                            shown(f.expected.as_deref()),
                            shown(f.actual.as_deref())
                        )
                    })
                    .collect();
                format!("{label}: {}", facts.join("; "))
            }
        }
    }
}

fn shown(value: Option<&str>) -> &str {
    value.unwrap_or("none")
}

#[cfg(test)]
mod tests {
    use super::super::{label, Object, ObjectKind};
    use super::*;

    fn users(name_type: &str, with_index: bool) -> Snapshot {
        let mut s = Snapshot::new();
        s.insert(
            ObjectId::new(ObjectKind::Table, None, "users"),
            Object::new(label::table("users")),
        );
        for (column, ty) in [("id", "integer"), ("name", name_type)] {
            s.insert_column(
                "users",
                column,
                Object::new(label::column("users", column)).fact("type", ty.to_owned()),
            );
        }
        if with_index {
            s.insert(
                ObjectId::new(ObjectKind::Index, Some("users"), "users_name_idx"),
                Object::new(label::index("users", "users_name_idx", "(name)")),
            );
        }
        s
    }

    #[test]
    fn reports_each_object_by_name() {
        let diff =
            SnapshotDiff::between(&users("varchar(255)", true), &users("varchar(100)", false));
        let moments = Moments {
            actual: "after down",
            expected: "before up",
        };
        assert_eq!(
            diff.report(moments, "  "),
            "  column `users.name`: type varchar(255) → varchar(100)\n  \
             index `users_name_idx` on `users(name)`: missing after down, but present before up\n"
        );
        assert!(SnapshotDiff::between(&users("text", true), &users("text", true)).is_empty());
    }
}
