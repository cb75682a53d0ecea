//! Contacts (CUS-3): the record, the primary-contact rule, the reports-to relationship map.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::calendar;
use super::custom_fields::{self, CustomFieldDef};
use super::customer::PHONE_MAX;
use super::error::{DomainError, DomainResult};
use super::normalize;
use super::text::{self, Patch};

/// Maximum phones or emails on one contact.
pub const MAX_CHANNELS: usize = 10;

/// A contact's role in the customer's buying decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum DealRole {
    DecisionMaker,
    Influencer,
    User,
    Gatekeeper,
}

impl DealRole {
    pub const ALL: [DealRole; 4] =
        [DealRole::DecisionMaker, DealRole::Influencer, DealRole::User, DealRole::Gatekeeper];

    pub fn as_str(self) -> &'static str {
        match self {
            DealRole::DecisionMaker => "decision_maker",
            DealRole::Influencer => "influencer",
            DealRole::User => "user",
            DealRole::Gatekeeper => "gatekeeper",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        DealRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A contact person of one customer (CUS-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Contact {
    pub id: String,
    pub customer_id: String,
    pub name: String,
    pub title: Option<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub birthday: Option<NaiveDate>,
    pub deal_role: Option<DealRole>,
    /// Another contact of the same customer (the relationship map).
    pub reports_to: Option<String>,
    /// Exactly one live contact of a customer with contacts is primary.
    pub is_primary: bool,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// A new contact, or (with a known `external_ref`) the new state of an existing one.
/// The customer is named by `customer_id` or by `customer_external_ref` (ERP imports).
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContactDraft {
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_id: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub customer_external_ref: Option<String>,
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub title: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub phones: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub emails: Vec<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub birthday: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub deal_role: Option<DealRole>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reports_to: Option<String>,
    /// Makes this the primary contact (the first contact of a customer is primary anyway).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub is_primary: bool,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Map<String, Value>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Option<String>,
}

/// Changes to a contact: absent fields stay, `null` clears a nullable field.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContactPatch {
    pub id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub title: Patch<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub phones: Option<Vec<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub emails: Option<Vec<String>>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub birthday: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<DealRole>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub deal_role: Patch<DealRole>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reports_to: Patch<String>,
    /// `true` makes this the primary contact (the old one is demoted); `false` on the primary is refused.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub is_primary: Option<bool>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub custom: Option<Map<String, Value>>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub external_ref: Patch<String>,
}

/// A customer's contacts, one page at a time.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ContactListRequest {
    pub customer_id: String,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub include_archived: bool,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Page size, default 50, at most 1000.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// One node of the relationship map: a contact and the contacts reporting to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RelationshipNode {
    pub contact: Contact,
    pub reports: Vec<RelationshipNode>,
}

fn phones(raw: &[String], country_code: &str) -> DomainResult<Vec<String>> {
    if raw.len() > MAX_CHANNELS {
        return Err(DomainError::validation("phones", format!("at most {MAX_CHANNELS} phone numbers")));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, p) in raw.iter().enumerate() {
        let field = format!("phones.{i}");
        let p = text::required(&field, p, PHONE_MAX)?;
        if normalize::phone_key(&p, country_code).is_none() {
            return Err(DomainError::validation(field, "must be a phone number"));
        }
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

fn emails(raw: &[String]) -> DomainResult<Vec<String>> {
    if raw.len() > MAX_CHANNELS {
        return Err(DomainError::validation("emails", format!("at most {MAX_CHANNELS} email addresses")));
    }
    let mut out: Vec<String> = Vec::new();
    for (i, e) in raw.iter().enumerate() {
        let field = format!("emails.{i}");
        let e = text::required(&field, e, text::SHORT_MAX)?;
        if !normalize::is_valid_email(&e) {
            return Err(DomainError::validation(field, "must be an email address"));
        }
        if !out.contains(&e) {
            out.push(e);
        }
    }
    Ok(out)
}

fn birthday(raw: Option<&str>) -> DomainResult<Option<NaiveDate>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => calendar::parse_date("birthday", s).map(Some),
    }
}

/// The starting point of a new contact: what the engine decides.
#[derive(Debug, Clone)]
pub struct ContactSeed {
    pub id: String,
    pub customer_id: String,
    pub now: DateTime<Utc>,
}

impl Contact {
    /// A new contact from a draft. `reports_to` and `is_primary` are checked by the engine against the customer's contacts.
    pub(crate) fn create(
        seed: ContactSeed,
        draft: &ContactDraft,
        defs: &[CustomFieldDef],
        country_code: &str,
    ) -> DomainResult<Contact> {
        let blank = Contact {
            id: seed.id,
            customer_id: seed.customer_id,
            name: String::new(),
            title: None,
            phones: Vec::new(),
            emails: Vec::new(),
            birthday: None,
            deal_role: None,
            reports_to: None,
            is_primary: false,
            custom: Map::new(),
            external_ref: None,
            created_at: seed.now,
            updated_at: seed.now,
            archived_at: None,
        };
        blank.with_draft(draft, defs, country_code, true, seed.now)
    }

    /// This contact with a draft's fields (an upsert by `external_ref`): every
    /// field is replaced, custom values overlay. `is_primary` is left to the engine.
    pub(crate) fn with_draft(
        &self,
        draft: &ContactDraft,
        defs: &[CustomFieldDef],
        country_code: &str,
        new: bool,
        now: DateTime<Utc>,
    ) -> DomainResult<Contact> {
        let mut c = self.clone();
        c.name = text::required("name", &draft.name, text::NAME_MAX)?;
        c.title = text::optional("title", draft.title.as_deref(), text::NAME_MAX)?;
        c.phones = phones(&draft.phones, country_code)?;
        c.emails = emails(&draft.emails)?;
        c.birthday = birthday(draft.birthday.as_deref())?;
        c.deal_role = draft.deal_role;
        c.reports_to = text::optional("reports_to", draft.reports_to.as_deref(), text::SHORT_MAX)?;
        let existing = if new { None } else { Some(&self.custom) };
        c.custom = custom_fields::validate_values(defs, &draft.custom, existing)?;
        if let Some(r) = text::optional("external_ref", draft.external_ref.as_deref(), text::SHORT_MAX)? {
            c.external_ref = Some(r);
        }
        c.updated_at = now;
        Ok(c)
    }

    /// This contact with a patch applied (all but `is_primary`, which the engine handles).
    pub(crate) fn patched(
        &self,
        p: &ContactPatch,
        defs: &[CustomFieldDef],
        country_code: &str,
        now: DateTime<Utc>,
    ) -> DomainResult<Contact> {
        let mut c = self.clone();
        if let Some(n) = &p.name {
            c.name = text::required("name", n, text::NAME_MAX)?;
        }
        if let Some(t) = &p.title {
            c.title = text::optional("title", t.as_deref(), text::NAME_MAX)?;
        }
        if let Some(v) = &p.phones {
            c.phones = phones(v, country_code)?;
        }
        if let Some(v) = &p.emails {
            c.emails = emails(v)?;
        }
        if let Some(b) = &p.birthday {
            c.birthday = birthday(b.as_deref())?;
        }
        if let Some(r) = p.deal_role {
            c.deal_role = r;
        }
        if let Some(r) = &p.reports_to {
            c.reports_to = text::optional("reports_to", r.as_deref(), text::SHORT_MAX)?;
        }
        if let Some(values) = &p.custom {
            c.custom = custom_fields::validate_values(defs, values, Some(&self.custom))?;
        }
        if let Some(v) = &p.external_ref {
            c.external_ref = text::optional("external_ref", v.as_deref(), text::SHORT_MAX)?;
        }
        c.updated_at = now;
        Ok(c)
    }

    /// Dedupe keys (CUS-7): normalised name, every phone and every email.
    pub(crate) fn dedupe_keys(&self, country_code: &str) -> Vec<(&'static str, String)> {
        let mut keys = vec![("name", normalize::name_key(&self.name))];
        keys.extend(self.phones.iter().filter_map(|p| normalize::phone_key(p, country_code)).map(|k| ("phone", k)));
        keys.extend(self.emails.iter().filter_map(|e| normalize::email_key(e)).map(|k| ("email", k)));
        keys
    }
}

/// Checks a `reports_to` link of contact `id` to `manager` among the customer's
/// live contacts (`reports_to` of each by id): the manager must be one of them,
/// not the contact itself, and following the chain up from the manager must
/// never come back to the contact.
pub(crate) fn check_reports_to(id: &str, manager: &str, links: &HashMap<String, Option<String>>) -> DomainResult<()> {
    if manager == id {
        return Err(DomainError::validation("reports_to", "a contact cannot report to itself"));
    }
    if !links.contains_key(manager) {
        return Err(DomainError::validation("reports_to", "must be a live contact of the same customer"));
    }
    let mut seen = HashSet::new();
    let mut cur = Some(manager.to_string());
    while let Some(c) = cur {
        if c == id {
            return Err(DomainError::validation("reports_to", "would make a reporting cycle"));
        }
        if !seen.insert(c.clone()) {
            break;
        }
        cur = links.get(&c).cloned().flatten();
    }
    Ok(())
}

/// The contact to promote when the primary leaves: the oldest live one (ids are time ordered).
pub(crate) fn next_primary<'a>(live: impl IntoIterator<Item = &'a Contact>) -> Option<&'a Contact> {
    live.into_iter()
        .filter(|c| c.archived_at.is_none())
        .min_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)))
}

