//! Customers (CUS-1): the record, its validation, its list filters.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::custom_fields::{self, CustomFieldDef};
use super::error::{DomainError, DomainResult};
use super::money;
use super::normalize;
use super::sort;
use super::text::{self, Patch};

/// Maximum characters of a phone number as written.
pub const PHONE_MAX: usize = 50;
/// Maximum characters of a website or a postal address.
pub const ADDRESS_MAX: usize = 500;
/// Maximum tags on one customer.
pub const MAX_TAGS: usize = 50;

/// A company or an individual (CUS-1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    #[default]
    Company,
    Individual,
}

impl CustomerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerKind::Company => "company",
            CustomerKind::Individual => "individual",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [CustomerKind::Company, CustomerKind::Individual].into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a customer stands: `potential` until its first approved order (or an explicit conversion), then `transaction`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    #[default]
    Potential,
    Transaction,
}

impl CustomerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Potential => "potential",
            CustomerStatus::Transaction => "transaction",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [CustomerStatus::Potential, CustomerStatus::Transaction].into_iter().find(|k| k.as_str() == s)
    }

    /// CUS-1: `potential -> transaction`, never back.
    pub(crate) fn advance_to(self, to: CustomerStatus) -> DomainResult<CustomerStatus> {
        if to < self {
            Err(DomainError::invalid_state("a transaction customer never goes back to potential"))
        } else {
            Ok(to)
        }
    }
}

/// A customer (CUS-1). `owner_id` `None`: in the public pool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Customer {
    pub id: String,
    /// Readable sequential code (`C-000123`).
    pub code: String,
    pub name: String,
    pub kind: CustomerKind,
    pub status: CustomerStatus,
    pub owner_id: Option<String>,
    /// The owner's department (`None` in the pool).
    pub department_id: Option<String>,
    /// Hierarchical region code (`44/4403`).
    pub region: Option<String>,
    pub industry: Option<String>,
    /// Source channel.
    pub source: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub address: Option<String>,
    /// Minor units of the organisation's base currency.
    pub credit_limit: Option<i64>,
    /// Sorted, distinct.
    pub tags: Vec<String>,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub last_contact_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
    /// The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub withheld: Vec<String>,
}

/// A new customer, or (with a known `external_ref`) the new state of an existing one.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CustomerDraft {
    pub name: String,
    /// Default `company` (an update keeps the current kind when absent).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub kind: Option<CustomerKind>,
    /// Default `potential`; `transaction` never goes back.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<CustomerStatus>,
    /// Absent: the acting user (system: the pool; an update keeps the owner). `null`: the public pool.
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_id: Patch<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub region: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industry: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub source: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub phone: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub website: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub address: Option<String>,
    /// Minor units of the base currency.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub credit_limit: Option<i64>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tags: Vec<String>,
    /// Custom field values; `null` removes one.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to a customer: absent fields stay, `null` clears a nullable field.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CustomerPatch {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub kind: Option<CustomerKind>,
    /// `potential -> transaction` only.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<CustomerStatus>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub region: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub industry: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub source: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub phone: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub website: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub address: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<i64>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub credit_limit: Patch<i64>,
    /// Replaces every tag.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tags: Option<Vec<String>>,
    /// Overlays the stored values; `null` removes one.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Patch<String>,
}

/// A custom field filter: customers whose field `key` equals `value` (given as text, typed by the definition).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CustomFilter {
    pub key: String,
    pub value: String,
}

