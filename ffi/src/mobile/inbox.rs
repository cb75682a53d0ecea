//! The inbox on mobile (ORG-7): a rep's phone lists what needs them, unread first, and marks entries read.

use rapport_core::mobile::{InboxPage, RapportError};
use rapport_core::notifications::{InboxListRequest, MarkReadRequest, MarkReadResult};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// The actor's inbox, unread first then read, newest first in each, with the unread count; see `inbox.list`.
    pub fn inbox(&self, actor: Option<String>, request: InboxListRequest) -> Result<InboxPage, RapportError> {
        self.with(|e| e.inbox(actor.as_deref(), request)).map(Into::into)
    }

    /// Marks entries of the actor's inbox read, the named ones or `all`; see `inbox.mark_read`.
    pub fn mark_inbox_read(
        &self,
        actor: Option<String>,
        request: MarkReadRequest,
    ) -> Result<MarkReadResult, RapportError> {
        self.with(|e| e.mark_inbox_read(actor.as_deref(), request))
    }
}
