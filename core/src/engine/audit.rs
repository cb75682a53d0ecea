//! Audit history reads: visible to whoever may read the record.

use super::{Engine, EngineError, EngineResult};
use crate::domain::access::Access;
use crate::domain::audit::{AuditEntry, HistoryRequest};
use crate::domain::withholding::Withhold;

impl Engine {
    /// A record's audit history. Organisation records (users, departments,
    /// settings) are readable by admins; business records by whoever may read them.
    pub fn audit_history(&self, actor: Option<&str>, req: HistoryRequest) -> EngineResult<Vec<AuditEntry>> {
        self.read(actor, |cx| {
            if cx.access_by_name(&req.entity, &req.id)? == Access::None {
                return Err(EngineError::not_found("no such record"));
            }
            Ok(cx.tx.audit_history(&req.entity, &req.id)?.withheld_from(&cx.actor))
        })
    }
}