/// Which customers to list; always limited to the actor's scope plus the public pool.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields, default)]
pub struct CustomerListRequest {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub owner_id: Option<String>,
    /// Only customers in the public pool.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pool_only: bool,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub status: Option<CustomerStatus>,
    /// Region prefix: `44` covers `44` and `44/4403`.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub region: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub tag: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Option<CustomFilter>,
    /// Name contains this text.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_archived: bool,
    /// `next_cursor` of the previous page.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Page size, default 50, at most 1000.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// The starting point of a new customer: what the engine decides, not the caller.
#[derive(Debug, Clone)]
pub struct CustomerSeed {
    pub id: String,
    pub code: String,
    pub owner_id: Option<String>,
    pub department_id: Option<String>,
    pub created_by: Option<String>,
    pub now: DateTime<Utc>,
}

fn opt_text(field: &str, v: Option<&str>, max: usize) -> DomainResult<Option<String>> {
    text::optional(field, v, max)
}

fn email(field: &str, v: Option<&str>) -> DomainResult<Option<String>> {
    match opt_text(field, v, text::SHORT_MAX)? {
        Some(e) if !normalize::is_valid_email(&e) => Err(DomainError::validation(field, "must be an email address")),
        other => Ok(other),
    }
}

fn credit_limit(v: Option<i64>) -> DomainResult<Option<i64>> {
    if let Some(a) = v {
        money::validate_amount("credit_limit", a)?;
    }
    Ok(v)
}

/// Tags: each a code (letters, digits, `_ - . /`), trimmed; result sorted and distinct.
pub(crate) fn tags(field: &str, raw: &[String]) -> DomainResult<Vec<String>> {
    if raw.len() > MAX_TAGS {
        return Err(DomainError::validation(field, format!("at most {MAX_TAGS} tags")));
    }
    let mut out = raw
        .iter()
        .enumerate()
        .map(|(i, t)| text::code(&format!("{field}.{i}"), t))
        .collect::<DomainResult<Vec<_>>>()?;
    sort::sort(&mut out);
    out.dedup();
    Ok(out)
}

impl Customer {
    /// A new customer from a draft (owner and code already decided by the engine).
    pub(crate) fn create(seed: CustomerSeed, draft: &CustomerDraft, defs: &[CustomFieldDef]) -> DomainResult<Customer> {
        let blank = Customer {
            id: seed.id,
            code: seed.code,
            name: String::new(),
            kind: CustomerKind::default(),
            status: CustomerStatus::default(),
            owner_id: seed.owner_id,
            department_id: seed.department_id,
            region: None,
            industry: None,
            source: None,
            phone: None,
            email: None,
            website: None,
            address: None,
            credit_limit: None,
            tags: Vec::new(),
            custom: Map::new(),
            external_ref: None,
            last_contact_at: None,
            created_by: seed.created_by,
            created_at: seed.now,
            updated_at: seed.now,
            archived_at: None,
            withheld: Vec::new(),
        };
        blank.with_draft(draft, defs, true, seed.now)
    }

    /// This customer with a draft's fields (an upsert by `external_ref`): the
    /// draft replaces name, region, industry, source, phone, email, website,
    /// address, credit limit and tags; kind and status only when given (status
    /// forward only); custom values overlay the stored ones. The owner is the
    /// engine's business.
    pub(crate) fn with_draft(
        &self,
        draft: &CustomerDraft,
        defs: &[CustomFieldDef],
        new: bool,
        now: DateTime<Utc>,
    ) -> DomainResult<Customer> {
        let mut c = self.clone();
        c.name = text::required("name", &draft.name, text::NAME_MAX)?;
        if let Some(k) = draft.kind {
            c.kind = k;
        }
        if let Some(s) = draft.status {
            c.status = c.status.advance_to(s)?;
        }
        c.region = text::region("region", draft.region.as_deref())?;
        c.industry = opt_text("industry", draft.industry.as_deref(), text::SHORT_MAX)?;
        c.source = opt_text("source", draft.source.as_deref(), text::SHORT_MAX)?;
        c.phone = opt_text("phone", draft.phone.as_deref(), PHONE_MAX)?;
        c.email = email("email", draft.email.as_deref())?;
        c.website = opt_text("website", draft.website.as_deref(), ADDRESS_MAX)?;
        c.address = opt_text("address", draft.address.as_deref(), ADDRESS_MAX)?;
        c.credit_limit = credit_limit(draft.credit_limit)?;
        c.tags = tags("tags", &draft.tags)?;
        let existing = if new { None } else { Some(&self.custom) };
        c.custom = custom_fields::validate_values(defs, &draft.custom, existing)?;
        if let Some(r) = opt_text("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
            c.external_ref = Some(r);
        }
        c.updated_at = now;
        Ok(c)
    }

