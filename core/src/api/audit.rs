//! Audit methods: a record's history.

use serde::Deserialize;

use super::method::methods;
use crate::domain::audit::AuditEntry;

/// Names one record of one entity type.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    /// `customer`, `contact`, `lead`, `opportunity`, `activity`, `user`, `department`, ...
    pub entity: String,
    pub id: String,
}

methods! {
    /// Every audit entry of one record, oldest first (actor, time, action, changed fields old -> new).
    History "audit.history" (HistoryRequest) -> Vec<AuditEntry>,
        example r#"{"entity": "customer", "id": "0190a8b2-7c1e-7000-8000-000000000003"}"#,
        |e, a, r| e.audit_history(a, r);
}
