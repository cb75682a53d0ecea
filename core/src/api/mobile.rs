//! What the `uniffi` feature adds to the boundary: the mobile error, custom types for instants, dates, rates and JSON, and concrete page records.
//!
//! rapport-ffi exports the core's own DTOs to Kotlin, Swift and Python; this
//! module holds the few things uniffi needs beyond the derives on those types:
//!
//! | Rust | crosses as | Kotlin | Swift | Python |
//! |---|---|---|---|---|
//! | `DateTime<Utc>` ([`UtcInstant`]) | a timestamp | `java.time.Instant` | `Date` | `datetime.datetime` (UTC) |
//! | `NaiveDate` ([`CalendarDate`]) | `YYYY-MM-DD` text | `java.time.LocalDate` | `String` | `datetime.date` |
//! | [`FxRate`] | decimal text (`"7.1"`) | `String` | `String` | `str` |
//! | [`Quantity`] | decimal text, at most 3 places (`"2.5"`) | `String` | `String` | `str` |
//! | JSON object ([`JsonObject`]) | JSON text (`""` reads as `{}`) | `String` | `String` | `str` |
//! | JSON value ([`JsonValue`]) | JSON text | `String` | `String` | `str` |
//!
//! uniffi records cannot be generic, so each `Page<T>` the mobile methods
//! answer has a concrete record here (`CustomerPage`, ...), converted with `From`;
//! so do records whose core type is not a uniffi record (the inbox's `InboxEntry`
//! and `InboxPage`, whose `params` cross as JSON text like any JSON object).
//! Text that does not parse (a bad date or rate) fails the call with
//! [`RapportError`] code `validation`, like the same mistake in JSON would.

use std::time::SystemTime;

use chrono::{DateTime, NaiveDate, Utc};

use super::error::{ApiError, ErrorCode};
use crate::domain::activity::Activity;
use crate::domain::approval::PendingApproval;
use crate::domain::calendar;
use crate::domain::common::Page;
use crate::domain::contact::Contact;
use crate::domain::customer::Customer;
use crate::domain::money::FxRate;
use crate::domain::notification::{self, InboxKind};
use crate::domain::opportunity::Opportunity;
use crate::domain::product::Product;
use crate::domain::quantity::Quantity;
use crate::domain::quote::Quote;
use crate::domain::sales::Order;
use crate::domain::timeline::TimelineEntry;

/// Every failure of a mobile call: `RapportException` in Kotlin, `RapportError` in Swift and Python.
///
/// `code` is the stable code of the shared table (its number is what C sees),
/// `field` the offending field when there is one, `message` an English text
/// without personal data (localise by code). Kotlin's `Throwable.message` is
/// taken, so there the text is `reason` (see `core/uniffi.toml`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum RapportError {
    /// The one variant: code, field, message.
    #[error("{code}: {message}")]
    Failure { code: ErrorCode, field: Option<String>, message: String },
}

impl RapportError {
    pub fn code(&self) -> ErrorCode {
        match self {
            RapportError::Failure { code, .. } => *code,
        }
    }
}

impl From<ApiError> for RapportError {
    fn from(e: ApiError) -> Self {
        RapportError::Failure { code: e.code, field: e.field, message: e.message }
    }
}

/// An instant in UTC (stored with millisecond precision).
pub type UtcInstant = DateTime<Utc>;
/// A calendar date without a time zone.
pub type CalendarDate = NaiveDate;
/// A JSON object (custom field values).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;
/// Any JSON value.
pub type JsonValue = serde_json::Value;

fn invalid(field: &str, message: &str) -> RapportError {
    ApiError::validation(field, message).into()
}

uniffi::custom_type!(UtcInstant, SystemTime, {
    remote,
    lower: |t| SystemTime::from(t),
    try_lift: |t| Ok(DateTime::<Utc>::from(t)),
});

uniffi::custom_type!(CalendarDate, String, {
    remote,
    lower: |d| calendar::format_date(d),
    try_lift: |s| Ok(calendar::parse_date("date", &s).map_err(|e| RapportError::from(ApiError::from(e)))?),
});

