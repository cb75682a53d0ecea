//! Column conversions shared by every query: instants, dates, JSON columns, enums stored as text.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Row;
use rusqlite::types::{FromSqlError, Type};

use crate::domain::calendar;

pub(crate) fn instant(t: DateTime<Utc>) -> String {
    calendar::format_instant(t)
}

pub(crate) fn opt_instant(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(calendar::format_instant)
}

pub(crate) fn conv_err(idx: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(FromSqlError::Other(what.into())))
}

pub(crate) fn get_instant(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<Utc>> {
    let s: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&s).map(|t| t.with_timezone(&Utc)).map_err(|_| conv_err(idx, "instant"))
}

pub(crate) fn get_opt_instant(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| DateTime::parse_from_rfc3339(&s).map(|t| t.with_timezone(&Utc)).map_err(|_| conv_err(idx, "instant")))
        .transpose()
}

pub(crate) fn get_opt_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<NaiveDate>> {
    // Borrowed, and by the strict hand-written parser: rescoring reads three dates per customer.
    match row.get_ref(idx)? {
        rusqlite::types::ValueRef::Null => Ok(None),
        v => calendar::parse_date("date", v.as_str()?).map(Some).map_err(|_| conv_err(idx, "date")),
    }
}

pub(crate) fn get_date(row: &Row<'_>, idx: usize) -> rusqlite::Result<NaiveDate> {
    get_opt_date(row, idx)?.ok_or_else(|| conv_err(idx, "date"))
}

/// An FX rate stored as its decimal text.
pub(crate) fn get_fx_rate(row: &Row<'_>, idx: usize) -> rusqlite::Result<crate::domain::money::FxRate> {
    let s: String = row.get(idx)?;
    crate::domain::money::FxRate::parse("fx_rate", &s).map_err(|_| conv_err(idx, "fx_rate"))
}

pub(crate) fn opt_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(calendar::format_date)
}

/// A JSON column (custom values, phone lists) decoded into `T`.
pub(crate) fn get_json<T: serde::de::DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    // The parse error is kept as the cause (it says where, never what).
    serde_json::from_str(&s).map_err(|e| rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, Box::new(e)))
}

/// An enum stored as its snake_case name.
pub(crate) fn get_enum<T>(row: &Row<'_>, idx: usize, parse: impl Fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    parse(&s).ok_or_else(|| conv_err(idx, "enum"))
}

/// An optional enum stored as its snake_case name (NULL: `None`).
pub(crate) fn get_opt_enum<T>(
    row: &Row<'_>,
    idx: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<Option<T>> {
    let s: Option<String> = row.get(idx)?;
    s.map(|s| parse(&s).ok_or_else(|| conv_err(idx, "enum"))).transpose()
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}
