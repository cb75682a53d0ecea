//! Custom fields: definitions per entity type and validation of the values written to them.
//!
//! An entity type may declare custom fields (key, label, type
//! text/number/date/bool/choice, required, choices). A record stores its
//! custom values as one JSON object keyed by field key; [`validate_values`]
//! checks and normalises every write, and [`filter_value_matches`] turns a
//! filter string from a list request into the typed value to compare with.
//! Every error names the field as `custom.<key>`.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::domain::calendar;
use crate::domain::error::{DomainError, DomainResult};

/// Longest key: `^[a-z][a-z0-9_]{0,39}$`.
pub const MAX_KEY_LEN: usize = 40;
/// Longest label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// Longest text value, in characters, after trimming.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The type of a custom field's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CustomFieldType {
    /// A JSON string, trimmed, at most 2000 characters.
    Text,
    /// A JSON number, stored as given.
    Number,
    /// A calendar date, `"YYYY-MM-DD"`.
    Date,
    /// A JSON boolean.
    Bool,
    /// A JSON string that is one of the definition's `choices`.
    Choice,
}

impl CustomFieldType {
    pub const ALL: [CustomFieldType; 5] = [
        CustomFieldType::Text,
        CustomFieldType::Number,
        CustomFieldType::Date,
        CustomFieldType::Bool,
        CustomFieldType::Choice,
    ];

    /// The wire and storage name (`"text"`, `"number"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CustomFieldType::Text => "text",
            CustomFieldType::Number => "number",
            CustomFieldType::Date => "date",
            CustomFieldType::Bool => "bool",
            CustomFieldType::Choice => "choice",
        }
    }

    /// The type named by `s` (exactly as [`CustomFieldType::as_str`] spells it).
    pub fn parse(s: &str) -> Option<CustomFieldType> {
        CustomFieldType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for CustomFieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CustomFieldType {
    type Err = DomainError;

    /// Like [`CustomFieldType::parse`], with a validation error on field `field_type`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CustomFieldType::parse(s)
            .ok_or_else(|| DomainError::validation("field_type", "must be one of text, number, date, bool, choice"))
    }
}

/// The declaration of one custom field of an entity type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomFieldDef {
    /// Stable key, `^[a-z][a-z0-9_]{0,39}$`; the name in the values object.
    pub key: String,
    /// Human label shown in forms.
    pub label: String,
    pub field_type: CustomFieldType,
    /// Whether every record of the type must have a value.
    #[serde(default)]
    pub required: bool,
    /// Allowed values of a `choice` field (empty for other types).
    #[serde(default)]
    pub choices: Vec<String>,
    /// When `custom_fields.remove` archived it (listed only with `include_archived`): records keep their
    /// values, readable as before, but no new value is accepted until the key is defined again.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<DateTime<Utc>>,
}

fn key_is_valid(key: &str) -> bool {
    let bytes = key.as_bytes();
    match bytes.first() {
        Some(b) if b.is_ascii_lowercase() => {}
        _ => return false,
    }
    bytes.len() <= MAX_KEY_LEN && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
}

/// Checks one definition: the key's shape (field `key`), a non-empty label of
/// at most 100 characters (field `label`), and its choices (field
/// `choices`): a `choice` field needs at least one choice, each non-empty,
/// without surrounding whitespace and distinct; other types have none.
pub(crate) fn validate_definition(def: &CustomFieldDef) -> DomainResult<()> {
    if !key_is_valid(&def.key) {
        return Err(DomainError::validation(
            "key",
            "must start with a lowercase letter and contain only lowercase letters, digits and underscores (at most 40)",
        ));
    }
    let label = def.label.trim();
    if label.is_empty() {
        return Err(DomainError::validation("label", "must not be empty"));
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(DomainError::validation("label", "must be at most 100 characters"));
    }
    if def.field_type == CustomFieldType::Choice {
        if def.choices.is_empty() {
            return Err(DomainError::validation("choices", "must list at least one choice"));
        }
        let mut seen = HashSet::new();
        for choice in &def.choices {
            if choice.trim().is_empty() {
                return Err(DomainError::validation("choices", "must not be empty"));
            }
            if choice.trim() != choice {
                return Err(DomainError::validation("choices", "must not start or end with whitespace"));
            }
            if !seen.insert(choice.as_str()) {
                return Err(DomainError::validation("choices", "must be distinct"));
            }
        }
    } else if !def.choices.is_empty() {
        return Err(DomainError::validation("choices", "are only allowed for choice fields"));
    }
    Ok(())
}

