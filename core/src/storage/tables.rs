//! The tables of the schema: those of the engine's own infrastructure, listed apart, and the check that every other table belongs to a declared entity kind.

use super::db::Tx;
use super::error::StorageResult;

#[cfg(test)]
/// Tables that belong to no entity kind: engine metadata, the audit log (also the change feed), the
/// dedupe index, counters derived across many records (funnel, predictions, lead round robin, kept sales
/// figures), and the
/// approval mechanism (ORG-5), shared by every kind whose documents are approved: an approval names its
/// document by type and id and is reached through it; and the notifications (ORG-7): inbox entries,
/// announcements and the outbox, which name their records by kind and id.
pub(crate) const INFRASTRUCTURE_TABLES: &[&str] = &[
    "meta",
    "audit_log",
    "dedupe_keys",
    "lead_round_robin",
    "funnel_reach",
    "funnel_stage_time",
    "funnel_outcomes",
    "prediction_facts",
    "prediction_totals",
    "prediction_counts",
    "sales_facts",
    "imports",
    "import_items",
    "approvals",
    "approval_steps",
    "approval_addressees",
    "approval_events",
    "inbox_entries",
    "inbox_unread",
    "announcements",
    "outbox_messages",
];

impl Tx<'_> {
    /// Every table of the schema, by name (SQLite's own excluded).
    pub(crate) fn table_names(&self) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    #[cfg(test)]
    /// The column names of `table`, in order.
    pub(crate) fn column_names(&self, table: &str) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let rows = stmt.query_map([table], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::domain::entity::Entity;
    use crate::storage::{Db, StorageError, StorageOptions};

    fn schema() -> Db {
        Db::open(":memory:", &StorageOptions::in_memory(8)).expect("open")
    }

    /// Every table of the schema belongs to exactly one declared kind (as its table, a child table or
    /// a derived table) or is listed as infrastructure; every declared table exists.
    #[test]
    fn every_table_belongs_to_a_declared_kind_or_the_infrastructure() {
        let tables: BTreeSet<String> = schema().read(|tx| tx.table_names()).expect("tables").into_iter().collect();
        let mut claimed: BTreeSet<&str> = INFRASTRUCTURE_TABLES.iter().copied().collect();
        for e in Entity::ALL {
            let d = e.declaration();
            for t in std::iter::once(&d.table).chain(d.child_tables).chain(d.derived_tables) {
                assert!(claimed.insert(t), "table {t} is claimed twice ({})", d.name);
                assert!(tables.contains(*t), "{} declares table {t}, which the schema does not have", d.name);
            }
        }
        let orphans: Vec<&String> = tables.iter().filter(|t| !claimed.contains(t.as_str())).collect();
        assert!(
            orphans.is_empty(),
            "tables that belong to no declared entity kind: {orphans:?}; declare them in domain/entity.rs \
             (a kind's table, child table or derived table) or list them in INFRASTRUCTURE_TABLES"
        );
    }

    /// Each kind declares every column of its table, and nothing else, so a new column forces a decision
    /// on whether it is financial, personal or searchable.
    #[test]
    fn every_column_of_a_kinds_table_is_a_declared_field() {
        let db = schema();
        for e in Entity::ALL {
            let d = e.declaration();
            let columns: BTreeSet<String> =
                db.read(|tx| Ok::<_, StorageError>(tx.column_names(d.table)?.into_iter().collect())).expect("columns");
            let fields: BTreeSet<String> = d.fields.iter().map(|f| f.name.to_string()).collect();
            let undeclared: Vec<&String> = columns.difference(&fields).collect();
            let missing: Vec<&String> = fields.difference(&columns).collect();
            assert!(undeclared.is_empty(), "{}: columns of {} not declared as fields: {undeclared:?}", d.name, d.table);
            assert!(missing.is_empty(), "{}: declared fields that {} does not have: {missing:?}", d.name, d.table);
        }
    }
}