    /// This customer with a patch applied, every changed field validated.
    pub(crate) fn patched(
        &self,
        p: &CustomerPatch,
        defs: &[CustomFieldDef],
        now: DateTime<Utc>,
    ) -> DomainResult<Customer> {
        let mut c = self.clone();
        if let Some(n) = &p.name {
            c.name = text::required("name", n, text::NAME_MAX)?;
        }
        if let Some(k) = p.kind {
            c.kind = k;
        }
        if let Some(s) = p.status {
            c.status = c.status.advance_to(s)?;
        }
        if let Some(v) = &p.region {
            c.region = text::region("region", v.as_deref())?;
        }
        let texts: [(&str, &Patch<String>, &mut Option<String>, usize); 5] = [
            ("industry", &p.industry, &mut c.industry, text::SHORT_MAX),
            ("source", &p.source, &mut c.source, text::SHORT_MAX),
            ("phone", &p.phone, &mut c.phone, PHONE_MAX),
            ("website", &p.website, &mut c.website, ADDRESS_MAX),
            ("address", &p.address, &mut c.address, ADDRESS_MAX),
        ];
        for (field, patch, slot, max) in texts {
            if let Some(v) = patch {
                *slot = opt_text(field, v.as_deref(), max)?;
            }
        }
        if let Some(v) = &p.email {
            c.email = email("email", v.as_deref())?;
        }
        if let Some(v) = p.credit_limit {
            c.credit_limit = credit_limit(v)?;
        }
        if let Some(t) = &p.tags {
            c.tags = tags("tags", t)?;
        }
        if let Some(values) = &p.custom {
            c.custom = custom_fields::validate_values(defs, values, Some(&self.custom))?;
        }
        if let Some(v) = &p.external_ref {
            c.external_ref = opt_text("external_ref", v.as_deref(), text::SHORT_MAX)?;
        }
        c.updated_at = now;
        Ok(c)
    }