uniffi::custom_type!(FxRate, String, {
    lower: |r| r.to_string(),
    try_lift: |s| Ok(FxRate::parse("fx_rate", &s).map_err(|e| RapportError::from(ApiError::from(e)))?),
});

uniffi::custom_type!(Quantity, String, {
    lower: |q| q.to_string(),
    try_lift: |s| Ok(Quantity::parse("quantity", &s).map_err(|e| RapportError::from(ApiError::from(e)))?),
});

uniffi::custom_type!(JsonObject, String, {
    remote,
    lower: |m| serde_json::Value::Object(m).to_string(),
    try_lift: |s| {
        if s.trim().is_empty() {
            return Ok(serde_json::Map::new());
        }
        match serde_json::from_str(&s) {
            Ok(serde_json::Value::Object(m)) => Ok(m),
            _ => Err(invalid("custom", "must be a JSON object").into()),
        }
    },
});

uniffi::custom_type!(JsonValue, String, {
    remote,
    lower: |v| v.to_string(),
    try_lift: |s| Ok(serde_json::from_str(&s).map_err(|_| invalid("json", "must be JSON"))?),
});

macro_rules! pages {
    ($($(#[doc = $doc:literal])* $page:ident of $item:ty;)*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, PartialEq, uniffi::Record)]
            pub struct $page {
                pub items: Vec<$item>,
                /// Pass back as `cursor` for the next page; `None` on the last page.
                pub next_cursor: Option<String>,
            }

            impl From<Page<$item>> for $page {
                fn from(p: Page<$item>) -> Self {
                    $page { items: p.items, next_cursor: p.next_cursor }
                }
            }
        )*
    };
}

pages! {
    /// One page of customers.
    CustomerPage of Customer;
    /// One page of contacts.
    ContactPage of Contact;
    /// One page of activities.
    ActivityPage of Activity;
    /// One page of opportunities.
    OpportunityPage of Opportunity;
    /// One page of approvals waiting for the caller.
    PendingApprovalPage of PendingApproval;
    /// One page of the catalogue.
    ProductPage of Product;
    /// One page of quotes.
    QuotePage of Quote;
    /// One page of orders.
    OrderPage of Order;
    /// One page of a customer's timeline (CUS-5).
    TimelinePage of TimelineEntry;
}

/// One entry of the acting user's inbox (ORG-7), as `inbox.list` answers it.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct InboxEntry {
    pub id: String,
    pub user_id: String,
    pub kind: InboxKind,
    /// The kind of record it concerns (`opportunity`, `customer`, `announcement`, ...), if any.
    pub entity: Option<String>,
    pub record_id: Option<String>,
    /// The record's name or code, or the announcement's title.
    pub title: String,
    /// What the app needs to word the entry in its language, a JSON object as text (`{"step": "区域经理审批"}`).
    pub params: JsonObject,
    pub created_at: UtcInstant,
    /// `None` while unread.
    pub read_at: Option<UtcInstant>,
}

impl From<notification::InboxEntry> for InboxEntry {
    fn from(e: notification::InboxEntry) -> Self {
        let notification::InboxEntry { id, user_id, kind, entity, record_id, title, params, created_at, read_at } = e;
        InboxEntry { id, user_id, kind, entity, record_id, title, params, created_at, read_at }
    }
}

/// One page of the acting user's inbox: unread first, newest first in each part.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct InboxPage {
    pub items: Vec<InboxEntry>,
    /// Pass back as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<String>,
    /// Entries unread in all (not only on this page).
    pub unread: i64,
}

impl From<notification::InboxPage> for InboxPage {
    fn from(p: notification::InboxPage) -> Self {
        InboxPage { items: p.items.into_iter().map(Into::into).collect(), next_cursor: p.next_cursor, unread: p.unread }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_keep_code_field_and_message() {
        let e: RapportError = ApiError::validation("name", "is required").into();
        assert_eq!(
            e,
            RapportError::Failure {
                code: ErrorCode::Validation,
                field: Some("name".into()),
                message: "is required".into()
            }
        );
        assert_eq!(e.code(), ErrorCode::Validation);
        assert_eq!(e.to_string(), "validation: is required");
    }
}
