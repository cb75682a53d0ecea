//! Audit history reads: visible to whoever may read the record.

use super::Engine;
use crate::api::ApiResult;
use crate::api::audit::HistoryRequest;
use crate::domain::audit::AuditEntry;

impl Engine {
    /// A record's audit history. Organisation records (users, departments,
    /// settings) are readable by admins; business records by whoever may read them.
    pub fn audit_history(&self, actor: Option<&str>, req: HistoryRequest) -> ApiResult<Vec<AuditEntry>> {
        self.read(actor, |cx| {
            cx.require_readable(&req.entity, &req.id)?;
            Ok(cx.tx.audit_history(&req.entity, &req.id)?)
        })
    }
}
