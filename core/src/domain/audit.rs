//! Audit entries (§0 Audit): who changed what, when, old -> new, and the field diff that records it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One mutation of one record. `seq` orders every committed mutation (the
/// change feed); `hlc` is its hybrid logical clock time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AuditEntry {
    pub seq: i64,
    pub hlc: String,
    pub at: DateTime<Utc>,
    /// The user id, or `system` for the host itself.
    pub actor: String,
    pub entity: String,
    pub entity_id: String,
    /// `create`, `update`, `archive`, `restore`, or a domain verb (`advance`, `convert`, ...).
    pub action: String,
    /// Changed fields: `{"name": ["old", "new"]}`.
    pub changes: Map<String, Value>,
    /// Financial fields whose changes the actor may not see (ORG-6), left out of `changes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<String>,
}

/// Names one record of one entity type.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HistoryRequest {
    /// `customer`, `contact`, `lead`, `opportunity`, `activity`, `user`, `department`, ...
    pub entity: String,
    pub id: String,
}

/// Fields that change on every write and say nothing themselves.
const IGNORED: &[&str] = &["updated_at", "version"];

/// The changed top-level fields between two serialised records, as `[old, new]`
/// pairs. `before` `None` (a create) lists every non-null field as `[null, new]`.
pub(crate) fn diff(before: Option<&Value>, after: &Value) -> Map<String, Value> {
    let empty = Map::new();
    let old = before.and_then(Value::as_object).unwrap_or(&empty);
    let new = after.as_object().unwrap_or(&empty);
    let mut out = Map::new();
    for (k, v) in new {
        if IGNORED.contains(&k.as_str()) {
            continue;
        }
        let prev = old.get(k).unwrap_or(&Value::Null);
        if prev != v {
            out.insert(k.clone(), Value::Array(vec![prev.clone(), v.clone()]));
        }
    }
    for (k, v) in old {
        if !new.contains_key(k) && !v.is_null() && !IGNORED.contains(&k.as_str()) {
            out.insert(k.clone(), Value::Array(vec![v.clone(), Value::Null]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_lists_changed_fields_only() {
        let a = json!({"name": "A", "status": "potential", "updated_at": "x"});
        let b = json!({"name": "B", "status": "potential", "updated_at": "y"});
        let d = diff(Some(&a), &b);
        assert_eq!(Value::Object(d), json!({"name": ["A", "B"]}));
        let created = diff(None, &b);
        assert_eq!(created.len(), 2);
    }
}