#[cfg(test)]
/// Checks a whole set of definitions for one entity type: each one with
/// [`validate_definition`] (fields `custom_fields.<index>.<field>`) and keys
/// unique (field `custom_fields.<index>.key`, a conflict).
pub(crate) fn validate_definitions(defs: &[CustomFieldDef]) -> DomainResult<()> {
    let mut seen = HashSet::new();
    for (index, def) in defs.iter().enumerate() {
        validate_definition(def).map_err(|err| match err {
            DomainError::Validation { field, message } => {
                DomainError::validation(format!("custom_fields.{index}.{field}"), message)
            }
            other => other,
        })?;
        if !seen.insert(def.key.as_str()) {
            return Err(DomainError::conflict(
                format!("custom_fields.{index}.key"),
                "is already used by another custom field",
            ));
        }
    }
    Ok(())
}

fn field_name(key: &str) -> String {
    format!("custom.{key}")
}

/// Checks one non-null value against its definition and returns the form to
/// store, or `None` when the value amounts to "no value" (blank text).
fn normalize_value(def: &CustomFieldDef, value: &Value) -> DomainResult<Option<Value>> {
    let field = || field_name(&def.key);
    match def.field_type {
        CustomFieldType::Text => {
            let Value::String(s) = value else {
                return Err(DomainError::validation(field(), "must be a string"));
            };
            let trimmed = s.trim();
            if trimmed.is_empty() {
                return Ok(None);
            }
            if trimmed.chars().count() > MAX_TEXT_CHARS {
                return Err(DomainError::validation(field(), "must be at most 2000 characters"));
            }
            Ok(Some(Value::String(trimmed.to_string())))
        }
        CustomFieldType::Number => match value {
            // serde_json numbers are always finite.
            Value::Number(_) => Ok(Some(value.clone())),
            _ => Err(DomainError::validation(field(), "must be a number")),
        },
        CustomFieldType::Date => {
            let Value::String(s) = value else {
                return Err(DomainError::validation(field(), "must be a date in YYYY-MM-DD format"));
            };
            let date = calendar::parse_date(&field(), s)?;
            Ok(Some(Value::String(calendar::format_date(date))))
        }
        CustomFieldType::Bool => match value {
            Value::Bool(_) => Ok(Some(value.clone())),
            _ => Err(DomainError::validation(field(), "must be true or false")),
        },
        CustomFieldType::Choice => match value {
            Value::String(s) if def.choices.iter().any(|c| c == s.trim()) => {
                Ok(Some(Value::String(s.trim().to_string())))
            }
            _ => Err(DomainError::validation(field(), "must be one of the defined choices")),
        },
    }
}

/// Validates a write of custom values and returns the complete map to store.
///
/// `existing` is the record's current values on update (`None` on create);
/// the result is `existing` overlaid with `values`, where a JSON `null` (or
/// blank text) removes the key. Every key in `values` needs a definition.
/// Values are normalised: text trimmed, dates canonical, choices trimmed;
/// numbers and booleans are stored as given. Keys already in `existing` are
/// carried over untouched. Finally every `required` definition must have a
/// value. Errors name the field `custom.<key>`; keys are checked in map order.
pub(crate) fn validate_values(
    defs: &[CustomFieldDef],
    values: &Map<String, Value>,
    existing: Option<&Map<String, Value>>,
) -> DomainResult<Map<String, Value>> {
    let mut merged = existing.cloned().unwrap_or_default();
    for (key, value) in values {
        let Some(def) = defs.iter().find(|d| &d.key == key) else {
            // A key that could not be defined is the caller's text, never repeated: `custom.?`.
            let field = if key_is_valid(key) { field_name(key) } else { field_name("?") };
            return Err(DomainError::validation(field, "is not a defined custom field"));
        };
        let normalized = if value.is_null() { None } else { normalize_value(def, value)? };
        match normalized {
            Some(v) => {
                merged.insert(key.clone(), v);
            }
            None => {
                merged.remove(key);
            }
        }
    }
    for def in defs.iter().filter(|d| d.required) {
        if merged.get(&def.key).is_none_or(Value::is_null) {
            return Err(DomainError::validation(field_name(&def.key), "is required"));
        }
    }
    Ok(merged)
}

