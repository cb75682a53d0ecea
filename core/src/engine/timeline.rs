//! The customer timeline (CUS-5): a readable customer's documents and activities, newest first, a page at a time, with financial amounts withheld as each record's are.

use super::paging::page_limit;
use super::statistics::today;
use super::{Engine, EngineError, EngineResult};
use crate::domain::access;
use crate::domain::common::Page;
use crate::domain::entity::Entity;
use crate::domain::timeline::{TimelineCursor, TimelineEntry, TimelineRequest};
use crate::domain::withholding::Withhold;
use crate::storage::ListScope;

impl Engine {
    /// CUS-5: every opportunity, quote, contract, order, delivery, receipt, return, invoice and activity of
    /// a customer the actor reads, newest first, with its status as of today; `kinds` narrows it.
    pub fn customer_timeline(&self, actor: Option<&str>, req: TimelineRequest) -> EngineResult<Page<TimelineEntry>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let kinds: Vec<Entity> = match &req.kinds {
                None => Entity::on_timeline().collect(),
                Some(names) => names
                    .iter()
                    .map(|n| {
                        Entity::parse(n)
                            .filter(|e| e.declaration().timeline.is_some())
                            .ok_or_else(|| EngineError::validation("kinds", "names a kind that is not on the timeline"))
                    })
                    .collect::<EngineResult<_>>()?,
            };
            let after = match req.cursor.as_deref() {
                Some(c) => Some(
                    TimelineCursor::parse(c)
                        .ok_or_else(|| EngineError::validation("cursor", "is not a cursor this list returned"))?,
                ),
                None => None,
            };
            access::require_read(cx.access(Entity::Customer, &req.id)?, Entity::Customer)?;
            let today = today(cx)?;
            let scope = ListScope::of(&cx.actor);
            let mut items = cx.tx.customer_timeline(&req.id, &kinds, today, after.as_ref(), limit, &scope)?;
            let next_cursor = if items.len() > limit as usize {
                items.truncate(limit as usize);
                items.last().map(TimelineCursor::of)
            } else {
                None
            };
            Ok(Page { items: items.into_iter().map(|e| e.withheld_from(&cx.actor)).collect(), next_cursor })
        })
    }
}
