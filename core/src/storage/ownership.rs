//! The facts of one record that decide access (owner, owner's department, collaborator entry, parent, customer), read as its kind declares them.

use std::sync::OnceLock;

use rusqlite::{OptionalExtension, Row};

use super::db::Tx;
use super::error::StorageResult;
use crate::domain::access::{CollaboratorAccess, Ownership};
use crate::domain::entity::{Entity, EntityDecl, Scoping};
use crate::domain::visibility::RecordFacts;

fn facts(r: &Row<'_>) -> rusqlite::Result<RecordFacts> {
    let collab: Option<String> = r.get(3)?;
    Ok(RecordFacts {
        ownership: Ownership {
            owner_id: r.get(0)?,
            owner_department_id: r.get(1)?,
            owner_department_path: r.get(2)?,
            collaborator: collab.as_deref().and_then(CollaboratorAccess::parse),
        },
        parent_id: r.get(4)?,
        customer_id: r.get(5)?,
        archived: r.get::<_, Option<String>>(6)?.is_some(),
        awaiting_viewer: r.get(7)?,
    })
}

/// The facts query of a kind: owner with department and path, the viewer's collaborator entry (`?2`),
/// the parent, the customer, the archive mark, whether a waiting approval step is addressed to the viewer;
/// one row by id (`?1`).
fn facts_sql(decl: &EntityDecl) -> String {
    let column = |c: Option<&str>| c.map_or_else(|| "NULL".to_string(), |c| format!("t.{c}"));
    let (owner, collaborator, parent) = match decl.scoping {
        Scoping::Owned { collaborators, with_parent, .. } => (
            true,
            collaborators.map(|c| {
                format!("(SELECT c.access FROM {} c WHERE c.{} = t.id AND c.user_id = ?2)", c.table, c.record_column)
            }),
            with_parent.map(|(_, col)| col),
        ),
        Scoping::WithParent { column, .. } => (false, None, Some(column)),
        Scoping::Organisation | Scoping::Catalogue { .. } => (false, None, None),
    };
    let archived = if decl.has_field("archived_at") { "t.archived_at" } else { "NULL" };
    let awaiting = if decl.approvable {
        "EXISTS (SELECT 1 FROM approval_addressees x WHERE x.document_id = t.id AND x.user_id = ?2 \
         AND x.waiting_since IS NOT NULL)"
    } else {
        "0"
    };
    let (select_owner, joins) = if owner {
        (
            "t.owner_id, u.department_id, d.path",
            " LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = u.department_id",
        )
    } else {
        ("NULL, NULL, NULL", "")
    };
    format!(
        "SELECT {select_owner}, {}, {}, {}, {archived}, {awaiting} FROM {} t{joins} WHERE t.id = ?1 AND ?2 = ?2",
        collaborator.unwrap_or_else(|| "NULL".to_string()),
        column(parent),
        column(decl.customer_column),
        decl.table,
    )
}

impl Tx<'_> {
    /// The facts of record `id` of `entity`; `viewer`: the user whose collaborator entry is reported
    /// (empty for none).
    pub(crate) fn record_facts(&self, entity: Entity, id: &str, viewer: &str) -> StorageResult<Option<RecordFacts>> {
        static SQL: OnceLock<Vec<String>> = OnceLock::new();
        let sql = SQL.get_or_init(|| Entity::ALL.iter().map(|e| facts_sql(e.declaration())).collect());
        Ok(self.conn.prepare_cached(&sql[entity as usize])?.query_row([id, viewer], facts).optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_queries_follow_the_declarations() {
        assert_eq!(
            facts_sql(Entity::Opportunity.declaration()),
            "SELECT t.owner_id, u.department_id, d.path, (SELECT c.access FROM opportunity_collaborators c \
             WHERE c.opportunity_id = t.id AND c.user_id = ?2), NULL, t.customer_id, t.archived_at, EXISTS (SELECT 1 \
             FROM approval_addressees x WHERE x.document_id = t.id AND x.user_id = ?2 AND x.waiting_since IS NOT NULL) \
             FROM opportunities t \
             LEFT JOIN users u ON u.id = t.owner_id LEFT JOIN departments d ON d.id = u.department_id \
             WHERE t.id = ?1 AND ?2 = ?2"
        );
        assert_eq!(
            facts_sql(Entity::Delivery.declaration()),
            "SELECT NULL, NULL, NULL, NULL, t.order_id, t.customer_id, NULL, 0 FROM deliveries t WHERE t.id = ?1 AND ?2 = ?2"
        );
    }
}
