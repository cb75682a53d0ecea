//! Exports (LIFE-2): the request (which list, its filter, the format, where to), the report, and which kind a list holds.
//!
//! An export pages through one of the registry's `*.list` methods as the actor, so scope, filters and
//! withheld financial fields are the list's own; these are the pure parts: the shapes, the kind a list's
//! records are (for the `export` permission), and how a JSON value becomes one CSV cell.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::entity::{Entity, Scoping};
use super::error::{DomainError, DomainResult};

/// Records asked of the list per page.
pub const EXPORT_PAGE_SIZE: u32 = 500;

/// How the records are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// Comma-separated values with a header row (RFC 4180 quoting); nested values as JSON text in one cell.
    #[default]
    Csv,
    /// One JSON object per line, each record as the list answers it.
    Jsonl,
}

/// An export of any list (LIFE-2): the list method, its filter, the format, and where the records go.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExportRequest {
    /// The list method to page through (`customers.list`, `orders.list`, ...).
    pub list: String,
    /// That list method's own request, without `cursor` and `limit` (the export pages by itself).
    #[serde(default)]
    pub filter: Map<String, Value>,
    #[serde(default)]
    pub format: ExportFormat,
    /// A file to write (created or replaced, whole or not at all). Without it the answer carries the text,
    /// up to the engine's maximum request size.
    #[serde(default)]
    pub path: Option<String>,
    /// CSV only: the columns, in order (default: the keys of the first page's records, in first-seen order).
    /// Fields withheld from the actor are left out either way.
    #[serde(default)]
    pub columns: Option<Vec<String>>,
}

/// What an export wrote.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExportReport {
    /// Records written (CSV: data rows, the header not counted).
    pub rows: u64,
    /// Bytes written.
    pub bytes: u64,
    /// The CSV header's columns (empty for JSON lines).
    pub columns: Vec<String>,
    /// The file written, when the request named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The export itself, when the request named no file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ExportRequest {
    /// Checks what can be checked before the list is called: the filter leaves paging to the export, and
    /// columns are for CSV and name something.
    pub(crate) fn check(&self) -> DomainResult<()> {
        for paging in ["cursor", "limit"] {
            if self.filter.contains_key(paging) {
                return Err(DomainError::validation(
                    format!("filter.{paging}"),
                    "the export pages through the list by itself: leave out cursor and limit",
                ));
            }
        }
        match (&self.columns, self.format) {
            (Some(_), ExportFormat::Jsonl) => {
                Err(DomainError::validation("columns", "columns are for CSV; JSON lines carry each record whole"))
            }
            (Some(c), _) if c.is_empty() || c.iter().any(|name| name.trim().is_empty()) => {
                Err(DomainError::validation("columns", "must name at least one column, none of them empty"))
            }
            _ => Ok(()),
        }
    }
}

/// The kind of record a list method answers, by the method's name (`customers.list` -> customer); `None`
/// for lists that are not of a record kind a permission covers (imports, the outbox, set-up lists).
pub(crate) fn list_entity(list: &str) -> Option<Entity> {
    Some(match list.strip_suffix(".list")? {
        "customers" => Entity::Customer,
        "contacts" => Entity::Contact,
        "leads" => Entity::Lead,
        "opportunities" => Entity::Opportunity,
        "activities" => Entity::Activity,
        "orders" => Entity::Order,
        "quotes" => Entity::Quote,
        "contracts" => Entity::Contract,
        "invoices" => Entity::Invoice,
        "receivables" => Entity::Receivable,
        "products" => Entity::Product,
        "price_lists" => Entity::PriceList,
        _ => return None,
    })
}

/// The kind whose `export` permission governs exporting `entity`'s records: its own, or for the catalogue
/// the kind it is kept with (price lists with products).
pub(crate) fn permission_kind(entity: Entity) -> Entity {
    match entity.declaration().scoping {
        Scoping::Catalogue { permissions_of } => permissions_of,
        _ => entity,
    }
}

/// The default CSV columns: every key of `records`, in first-seen order, except `withheld` (the answer's
/// note of what it left out) and the names in `left_out`.
pub(crate) fn default_columns<'a>(records: impl IntoIterator<Item = &'a Value>, left_out: &[String]) -> Vec<String> {
    let mut columns: Vec<String> = Vec::new();
    for record in records {
        let Value::Object(map) = record else { continue };
        for key in map.keys() {
            if key != "withheld" && !left_out.contains(key) && !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    columns
}

/// The names every record of `records` says it withheld from the actor.
pub(crate) fn withheld_names<'a>(records: impl IntoIterator<Item = &'a Value>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for record in records {
        if let Some(Value::Array(list)) = record.get("withheld") {
            for name in list.iter().filter_map(Value::as_str) {
                if !names.iter().any(|n| n == name) {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

/// One CSV cell: empty for null or absent, text as it is, numbers and booleans as JSON writes them, nested
/// objects and arrays as JSON text.
pub(crate) fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_map_to_their_kinds_and_the_catalogue_to_products() {
        assert_eq!(list_entity("customers.list"), Some(Entity::Customer));
        assert_eq!(list_entity("imports.list"), None);
        assert_eq!(list_entity("customers.get"), None);
        assert_eq!(permission_kind(Entity::PriceList), Entity::Product);
        assert_eq!(permission_kind(Entity::Order), Entity::Order);
    }

    #[test]
    fn columns_are_first_seen_keys_without_withheld_ones_and_cells_are_text() {
        let records = [json!({"id": "a", "name": "x", "withheld": ["credit_limit"]}), json!({"id": "b", "tags": []})];
        let left_out = withheld_names(&records);
        assert_eq!(left_out, ["credit_limit"]);
        assert_eq!(default_columns(&records, &left_out), ["id", "name", "tags"]);
        assert_eq!(cell(None), "");
        assert_eq!(cell(Some(&json!(12))), "12");
        assert_eq!(cell(Some(&json!(["vip", "华南"]))), r#"["vip","华南"]"#);
        assert_eq!(cell(Some(&json!({"a": 1}))), r#"{"a":1}"#);
    }

    #[test]
    fn paging_fields_and_json_columns_are_refused() {
        let req: ExportRequest =
            serde_json::from_value(json!({"list": "customers.list", "filter": {"limit": 5}})).unwrap();
        assert_eq!(req.check().unwrap_err().field(), Some("filter.limit"));
        let req: ExportRequest =
            serde_json::from_value(json!({"list": "customers.list", "format": "jsonl", "columns": ["id"]})).unwrap();
        assert_eq!(req.check().unwrap_err().field(), Some("columns"));
    }
}
