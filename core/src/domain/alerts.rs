//! Customer alerts on a user's agenda (CUS-8): no activity for N days, no order for M days, overdue receivables, contact birthdays within K days, opportunities past their expected close, contract instalments due and contracts ending within K days.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};

/// The alert thresholds (organisation-wide).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct AlertSettings {
    /// A customer without an activity (or, never contacted, since its creation) for this many days.
    pub no_activity_days: i64,
    /// A transaction customer without an order for this many days.
    pub no_order_days: i64,
    /// A contact's birthday within this many days from the agenda's day (0: that day only).
    pub birthday_days: i64,
    /// A signed contract's instalment falling due, or the contract ending, within this many days (DOC-9).
    pub contract_days: i64,
    /// The host's template for birthday greetings (ORG-7): when set, `inbox.refresh` queues one to each
    /// contact on their birthday (SMS to the first phone, else email), once a year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birthday_greeting_template: Option<String>,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            no_activity_days: 30,
            no_order_days: 90,
            birthday_days: 7,
            contract_days: 14,
            birthday_greeting_template: None,
        }
    }
}

impl AlertSettings {
    pub(crate) fn validate(&self) -> DomainResult<()> {
        for (field, v) in [
            ("no_activity_days", self.no_activity_days),
            ("no_order_days", self.no_order_days),
            ("birthday_days", self.birthday_days),
            ("contract_days", self.contract_days),
        ] {
            if !(0..=3660).contains(&v) {
                return Err(DomainError::validation(field, "must be between 0 and 3660"));
            }
        }
        if let Some(t) = &self.birthday_greeting_template {
            super::notification::template_key(t).map_err(|_| {
                DomainError::validation(
                    "birthday_greeting_template",
                    "must be a template key (letters, digits, _ - . /)",
                )
            })?;
        }
        Ok(())
    }
}

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    NoActivity,
    NoOrder,
    OverdueReceivable,
    Birthday,
    OpportunityOverdue,
    /// An instalment of a signed contract falls due within `contract_days` with money still to receive.
    InstalmentDue,
    /// A signed contract ends within `contract_days`.
    ContractEnding,
}

/// One alert on the agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CustomerAlert {
    pub kind: AlertKind,
    pub customer_id: String,
    pub customer_name: String,
    /// The contact (birthday), opportunity (past its close date) or contract (instalment, end) concerned.
    pub record_id: Option<String>,
    pub record_name: Option<String>,
    /// Days since the last activity or order, until the birthday, instalment or contract end, or past the
    /// expected close.
    pub days: Option<i64>,
    /// The overdue amount, or an instalment's share still to receive, minor units of the base currency.
    pub amount: Option<i64>,
    /// The date concerned: last activity or order, the birthday this year, the expected close, the
    /// instalment's due date, the contract's end.
    pub date: Option<NaiveDate>,
    /// `["amount"]` when the actor may not see the customer's financial fields (ORG-6).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub withheld: Vec<String>,
}

/// The next occurrence of a birthday on or after `from` (29 February falls on 28 February in other years).
pub(crate) fn next_birthday(birthday: NaiveDate, from: NaiveDate) -> NaiveDate {
    let on = |year: i32| {
        NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day() - 1))
            .unwrap_or(from)
    };
    let this_year = on(from.year());
    if this_year >= from { this_year } else { on(from.year() + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn birthdays_come_round_each_year_and_leap_days_fall_on_the_28th() {
        assert_eq!(next_birthday(d("1986-03-05"), d("2026-03-02")), d("2026-03-05"));
        assert_eq!(next_birthday(d("1986-03-01"), d("2026-03-02")), d("2027-03-01"));
        assert_eq!(next_birthday(d("1988-02-29"), d("2026-02-01")), d("2026-02-28"));
        assert_eq!(next_birthday(d("1988-02-29"), d("2028-02-01")), d("2028-02-29"));
        assert!(AlertSettings { no_activity_days: -1, ..Default::default() }.validate().is_err());
    }
}
