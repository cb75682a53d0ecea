//! The customer timeline (CUS-5): every document and activity of a customer in time order with its status, one entry shape for every kind that declares itself on it (`EntityDecl::timeline`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::access::Actor;
use super::entity::Entity;
use super::withholding::{Withhold, withheld_fields};

/// One entry of a customer's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct TimelineEntry {
    /// The kind of record (`order`, `receipt`, `activity`, ...).
    pub kind: String,
    pub id: String,
    /// When it happened, RFC 3339 UTC: the instant it was written or starts, or for dated documents
    /// (orders, deliveries, receipts) their date at the time of day they were written; newest first.
    pub at: String,
    /// How people name it: a code, a title or a subject.
    pub title: Option<String>,
    /// Its status as of today (a sent quote or a signed contract past its date reads `expired`).
    pub status: Option<String>,
    /// Its amount in `currency`, minor units (financial amounts withheld as the record's are).
    pub amount: Option<i64>,
    pub currency: Option<String>,
    /// The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub withheld: Vec<String>,
}

impl Withhold for TimelineEntry {
    fn withhold(&mut self, actor: &Actor) {
        let Some(entity) = Entity::parse(&self.kind) else { return };
        let Some(field) = entity.declaration().timeline.and_then(|t| t.amount_field) else { return };
        if withheld_fields(actor, entity).contains(&field) {
            self.amount = None;
            self.withheld.push("amount".to_string());
        }
    }
}

/// A customer's timeline, a page at a time.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct TimelineRequest {
    /// The customer.
    pub id: String,
    /// Only these kinds (default every kind on the timeline).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub kinds: Option<Vec<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// Where a page ends: the last entry's time, kind and id (entries are ordered by all three, descending).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineCursor {
    pub at: String,
    pub kind: String,
    pub id: String,
}

impl TimelineCursor {
    pub(crate) fn of(entry: &TimelineEntry) -> String {
        format!("{}|{}|{}", entry.at, entry.kind, entry.id)
    }

    pub(crate) fn parse(text: &str) -> Option<TimelineCursor> {
        let mut parts = text.splitn(3, '|');
        let (at, kind, id) = (parts.next()?, parts.next()?, parts.next()?);
        Entity::parse(kind).filter(|e| e.declaration().timeline.is_some())?;
        NaiveDate::parse_from_str(at.get(..10)?, "%Y-%m-%d").ok()?;
        Some(TimelineCursor { at: at.to_string(), kind: kind.to_string(), id: id.to_string() })
    }
}
