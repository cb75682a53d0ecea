//! Imports (LIFE-1): the request (source, format, encoding, mapping, duplicate policy, mode), the report, and the mapping's rules.
//!
//! A row of a file becomes a record's draft in three steps, all pure: the mapping names which source
//! column fills which field of the draft (`name`, `custom.employees`, `lines.quantity`), constants fill
//! fields for every row, and [`cells`] reads the row's text into the draft's own `Deserialize` (numbers,
//! booleans, lists and dates parsed from text as the draft's field asks).

pub(crate) mod cells;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::common::{BatchMode, ItemError};
use super::entity::Entity;
use super::error::{DomainError, DomainResult, ErrorCode};

/// The kinds of records an import writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Customers,
    Contacts,
    Leads,
    Products,
    /// Orders with their lines: consecutive rows with the same `external_ref` are one order, one line each.
    Orders,
    Receipts,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Customers => "customers",
            ImportKind::Contacts => "contacts",
            ImportKind::Leads => "leads",
            ImportKind::Products => "products",
            ImportKind::Orders => "orders",
            ImportKind::Receipts => "receipts",
        }
    }

    pub fn parse(s: &str) -> Option<ImportKind> {
        [
            ImportKind::Customers,
            ImportKind::Contacts,
            ImportKind::Leads,
            ImportKind::Products,
            ImportKind::Orders,
            ImportKind::Receipts,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The entity kind it writes.
    pub fn entity(self) -> Entity {
        match self {
            ImportKind::Customers => Entity::Customer,
            ImportKind::Contacts => Entity::Contact,
            ImportKind::Leads => Entity::Lead,
            ImportKind::Products => Entity::Product,
            ImportKind::Orders => Entity::Order,
            ImportKind::Receipts => Entity::Receipt,
        }
    }

    /// The draft's fields written as calendar dates, which `mapping.date_format` reads.
    pub fn date_fields(self) -> &'static [&'static str] {
        match self {
            ImportKind::Contacts => &["birthday"],
            ImportKind::Orders => &["order_date", "due_date"],
            ImportKind::Receipts => &["receipt_date"],
            ImportKind::Customers | ImportKind::Leads | ImportKind::Products => &[],
        }
    }
}

/// The file's format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// Comma-separated values with a header row (RFC 4180 quoting).
    #[default]
    Csv,
    /// One JSON object per line; its keys are the columns.
    Jsonl,
}

impl ImportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Csv => "csv",
            ImportFormat::Jsonl => "jsonl",
        }
    }

    pub fn parse(s: &str) -> Option<ImportFormat> {
        [ImportFormat::Csv, ImportFormat::Jsonl].into_iter().find(|f| f.as_str() == s)
    }
}

/// The source's text encoding.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8, with or without a byte order mark.
    #[default]
    Utf8,
    /// GBK as Chinese Excel writes it (decoded as GB18030, its superset). Native builds only: a browser
    /// decodes it with `TextDecoder("gbk")` and passes the text.
    Gbk,
    /// GB18030.
    Gb18030,
}

/// What to do with a row whose `external_ref` names a record that already exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DuplicatePolicy {
    /// Update that record with the row (the default; reverting the import puts it back).
    #[default]
    Update,
    /// Leave it as it is and count the row as skipped.
    Skip,
    /// Every row creates a record; a row whose `external_ref` is taken is rejected (`conflict`).
    Create,
}

impl DuplicatePolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicatePolicy::Update => "update",
            DuplicatePolicy::Skip => "skip",
            DuplicatePolicy::Create => "create",
        }
    }

    pub fn parse(s: &str) -> Option<DuplicatePolicy> {
        [DuplicatePolicy::Update, DuplicatePolicy::Skip, DuplicatePolicy::Create].into_iter().find(|p| p.as_str() == s)
    }
}

/// Which source column fills which field, constants, and how dates are written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ImportMapping {
    /// Source column -> field of the record (`"客户名称": "name"`, `"员工数": "custom.employees"`, for
    /// orders `"数量": "lines.quantity"`). Empty: every column fills the field of its own name.
    pub columns: BTreeMap<String, String>,
    /// Field -> value given to every row (`{"source": "trade_show"}`); a mapped column wins when not empty.
    pub constants: Map<String, Value>,
    /// How date cells are written, as a chrono format (`"%Y/%m/%d"`, `"%d.%m.%Y"`); default `YYYY-MM-DD`.
    pub date_format: Option<String>,
}