/// The reports-to tree of a customer's contacts. Roots are contacts reporting
/// to nobody (or to a contact not among `contacts`, e.g. an archived one);
/// siblings keep the order of `contacts`. Cycles cannot be written, but any
/// contact not reached from a root is still listed as a root.
pub(crate) fn relationship_map(contacts: Vec<Contact>) -> Vec<RelationshipNode> {
    let ids: HashSet<String> = contacts.iter().map(|c| c.id.clone()).collect();
    let mut children: HashMap<String, Vec<Contact>> = HashMap::new();
    let mut roots = Vec::new();
    for c in contacts {
        match &c.reports_to {
            Some(m) if ids.contains(m) && m != &c.id => children.entry(m.clone()).or_default().push(c),
            _ => roots.push(c),
        }
    }
    fn build(c: Contact, children: &mut HashMap<String, Vec<Contact>>) -> RelationshipNode {
        let kids = children.remove(&c.id).unwrap_or_default();
        RelationshipNode { reports: kids.into_iter().map(|k| build(k, children)).collect(), contact: c }
    }
    let mut out: Vec<RelationshipNode> = roots.into_iter().map(|c| build(c, &mut children)).collect();
    // Whatever is left sits on a cycle: list each remaining chain from one of its members.
    while let Some(key) = children.keys().next().cloned() {
        let group = children.remove(&key).unwrap_or_default();
        for c in group {
            out.push(build(c, &mut children));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(id: &str, reports_to: Option<&str>) -> Contact {
        let now: DateTime<Utc> = "2026-03-02T01:00:00Z".parse().unwrap();
        let mut c = Contact::create(
            ContactSeed { id: id.into(), customer_id: "cu".into(), now },
            &ContactDraft { name: format!("Contact {id}"), ..Default::default() },
            &[],
            "86",
        )
        .unwrap();
        c.reports_to = reports_to.map(String::from);
        c
    }

    fn links(cs: &[Contact]) -> HashMap<String, Option<String>> {
        cs.iter().map(|c| (c.id.clone(), c.reports_to.clone())).collect()
    }

    #[test]
    fn cus_3_channels_are_validated() {
        let now: DateTime<Utc> = "2026-03-02T01:00:00Z".parse().unwrap();
        let seed = || ContactSeed { id: "a".into(), customer_id: "cu".into(), now };
        let mut d = ContactDraft { name: "王芳".into(), ..Default::default() };
        d.phones = vec!["138 0013 8000".into(), "138 0013 8000".into()];
        d.emails = vec!["wang@example.com".into()];
        d.birthday = Some("1990-05-17".into());
        let c = Contact::create(seed(), &d, &[], "86").unwrap();
        assert_eq!(c.phones.len(), 1);
        assert_eq!(c.birthday, NaiveDate::from_ymd_opt(1990, 5, 17));
        assert_eq!(c.dedupe_keys("86")[1], ("phone", "8613800138000".to_string()));
        for (f, field) in [
            (&(|d: &mut ContactDraft| d.emails = vec!["x@".into()]) as &dyn Fn(&mut ContactDraft), "emails.0"),
            (&|d: &mut ContactDraft| d.phones = vec!["12".into()], "phones.0"),
            (&|d: &mut ContactDraft| d.birthday = Some("1990-02-30".into()), "birthday"),
        ] {
            let mut d = d.clone();
            f(&mut d);
            match Contact::create(seed(), &d, &[], "86") {
                Err(DomainError::Validation { field: got, .. }) => assert_eq!(got, field),
                other => panic!("expected validation on {field}: {other:?}"),
            }
        }
    }

    #[test]
    fn cus_3_reports_to_checks() {
        let cs = vec![contact("a", None), contact("b", Some("a")), contact("c", Some("b"))];
        let l = links(&cs);
        assert!(check_reports_to("c", "a", &l).is_ok());
        assert!(check_reports_to("a", "a", &l).is_err());
        assert!(check_reports_to("a", "c", &l).is_err(), "a -> c -> b -> a is a cycle");
        assert!(check_reports_to("a", "zz", &l).is_err());
        assert!(check_reports_to("new", "c", &l).is_ok());
    }

    #[test]
    fn cus_3_relationship_map_nests() {
        let cs = vec![contact("a", None), contact("b", Some("a")), contact("c", Some("a")), contact("d", Some("b"))];
        let map = relationship_map(cs);
        assert_eq!(map.len(), 1);
        assert_eq!(map[0].contact.id, "a");
        assert_eq!(map[0].reports.iter().map(|n| n.contact.id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        assert_eq!(map[0].reports[0].reports[0].contact.id, "d");
        // A manager outside the set (archived) makes a root.
        let map = relationship_map(vec![contact("x", Some("gone"))]);
        assert_eq!(map[0].contact.id, "x");
        // A stored cycle still lists everyone.
        let map = relationship_map(vec![contact("p", Some("q")), contact("q", Some("p"))]);
        let count = |ns: &[RelationshipNode]| -> usize {
            fn go(ns: &[RelationshipNode]) -> usize {
                ns.iter().map(|n| 1 + go(&n.reports)).sum()
            }
            go(ns)
        };
        assert_eq!(count(&map), 2);
    }

    #[test]
    fn cus_3_next_primary_is_the_oldest_live() {
        let mut a = contact("a", None);
        a.archived_at = Some(a.created_at);
        let b = contact("b", None);
        let c = contact("c", None);
        assert_eq!(next_primary([&c, &a, &b]).map(|x| x.id.as_str()), Some("b"));
        assert!(next_primary([&a]).is_none());
    }
}
