//! Ownership facts of one record (owner, owner's department, collaborator entry, parent customer), for scope checks.

use rusqlite::{OptionalExtension, Row};

use super::db::Tx;
use super::error::StorageResult;
use crate::domain::access::{CollaboratorAccess, Ownership};

/// What access checks need to know about one record.
#[derive(Debug, Clone)]
pub(crate) struct RecordFacts {
    pub ownership: Ownership,
    /// The customer the record belongs to (contacts, activities, opportunities).
    pub customer_id: Option<String>,
    pub archived: bool,
}

fn facts(r: &Row<'_>) -> rusqlite::Result<RecordFacts> {
    let collab: Option<String> = r.get(3)?;
    Ok(RecordFacts {
        ownership: Ownership {
            owner_id: r.get(0)?,
            owner_department_id: r.get(1)?,
            owner_department_path: r.get(2)?,
            collaborator: collab.as_deref().and_then(CollaboratorAccess::parse),
        },
        customer_id: r.get(4)?,
        archived: r.get::<_, Option<String>>(5)?.is_some(),
    })
}

impl Tx<'_> {
    fn record_facts(&self, sql: &str, id: &str, viewer: &str) -> StorageResult<Option<RecordFacts>> {
        Ok(self.conn.prepare_cached(sql)?.query_row([id, viewer], facts).optional()?)
    }

    pub(crate) fn customer_facts(&self, id: &str) -> StorageResult<Option<RecordFacts>> {
        self.record_facts(
            "SELECT t.owner_id, u.department_id, d.path, NULL, t.id, t.archived_at FROM customers t
             LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = u.department_id
             WHERE t.id = ?1 AND ?2 = ?2",
            id,
            "",
        )
    }

    /// `viewer`: the user whose collaborator entry is reported (empty for none).
    pub(crate) fn opportunity_facts(&self, id: &str, viewer: &str) -> StorageResult<Option<RecordFacts>> {
        self.record_facts(
            "SELECT t.owner_id, u.department_id, d.path,
                    (SELECT c.access FROM opportunity_collaborators c WHERE c.opportunity_id = t.id AND c.user_id = ?2),
                    t.customer_id, t.archived_at FROM opportunities t
             LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = u.department_id
             WHERE t.id = ?1",
            id,
            viewer,
        )
    }

    pub(crate) fn lead_facts(&self, id: &str) -> StorageResult<Option<RecordFacts>> {
        self.record_facts(
            "SELECT t.owner_id, u.department_id, d.path, NULL, t.converted_customer_id, t.archived_at FROM leads t
             LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = u.department_id
             WHERE t.id = ?1 AND ?2 = ?2",
            id,
            "",
        )
    }

    pub(crate) fn activity_facts(&self, id: &str) -> StorageResult<Option<RecordFacts>> {
        self.record_facts(
            "SELECT t.owner_id, u.department_id, d.path, NULL, t.customer_id, t.archived_at FROM activities t
             LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = u.department_id
             WHERE t.id = ?1 AND ?2 = ?2",
            id,
            "",
        )
    }

    /// A contact's customer and whether the contact is archived.
    pub(crate) fn contact_facts(&self, id: &str) -> StorageResult<Option<RecordFacts>> {
        self.record_facts(
            "SELECT NULL, NULL, NULL, NULL, t.customer_id, t.archived_at FROM contacts t WHERE t.id = ?1 AND ?2 = ?2",
            id,
            "",
        )
    }
}
