//! Audit methods: a record's history.

use super::method::methods;
pub use crate::domain::audit::{AuditEntry, HistoryRequest};

methods! {
    /// Every audit entry of one record, oldest first (actor, time, action, changed fields old -> new).
    "audit.history" => audit_history(HistoryRequest) -> Vec<AuditEntry>,
        example r#"{"entity": "customer", "id": "0190a8b2-7c1e-7000-8000-000000000003"}"#;
}