/// An import (LIFE-1): where the rows come from, how they map, and what to do with duplicates and bad rows.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    /// The kind of records the rows are.
    pub entity: ImportKind,
    #[serde(default)]
    pub format: ImportFormat,
    /// A file to read (native hosts). Exactly one of `path` and `text`.
    #[serde(default)]
    pub path: Option<String>,
    /// The file's content as text (browsers, small imports).
    #[serde(default)]
    pub text: Option<String>,
    /// The file's encoding (default UTF-8; a byte order mark is skipped).
    #[serde(default)]
    pub encoding: TextEncoding,
    /// The CSV field delimiter, one ASCII character (default `,`; `;` and tab are common).
    #[serde(default)]
    pub delimiter: Option<String>,
    #[serde(default)]
    pub mapping: ImportMapping,
    #[serde(default)]
    pub duplicates: DuplicatePolicy,
    /// `all_or_nothing` (default): any bad row refuses the import, nothing is written. `skip_invalid`:
    /// good rows are written, bad ones reported.
    #[serde(default)]
    pub mode: BatchMode,
    /// Read and check every row as the import would, write nothing, and report every row that would fail.
    #[serde(default)]
    pub dry_run: bool,
}

/// One row the import could not take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowError {
    /// The data row, from 1 (the header is not counted).
    pub row: u64,
    /// The source column, when the error is about one.
    pub column: Option<String>,
    /// The record's field, when the error is about one.
    pub field: Option<String>,
    pub code: ErrorCode,
    pub message: String,
}

/// The most row errors an answer lists (`rejected` still counts them all).
pub const MAX_ROW_ERRORS: usize = 1_000;

impl RowError {
    /// As an item of a refused import's error: `index` is the row from 0 and `field` the record's field
    /// (a dry run's report also names the source column).
    pub(crate) fn into_item(self) -> ItemError {
        ItemError {
            index: usize::try_from(self.row.saturating_sub(1)).unwrap_or(usize::MAX),
            code: self.code,
            field: self.field,
            message: self.message,
        }
    }
}

/// What an import did (or, with `dry_run`, would do).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportReport {
    /// The import's id (`imports.get`, `imports.revert`); `null` for a dry run.
    pub import_id: Option<String>,
    pub dry_run: bool,
    /// Data rows read.
    pub rows: u64,
    /// Records created, updated, rows skipped as duplicates, rows rejected.
    pub created: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
    /// The rejected rows, at most 1,000 of them, in file order.
    pub errors: Vec<RowError>,
}

/// A recorded import, as `imports.list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ImportRecord {
    pub id: String,
    pub entity: ImportKind,
    pub format: ImportFormat,
    /// The file's name (no directories), or `null` for text.
    pub source: Option<String>,
    pub duplicates: DuplicatePolicy,
    pub mode: BatchMode,
    /// Who ran it (`null`: the host).
    pub actor_id: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub rows: u64,
    pub created: u64,
    pub updated: u64,
    pub skipped: u64,
    pub rejected: u64,
    /// When it was reverted, and by whom.
    pub reverted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub reverted_by: Option<String>,
}

/// `imports.list`: newest first, paged by cursor.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportListRequest {
    #[serde(default)]
    pub entity: Option<ImportKind>,
    #[serde(default)]
    pub limit: Option<u32>,
    #[serde(default)]
    pub cursor: Option<String>,
}

/// What `imports.revert` did.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RevertReport {
    pub import: ImportRecord,
    /// Records the import created, now archived (products: made inactive).
    pub archived: u64,
    /// Records the import updated, now as they were before it.
    pub restored: u64,
    /// Records changed since the import by someone else, left as they are (their ids).
    pub left_changed: Vec<String>,
}

/// A field a column or constant may fill: a field of the draft, `custom.<key>`, or for orders `lines.<field>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Field(String),
    Custom(String),
    Line(String),
}

impl Target {
    pub(crate) fn name(&self) -> String {
        match self {
            Target::Field(f) => f.clone(),
            Target::Custom(k) => format!("custom.{k}"),
            Target::Line(f) => format!("lines.{f}"),
        }
    }
}

/// The draft's fields and (orders) the line's fields a mapping may name.
pub(crate) struct DraftFields {
    pub fields: &'static [&'static str],
    pub line_fields: &'static [&'static str],
}

/// Reads a mapping target against the kind's fields: an unknown field is a validation error on `at`.
pub(crate) fn parse_target(at: &str, name: &str, fields: &DraftFields, custom_keys: &[String]) -> DomainResult<Target> {
    let unknown = || DomainError::validation(at, "names no field of the record");
    if let Some(key) = name.strip_prefix("custom.") {
        if !fields.fields.contains(&"custom") || !custom_keys.iter().any(|k| k == key) {
            return Err(DomainError::validation(at, "names no defined custom field"));
        }
        return Ok(Target::Custom(key.to_string()));
    }
    if let Some(line) = name.strip_prefix("lines.") {
        if fields.line_fields.contains(&line) {
            return Ok(Target::Line(line.to_string()));
        }
        return Err(unknown());
    }
    if name == "custom" || name == "lines" || !fields.fields.contains(&name) {
        return Err(unknown());
    }
    Ok(Target::Field(name.to_string()))
}

/// One piece of a date format: `%Y` (four digits), `%m` and `%d` (one or two digits), or a literal character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DatePiece {
    Year,
    Month,
    Day,
    Literal(char),
}