    /// Dedupe keys (CUS-7): normalised name, phone and email.
    pub(crate) fn dedupe_keys(&self, country_code: &str) -> Vec<(&'static str, String)> {
        let mut keys = vec![("name", normalize::name_key(&self.name))];
        if let Some(k) = self.phone.as_deref().and_then(|p| normalize::phone_key(p, country_code)) {
            keys.push(("phone", k));
        }
        if let Some(k) = self.email.as_deref().and_then(normalize::email_key) {
            keys.push(("email", k));
        }
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::custom_fields::CustomFieldType;
    use serde_json::json;

    fn now() -> DateTime<Utc> {
        "2026-03-02T01:00:00Z".parse().unwrap()
    }

    fn seed() -> CustomerSeed {
        CustomerSeed {
            id: "c1".into(),
            code: "C-000001".into(),
            owner_id: Some("u1".into()),
            department_id: Some("d1".into()),
            created_by: Some("u1".into()),
            now: now(),
        }
    }

    fn draft(name: &str) -> CustomerDraft {
        CustomerDraft { name: name.into(), ..Default::default() }
    }

    #[test]
    fn cus_1_create_defaults_and_normalises() {
        let mut d = draft("  深圳市华强电子有限公司 ");
        d.tags = vec!["vip".into(), "key-account".into(), "vip".into()];
        d.email = Some(" Sales@Example.com ".into());
        d.region = Some("44/4403".into());
        let c = Customer::create(seed(), &d, &[]).unwrap();
        assert_eq!(c.name, "深圳市华强电子有限公司");
        assert_eq!(c.kind, CustomerKind::Company);
        assert_eq!(c.status, CustomerStatus::Potential);
        assert_eq!(c.tags, vec!["key-account", "vip"]);
        assert_eq!(c.email.as_deref(), Some("Sales@Example.com"));
    }

    #[test]
    fn cus_1_field_validation() {
        let bad = |f: &dyn Fn(&mut CustomerDraft), field: &str| {
            let mut d = draft("ACME");
            f(&mut d);
            match Customer::create(seed(), &d, &[]) {
                Err(DomainError::Validation { field: got, .. }) => assert_eq!(got, field),
                other => panic!("expected validation on {field}: {other:?}"),
            }
        };
        bad(&|d| d.name = "  ".into(), "name");
        bad(&|d| d.email = Some("not-an-email".into()), "email");
        bad(&|d| d.region = Some("44//03".into()), "region");
        bad(&|d| d.credit_limit = Some(-1), "credit_limit");
        bad(&|d| d.tags = vec!["ok".into(), "bad tag".into()], "tags.1");
        bad(&|d| d.custom = json!({"nope": 1}).as_object().unwrap().clone(), "custom.nope");
    }

    #[test]
    fn cus_1_status_never_goes_back() {
        assert_eq!(CustomerStatus::Potential.advance_to(CustomerStatus::Transaction), Ok(CustomerStatus::Transaction));
        assert_eq!(
            CustomerStatus::Transaction.advance_to(CustomerStatus::Transaction),
            Ok(CustomerStatus::Transaction)
        );
        assert!(matches!(
            CustomerStatus::Transaction.advance_to(CustomerStatus::Potential),
            Err(DomainError::InvalidState(_))
        ));
    }

    #[test]
    fn cus_1_patch_clears_and_overlays_custom() {
        let defs = vec![
            CustomFieldDef {
                key: "employees".into(),
                label: "Employees".into(),
                field_type: CustomFieldType::Number,
                required: false,
                choices: vec![],
                archived_at: None,
            },
            CustomFieldDef {
                key: "note".into(),
                label: "Note".into(),
                field_type: CustomFieldType::Text,
                required: false,
                choices: vec![],
                archived_at: None,
            },
        ];
        let mut d = draft("ACME");
        d.phone = Some("0755-1234567".into());
        d.custom = json!({"employees": 50, "note": "x"}).as_object().unwrap().clone();
        let c = Customer::create(seed(), &d, &defs).unwrap();
        let p: CustomerPatch =
            serde_json::from_value(json!({"id": "c1", "phone": null, "custom": {"employees": 60}})).unwrap();
        let c2 = c.patched(&p, &defs, now()).unwrap();
        assert_eq!(c2.phone, None);
        assert_eq!(Value::Object(c2.custom), json!({"employees": 60, "note": "x"}));
        let p: CustomerPatch = serde_json::from_value(json!({"id": "c1"})).unwrap();
        assert_eq!(c.patched(&p, &defs, now()).unwrap().phone.as_deref(), Some("0755-1234567"));
    }

    #[test]
    fn cus_1_dedupe_keys() {
        let mut d = draft("ACME, Inc.");
        d.phone = Some("0755-1234567".into());
        d.email = Some("Info@ACME.com".into());
        let c = Customer::create(seed(), &d, &[]).unwrap();
        assert_eq!(
            c.dedupe_keys("86"),
            vec![("name", "acme inc".into()), ("phone", "867551234567".into()), ("email", "info@acme.com".into())]
        );
    }

    #[test]
    fn cus_1_owner_absent_null_or_set() {
        let d: CustomerDraft = serde_json::from_value(json!({"name": "A"})).unwrap();
        assert_eq!(d.owner_id, None);
        let d: CustomerDraft = serde_json::from_value(json!({"name": "A", "owner_id": null})).unwrap();
        assert_eq!(d.owner_id, Some(None));
        let d: CustomerDraft = serde_json::from_value(json!({"name": "A", "owner_id": "u"})).unwrap();
        assert_eq!(d.owner_id, Some(Some("u".into())));
    }
}