/// Parses a filter string from a list request into the typed JSON value to
/// compare stored values with: a number for `number` fields (JSON number
/// syntax), `true`/`false` for `bool`, a canonical `YYYY-MM-DD` string for
/// `date`, one of the choices for `choice`, and the trimmed string for
/// `text`. Bad input is a validation error on `custom.<key>`.
pub(crate) fn filter_value_matches(def: &CustomFieldDef, raw: &str) -> DomainResult<Value> {
    let field = field_name(&def.key);
    let raw = raw.trim();
    match def.field_type {
        CustomFieldType::Text => Ok(Value::String(raw.to_string())),
        CustomFieldType::Number => match serde_json::from_str::<serde_json::Number>(raw) {
            Ok(n) => Ok(Value::Number(n)),
            Err(_) => Err(DomainError::validation(field, "must be a number")),
        },
        CustomFieldType::Date => {
            let date = calendar::parse_date(&field, raw)?;
            Ok(Value::String(calendar::format_date(date)))
        }
        CustomFieldType::Bool => match raw {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(DomainError::validation(field, "must be true or false")),
        },
        CustomFieldType::Choice => {
            if def.choices.iter().any(|c| c == raw) {
                Ok(Value::String(raw.to_string()))
            } else {
                Err(DomainError::validation(field, "must be one of the defined choices"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn def(key: &str, field_type: CustomFieldType) -> CustomFieldDef {
        CustomFieldDef {
            key: key.to_string(),
            label: key.to_uppercase(),
            field_type,
            required: false,
            choices: Vec::new(),
            archived_at: None,
        }
    }

    fn choice_def(key: &str, choices: &[&str]) -> CustomFieldDef {
        CustomFieldDef { choices: choices.iter().map(|c| c.to_string()).collect(), ..def(key, CustomFieldType::Choice) }
    }

    fn required(mut d: CustomFieldDef) -> CustomFieldDef {
        d.required = true;
        d
    }

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            other => panic!("not an object: {other}"),
        }
    }

    fn field_of(err: DomainError) -> String {
        match err {
            DomainError::Validation { field, .. } => field,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    fn message_of(err: DomainError) -> String {
        match err {
            DomainError::Validation { message, .. } => message,
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    fn all_defs() -> Vec<CustomFieldDef> {
        vec![
            def("notes", CustomFieldType::Text),
            def("budget", CustomFieldType::Number),
            def("founded", CustomFieldType::Date),
            def("vip", CustomFieldType::Bool),
            choice_def("tier", &["gold", "silver", "铜牌"]),
        ]
    }

    #[test]
    fn field_type_names_round_trip() {
        for t in CustomFieldType::ALL {
            assert_eq!(CustomFieldType::parse(t.as_str()), Some(t));
            assert_eq!(t.as_str().parse::<CustomFieldType>(), Ok(t));
            assert_eq!(t.to_string(), t.as_str());
            assert_eq!(serde_json::to_value(t).unwrap(), Value::String(t.as_str().to_string()));
            assert_eq!(serde_json::from_value::<CustomFieldType>(json!(t.as_str())).unwrap(), t);
        }
        assert_eq!(CustomFieldType::parse("Text"), None);
        assert_eq!(CustomFieldType::parse("string"), None);
        let err = "integer".parse::<CustomFieldType>().unwrap_err();
        assert_eq!(field_of(err), "field_type");
    }

    #[test]
    fn definition_serde_defaults() {
        let d: CustomFieldDef =
            serde_json::from_value(json!({"key": "vip", "label": "VIP", "field_type": "bool"})).unwrap();
        assert_eq!(d, def("vip", CustomFieldType::Bool).with_label("VIP"));
        let back = serde_json::to_value(&d).unwrap();
        assert_eq!(back["field_type"], json!("bool"));
        assert_eq!(back["required"], json!(false));
        assert_eq!(back["choices"], json!([]));
    }

    impl CustomFieldDef {
        fn with_label(mut self, label: &str) -> Self {
            self.label = label.to_string();
            self
        }
    }

    #[test]
    fn valid_definitions() {
        for d in all_defs() {
            assert_eq!(validate_definition(&d), Ok(()), "{}", d.key);
        }
        assert!(validate_definition(&def("a", CustomFieldType::Text)).is_ok());
        assert!(validate_definition(&def(&format!("a{}", "b".repeat(39)), CustomFieldType::Text)).is_ok());
        assert!(validate_definition(&def("a_1_b2", CustomFieldType::Number)).is_ok());
        assert!(validate_definition(&def("x", CustomFieldType::Text).with_label(&"标".repeat(100))).is_ok());
        assert!(validate_definitions(&all_defs()).is_ok());
    }

    #[test]
    fn definition_key_rules() {
        for bad in
            ["", "1abc", "_abc", "Abc", "aBc", "a-b", "a b", "a.b", "ключ", "键", &format!("a{}", "b".repeat(40))]
        {
            let err = validate_definition(&def(bad, CustomFieldType::Text)).unwrap_err();
            assert_eq!(field_of(err), "key", "{bad:?}");
        }
    }

    #[test]
    fn definition_label_rules() {
        for bad in ["", "   ", "\t\n"] {
            let err = validate_definition(&def("x", CustomFieldType::Text).with_label(bad)).unwrap_err();
            assert_eq!(field_of(err), "label");
        }
        let long = "a".repeat(101);
        let err = validate_definition(&def("x", CustomFieldType::Text).with_label(&long)).unwrap_err();
        assert_eq!(field_of(err), "label");
        // Surrounding whitespace does not count toward the limit.
        let padded = format!("  {}  ", "a".repeat(100));
        assert!(validate_definition(&def("x", CustomFieldType::Text).with_label(&padded)).is_ok());
    }

    #[test]
    fn definition_choice_rules() {
        for choices in [&[][..], &[""][..], &["  "][..], &["a", "a"][..], &["a", " b"][..], &["a", "b "][..]] {
            let err = validate_definition(&choice_def("tier", choices)).unwrap_err();
            assert_eq!(field_of(err), "choices", "{choices:?}");
        }
        assert!(validate_definition(&choice_def("tier", &["only"])).is_ok());
        assert!(validate_definition(&choice_def("tier", &["A", "a"])).is_ok());

        for t in [CustomFieldType::Text, CustomFieldType::Number, CustomFieldType::Date, CustomFieldType::Bool] {
            let mut d = def("x", t);
            d.choices = vec!["a".to_string()];
            let err = validate_definition(&d).unwrap_err();
            assert_eq!(field_of(err), "choices");
        }
    }

    #[test]
    fn definitions_need_unique_keys() {
        let defs = vec![def("a", CustomFieldType::Text), def("a", CustomFieldType::Bool)];
        assert_eq!(
            validate_definitions(&defs),
            Err(DomainError::conflict("custom_fields.1.key", "is already used by another custom field"))
        );
        let defs = vec![def("a", CustomFieldType::Text), def("B", CustomFieldType::Bool)];
        assert_eq!(field_of(validate_definitions(&defs).unwrap_err()), "custom_fields.1.key");
    }

    #[test]
    fn values_of_every_type_are_accepted_and_normalised() {
        let got = validate_values(
            &all_defs(),
            &obj(json!({
                "notes": "  hello 世界  ",
                "budget": 12.5,
                "founded": "2001-02-03",
                "vip": true,
                "tier": " 铜牌 ",
            })),
            None,
        )
        .unwrap();
        assert_eq!(
            Value::Object(got),
            json!({
                "notes": "hello 世界",
                "budget": 12.5,
                "founded": "2001-02-03",
                "vip": true,
                "tier": "铜牌",
            })
        );
    }

    #[test]
    fn numbers_are_stored_as_given() {
        for n in [json!(0), json!(-3), json!(1e300), json!(u64::MAX), json!(0.1)] {
            let got = validate_values(&all_defs(), &obj(json!({ "budget": n.clone() })), None).unwrap();
            assert_eq!(got["budget"], n);
        }
    }

    #[test]
    fn wrong_types_are_rejected() {
        let cases = [
            ("notes", json!(5)),
            ("notes", json!(true)),
            ("notes", json!(["a"])),
            ("budget", json!("12")),
            ("budget", json!(true)),
            ("budget", json!({"v": 1})),
            ("founded", json!("2001-2-3")),
            ("founded", json!("2001-02-30")),
            ("founded", json!("2001/02/03")),
            ("founded", json!("2001-02-03T00:00:00Z")),
            ("founded", json!(20010203)),
            ("vip", json!("true")),
            ("vip", json!(1)),
            ("tier", json!("bronze")),
            ("tier", json!("Gold")),
            ("tier", json!(1)),
            ("tier", json!("")),
        ];
        for (key, value) in cases {
            let err = validate_values(&all_defs(), &obj(json!({ key: value.clone() })), None).unwrap_err();
            assert_eq!(field_of(err), format!("custom.{key}"), "{key} = {value}");
        }
    }

    #[test]
    fn error_messages_do_not_echo_values() {
        let secret = "13800138000-secret";
        for key in ["budget", "founded", "vip", "tier"] {
            let err = validate_values(&all_defs(), &obj(json!({ key: secret })), None).unwrap_err();
            let text = err.to_string();
            assert!(!text.contains(secret), "{text}");
        }
        let err = validate_values(&all_defs(), &obj(json!({ "secret_key": 1 })), None).unwrap_err();
        assert_eq!(message_of(err), "is not a defined custom field");
    }

    #[test]
    fn text_length_limit() {
        let ok = "字".repeat(MAX_TEXT_CHARS);
        let got = validate_values(&all_defs(), &obj(json!({ "notes": format!("  {ok}  ") })), None).unwrap();
        assert_eq!(got["notes"], json!(ok));
        let too_long = "a".repeat(MAX_TEXT_CHARS + 1);
        let err = validate_values(&all_defs(), &obj(json!({ "notes": too_long })), None).unwrap_err();
        assert_eq!(field_of(err), "custom.notes");
    }

    #[test]
    fn blank_text_removes_the_value() {
        let existing = obj(json!({ "notes": "old" }));
        let got = validate_values(&all_defs(), &obj(json!({ "notes": "   " })), Some(&existing)).unwrap();
        assert!(!got.contains_key("notes"));
    }

    #[test]
    fn unknown_key_is_rejected() {
        let err = validate_values(&all_defs(), &obj(json!({ "colour": "red" })), None).unwrap_err();
        assert_eq!(field_of(err), "custom.colour");
        // Even a null for an unknown key.
        let err = validate_values(&all_defs(), &obj(json!({ "colour": null })), None).unwrap_err();
        assert_eq!(field_of(err), "custom.colour");
    }

    #[test]
    fn update_overlays_existing_and_null_removes() {
        let existing = obj(json!({ "notes": "keep", "budget": 10, "vip": false }));
        let got =
            validate_values(&all_defs(), &obj(json!({ "budget": 20, "vip": null, "tier": "gold" })), Some(&existing))
                .unwrap();
        assert_eq!(Value::Object(got), json!({ "notes": "keep", "budget": 20, "tier": "gold" }));
        // The input maps are untouched.
        assert_eq!(existing.len(), 3);
    }

    #[test]
    fn empty_write_returns_existing() {
        let existing = obj(json!({ "notes": "keep" }));
        let got = validate_values(&all_defs(), &Map::new(), Some(&existing)).unwrap();
        assert_eq!(got, existing);
        assert!(validate_values(&all_defs(), &Map::new(), None).unwrap().is_empty());
        assert!(validate_values(&[], &Map::new(), None).unwrap().is_empty());
    }

    #[test]
    fn an_undefined_key_that_could_not_be_a_key_is_not_repeated_in_the_field() {
        let err = validate_values(&[], &obj(json!({ "13800138000 张三": 1 })), None).unwrap_err();
        assert_eq!(err, DomainError::validation("custom.?", "is not a defined custom field"));
        let err = validate_values(&[], &obj(json!({ "colour": 1 })), None).unwrap_err();
        assert_eq!(field_of(err), "custom.colour");
    }

    #[test]
    fn required_fields_must_have_values() {
        let defs = vec![required(def("budget", CustomFieldType::Number)), def("notes", CustomFieldType::Text)];
        let err = validate_values(&defs, &obj(json!({ "notes": "x" })), None).unwrap_err();
        assert_eq!(err, DomainError::validation("custom.budget", "is required"));

        // Satisfied on create.
        assert!(validate_values(&defs, &obj(json!({ "budget": 1 })), None).is_ok());
        // Satisfied by the existing value on update.
        let existing = obj(json!({ "budget": 1 }));
        assert!(validate_values(&defs, &obj(json!({ "notes": "x" })), Some(&existing)).is_ok());
        // Removing it is refused.
        let err = validate_values(&defs, &obj(json!({ "budget": null })), Some(&existing)).unwrap_err();
        assert_eq!(field_of(err), "custom.budget");
        // A stored null does not count as a value.
        let existing = obj(json!({ "budget": null }));
        let err = validate_values(&defs, &Map::new(), Some(&existing)).unwrap_err();
        assert_eq!(field_of(err), "custom.budget");
        // Blank text does not satisfy a required text field.
        let defs = vec![required(def("notes", CustomFieldType::Text))];
        let err = validate_values(&defs, &obj(json!({ "notes": " " })), None).unwrap_err();
        assert_eq!(field_of(err), "custom.notes");
    }

    #[test]
    fn required_false_bool_is_a_value() {
        let defs = vec![required(def("vip", CustomFieldType::Bool))];
        let got = validate_values(&defs, &obj(json!({ "vip": false })), None).unwrap();
        assert_eq!(got["vip"], json!(false));
    }

    #[test]
    fn filter_values_are_typed() {
        let defs = all_defs();
        let by_key = |k: &str| defs.iter().find(|d| d.key == k).unwrap();
        assert_eq!(filter_value_matches(by_key("notes"), " abc "), Ok(json!("abc")));
        assert_eq!(filter_value_matches(by_key("budget"), "12"), Ok(json!(12)));
        assert_eq!(filter_value_matches(by_key("budget"), "-1.5"), Ok(json!(-1.5)));
        assert_eq!(filter_value_matches(by_key("budget"), "1e3"), Ok(json!(1000.0)));
        assert_eq!(filter_value_matches(by_key("founded"), "2024-02-29"), Ok(json!("2024-02-29")));
        assert_eq!(filter_value_matches(by_key("vip"), "true"), Ok(json!(true)));
        assert_eq!(filter_value_matches(by_key("vip"), "false"), Ok(json!(false)));
        assert_eq!(filter_value_matches(by_key("tier"), "gold"), Ok(json!("gold")));
        assert_eq!(filter_value_matches(by_key("tier"), "铜牌"), Ok(json!("铜牌")));
    }

    #[test]
    fn filter_values_reject_bad_input() {
        let defs = all_defs();
        let by_key = |k: &str| defs.iter().find(|d| d.key == k).unwrap();
        for (key, raw) in [
            ("budget", "abc"),
            ("budget", ""),
            ("budget", "NaN"),
            ("budget", "1,5"),
            ("budget", "0x10"),
            ("founded", "2023-02-29"),
            ("founded", "yesterday"),
            ("vip", "yes"),
            ("vip", "1"),
            ("vip", "TRUE"),
            ("tier", "bronze"),
        ] {
            let err = filter_value_matches(by_key(key), raw).unwrap_err();
            assert_eq!(field_of(err), format!("custom.{key}"), "{key} {raw:?}");
        }
    }

    #[test]
    fn filter_number_compares_with_stored_number() {
        let d = def("budget", CustomFieldType::Number);
        let stored = validate_values(std::slice::from_ref(&d), &obj(json!({ "budget": 42 })), None).unwrap();
        assert_eq!(filter_value_matches(&d, "42").unwrap(), stored["budget"]);
    }
}