/// The pieces of a date format naming each of `%Y`, `%m` and `%d` once (`%%` is a literal `%`); `None`
/// for any other format. Written by hand rather than with chrono's strftime, which would add its whole
/// formatting machinery to the WebAssembly module.
fn date_pieces(format: &str) -> Option<Vec<DatePiece>> {
    if format.len() > 64 {
        return None;
    }
    let mut pieces = Vec::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        pieces.push(match c {
            '%' => match chars.next()? {
                'Y' => DatePiece::Year,
                'm' => DatePiece::Month,
                'd' => DatePiece::Day,
                '%' => DatePiece::Literal('%'),
                _ => return None,
            },
            c => DatePiece::Literal(c),
        });
    }
    let once = |p: DatePiece| pieces.iter().filter(|q| **q == p).count() == 1;
    (once(DatePiece::Year) && once(DatePiece::Month) && once(DatePiece::Day)).then_some(pieces)
}

/// A date cell written in `format`, as `YYYY-MM-DD`.
pub(crate) fn reformat_date(field: &str, text: &str, format: &str) -> DomainResult<String> {
    let bad = || DomainError::validation(field, "must be a date written as the mapping's date_format says");
    let pieces = date_pieces(format).ok_or_else(bad)?;
    let mut rest = text.trim();
    let (mut year, mut month, mut day) = (0i32, 0u32, 0u32);
    for piece in pieces {
        let digits = |rest: &str, most: usize| rest.bytes().take(most).take_while(u8::is_ascii_digit).count();
        match piece {
            DatePiece::Literal(c) => rest = rest.strip_prefix(c).ok_or_else(bad)?,
            DatePiece::Year => {
                let n = digits(rest, 4);
                if n != 4 {
                    return Err(bad());
                }
                year = rest[..n].parse().map_err(|_| bad())?;
                rest = &rest[n..];
            }
            DatePiece::Month | DatePiece::Day => {
                let n = digits(rest, 2);
                let value: u32 = rest[..n].parse().map_err(|_| bad())?;
                if piece == DatePiece::Month {
                    month = value
                } else {
                    day = value
                }
                rest = &rest[n..];
            }
        }
    }
    if !rest.is_empty() {
        return Err(bad());
    }
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)?;
    Ok(super::calendar::format_date(date))
}

/// Checks a date format once, before any row: `%Y`, `%m` and `%d` once each, with literal separators.
pub(crate) fn check_date_format(format: &str) -> DomainResult<()> {
    if date_pieces(format).is_none() {
        return Err(DomainError::validation(
            "mapping.date_format",
            "must name %Y, %m and %d once each, with any separators (such as %Y/%m/%d or %d.%m.%Y)",
        ));
    }
    Ok(())
}

/// The delimiter: one ASCII character other than a quote or a line break.
pub(crate) fn delimiter(given: Option<&str>) -> DomainResult<u8> {
    match given {
        None => Ok(b','),
        Some(d) if d.len() == 1 && d.is_ascii() && !matches!(d, "\"" | "\n" | "\r") => Ok(d.as_bytes()[0]),
        Some(_) => Err(DomainError::validation("delimiter", "must be one ASCII character other than a quote")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_format_must_name_year_month_and_day() {
        assert!(check_date_format("%Y/%m/%d").is_ok());
        assert!(check_date_format("%d.%m.%Y").is_ok());
        assert!(check_date_format("%Y年%m月%d日").is_ok());
        assert!(check_date_format("%Y").is_err());
        assert!(check_date_format("%H:%M").is_err());
        assert!(check_date_format("%Y/%m/%d %H").is_err());
        assert!(check_date_format("%Y/%m/%d/%d").is_err());
        assert_eq!(reformat_date("d", "2026/3/5", "%Y/%m/%d").unwrap(), "2026-03-05");
        assert_eq!(reformat_date("d", "05.03.2026", "%d.%m.%Y").unwrap(), "2026-03-05");
        assert_eq!(reformat_date("d", "2026年12月7日", "%Y年%m月%d日").unwrap(), "2026-12-07");
        for bad in ["2026-03-05", "2026/13/05", "2026/2/30", "26/3/5", "2026/3/5x", "", "2026/3/"] {
            assert!(reformat_date("d", bad, "%Y/%m/%d").is_err(), "{bad}");
        }
    }

    #[test]
    fn targets_are_fields_of_the_draft_custom_fields_or_line_fields() {
        let fields = DraftFields { fields: &["name", "custom"], line_fields: &["quantity"] };
        let keys = vec!["employees".to_string()];
        assert_eq!(parse_target("c", "name", &fields, &keys).unwrap(), Target::Field("name".into()));
        assert_eq!(parse_target("c", "custom.employees", &fields, &keys).unwrap(), Target::Custom("employees".into()));
        assert_eq!(parse_target("c", "lines.quantity", &fields, &keys).unwrap(), Target::Line("quantity".into()));
        for bad in ["nme", "custom", "custom.other", "lines.price", "lines"] {
            assert_eq!(parse_target("c", bad, &fields, &keys).unwrap_err().code(), ErrorCode::Validation, "{bad}");
        }
    }
}
