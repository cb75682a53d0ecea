//! Leads (LEAD-1, LEAD-4): the record, its status machine, conversion rules.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::access::Actor;
use super::entity::Entity;
use super::error::{DomainError, DomainResult};
use super::normalize;
use super::permissions::Action;
use super::text::{self, Patch};

/// Where a lead is in its life (LEAD-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    /// Captured, nobody owns it yet.
    New,
    /// Given to an owner, not yet worked.
    Assigned,
    /// The owner is working it.
    Working,
    /// Worth converting.
    Qualified,
    /// Became a customer, a contact and optionally an opportunity (LEAD-4). Immutable.
    Converted,
    /// Not worth pursuing (with a reason).
    Disqualified,
    /// Back in the pool after a disqualification, owner cleared.
    Recycled,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 7] = [
        LeadStatus::New,
        LeadStatus::Assigned,
        LeadStatus::Working,
        LeadStatus::Qualified,
        LeadStatus::Converted,
        LeadStatus::Disqualified,
        LeadStatus::Recycled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Assigned => "assigned",
            LeadStatus::Working => "working",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Converted => "converted",
            LeadStatus::Disqualified => "disqualified",
            LeadStatus::Recycled => "recycled",
        }
    }

    pub fn parse(s: &str) -> Option<LeadStatus> {
        LeadStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The status after `event`, or `invalid_state` when the machine forbids it:
    ///
    /// ```text
    /// new -> assigned -> working -> qualified -> converted
    /// new | assigned | working | qualified -> disqualified -> recycled -> assigned
    /// ```
    ///
    /// Re-assigning an assigned, working or qualified lead hands it to another
    /// owner and keeps its progress.
    pub(crate) fn after(self, event: LeadEvent) -> DomainResult<LeadStatus> {
        use LeadEvent as E;
        use LeadStatus as S;
        let next = match (event, self) {
            (E::Assign, S::New | S::Recycled) => Some(S::Assigned),
            (E::Assign, S::Assigned | S::Working | S::Qualified) => Some(self),
            (E::StartWork, S::Assigned) => Some(S::Working),
            (E::Qualify, S::Working) => Some(S::Qualified),
            (E::Disqualify, S::New | S::Assigned | S::Working | S::Qualified) => Some(S::Disqualified),
            (E::Recycle, S::Disqualified) => Some(S::Recycled),
            (E::Convert, S::Qualified) => Some(S::Converted),
            _ => None,
        };
        next.ok_or_else(|| {
            DomainError::invalid_state(format!("a {} lead cannot be {}", self.as_str(), event.past_tense()))
        })
    }
}

impl Lead {
    /// A field's value for lead scoring rules (SCORE-6): the named column, or `custom.<key>`.
    pub(crate) fn scoring_value(&self, field: &str) -> Option<super::prediction::FieldValue> {
        use super::prediction::FieldValue;
        let text = |v: &Option<String>| v.clone().filter(|s| !s.is_empty()).map(FieldValue::Text);
        match field {
            "source" => text(&self.source),
            "campaign" => text(&self.campaign),
            "industry" => text(&self.industry),
            "region" => text(&self.region),
            "title" => text(&self.title),
            "email" => text(&self.email),
            "phone" => text(&self.phone),
            "company_name" => text(&self.company_name),
            "status" => Some(FieldValue::Text(self.status.as_str().to_string())),
            other => match self.custom.get(other.strip_prefix("custom.")?)? {
                Value::Number(n) => n.as_f64().map(FieldValue::Number),
                Value::String(s) => Some(FieldValue::Text(s.clone())),
                Value::Bool(b) => Some(FieldValue::Text(b.to_string())),
                _ => None,
            },
        }
    }
}

/// What happens to a lead (the edges of the status machine).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadEvent {
    Assign,
    StartWork,
    Qualify,
    Disqualify,
    Recycle,
    Convert,
}

impl LeadEvent {
    fn past_tense(self) -> &'static str {
        match self {
            LeadEvent::Assign => "assigned",
            LeadEvent::StartWork => "worked on",
            LeadEvent::Qualify => "qualified",
            LeadEvent::Disqualify => "disqualified",
            LeadEvent::Recycle => "recycled",
            LeadEvent::Convert => "converted",
        }
    }

    /// The audit action of the event.
    pub(crate) fn action(self) -> &'static str {
        match self {
            LeadEvent::Assign => "assign",
            LeadEvent::StartWork => "start_work",
            LeadEvent::Qualify => "qualify",
            LeadEvent::Disqualify => "disqualify",
            LeadEvent::Recycle => "recycle",
            LeadEvent::Convert => "convert",
        }
    }
}

/// A lead (LEAD-1): a person and company that may become a customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Lead {
    pub id: String,
    /// Readable code (`L-000001`).
    pub code: String,
    pub person_name: String,
    pub company_name: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Hierarchical region code (`44/4403`), used by territory assignment.
    pub region: Option<String>,
    pub industry: Option<String>,
    /// Source channel (`web`, `fair`, `referral`, ...).
    pub source: Option<String>,
    pub campaign: Option<String>,
    pub status: LeadStatus,
    /// Why it was disqualified (set while `disqualified`).
    pub disqualify_reason: Option<String>,
    /// `None`: unassigned (in the lead pool).
    pub owner_id: Option<String>,
    pub score: i64,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub converted_customer_id: Option<String>,
    pub converted_contact_id: Option<String>,
    pub converted_opportunity_id: Option<String>,
    pub converted_at: Option<DateTime<Utc>>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

/// A new lead, or (with a known `external_ref`) the new values of an existing one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LeadDraft {
    pub person_name: String,
    #[serde(default)]
    pub company_name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// Must be a plausible email address.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub campaign: Option<String>,
    /// Assigns the lead on creation (status `assigned`). Reps may only name themselves (the default for reps).
    #[serde(default)]
    pub owner_id: Option<String>,
    /// Values of the lead custom fields.
    #[serde(default)]
    pub custom: Map<String, Value>,
    /// The host's key: a known one updates that lead instead of creating another.
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// Changes to a lead; absent fields stay, `null` clears an optional field.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LeadPatch {
    pub id: String,
    #[serde(default)]
    pub person_name: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub company_name: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub title: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub phone: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub email: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub region: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub industry: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub source: Patch<String>,
    #[serde(default, deserialize_with = "text::patch")]
    pub campaign: Patch<String>,
    /// Custom values to set; `null` removes one.
    #[serde(default)]
    pub custom: Map<String, Value>,
    #[serde(default, deserialize_with = "text::patch")]
    pub external_ref: Patch<String>,
}

/// Which leads to list; every filter is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct LeadListRequest {
    pub owner_id: Option<String>,
    pub status: Option<LeadStatus>,
    pub source: Option<String>,
    pub campaign: Option<String>,
    /// Only leads nobody owns.
    pub unassigned: bool,
    pub include_archived: bool,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size (default 50, at most 1000).
    pub limit: Option<u32>,
}

/// Disqualifies a lead; the reason is required.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DisqualifyRequest {
    pub id: String,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The person and company fields of a lead, validated and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadFields {
    pub person_name: String,
    pub company_name: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub region: Option<String>,
    pub industry: Option<String>,
    pub source: Option<String>,
    pub campaign: Option<String>,
    pub external_ref: Option<String>,
}

/// A validated email: trimmed, and a plausible address.
pub(crate) fn email(field: &str, value: Option<&str>) -> DomainResult<Option<String>> {
    let Some(v) = text::optional(field, value, text::SHORT_MAX)? else { return Ok(None) };
    if normalize::is_valid_email(&v) {
        Ok(Some(v))
    } else {
        Err(DomainError::validation(field, "must be a valid email address"))
    }
}

impl LeadDraft {
    /// Validates the draft's fields (custom values are checked against their definitions separately).
    pub(crate) fn fields(&self) -> DomainResult<LeadFields> {
        Ok(LeadFields {
            person_name: text::required("person_name", &self.person_name, text::NAME_MAX)?,
            company_name: text::optional("company_name", self.company_name.as_deref(), text::NAME_MAX)?,
            title: text::optional("title", self.title.as_deref(), text::NAME_MAX)?,
            phone: text::optional("phone", self.phone.as_deref(), text::SHORT_MAX)?,
            email: email("email", self.email.as_deref())?,
            region: text::region("region", self.region.as_deref())?,
            industry: text::optional("industry", self.industry.as_deref(), text::SHORT_MAX)?,
            source: text::optional("source", self.source.as_deref(), text::SHORT_MAX)?,
            campaign: text::optional("campaign", self.campaign.as_deref(), text::SHORT_MAX)?,
            external_ref: text::optional("external_ref", self.external_ref.as_deref(), text::SHORT_MAX)?,
        })
    }
}

fn patched(current: &Option<String>, patch: &Patch<String>) -> Option<String> {
    match patch {
        None => current.clone(),
        Some(v) => v.clone(),
    }
}

impl Lead {
    /// Sets the person and company fields.
    pub(crate) fn set_fields(&mut self, f: LeadFields) {
        self.person_name = f.person_name;
        self.company_name = f.company_name;
        self.title = f.title;
        self.phone = f.phone;
        self.email = f.email;
        self.region = f.region;
        self.industry = f.industry;
        self.source = f.source;
        self.campaign = f.campaign;
        self.external_ref = f.external_ref;
    }

    /// The fields after a patch, validated.
    pub(crate) fn patched_fields(&self, p: &LeadPatch) -> DomainResult<LeadFields> {
        let draft = LeadDraft {
            person_name: p.person_name.clone().unwrap_or_else(|| self.person_name.clone()),
            company_name: patched(&self.company_name, &p.company_name),
            title: patched(&self.title, &p.title),
            phone: patched(&self.phone, &p.phone),
            email: patched(&self.email, &p.email),
            region: patched(&self.region, &p.region),
            industry: patched(&self.industry, &p.industry),
            source: patched(&self.source, &p.source),
            campaign: patched(&self.campaign, &p.campaign),
            owner_id: None,
            custom: Map::new(),
            external_ref: patched(&self.external_ref, &p.external_ref),
        };
        draft.fields()
    }

    /// Refuses changes to a converted lead (only archiving remains) and to an archived one.
    pub(crate) fn require_changeable(&self) -> DomainResult<()> {
        if self.status == LeadStatus::Converted {
            return Err(DomainError::invalid_state("a converted lead cannot be changed"));
        }
        if self.archived_at.is_some() {
            return Err(DomainError::invalid_state("the lead is archived; restore it first"));
        }
        Ok(())
    }

    /// Hands the lead to `owner` (LEAD-3): new and recycled leads become `assigned`.
    pub(crate) fn assign_to(&mut self, owner: &str, now: DateTime<Utc>) -> DomainResult<()> {
        self.require_changeable()?;
        self.status = self.status.after(LeadEvent::Assign)?;
        self.owner_id = Some(owner.to_string());
        self.updated_at = now;
        Ok(())
    }

    /// Applies a status event other than assignment and conversion.
    pub(crate) fn apply(&mut self, event: LeadEvent, reason: Option<&str>, now: DateTime<Utc>) -> DomainResult<()> {
        self.require_changeable()?;
        let next = self.status.after(event)?;
        match event {
            LeadEvent::Disqualify => {
                let reason = text::required("reason", reason.unwrap_or(""), text::LONG_TEXT_MAX)?;
                self.disqualify_reason = Some(reason);
            }
            LeadEvent::Recycle => {
                self.owner_id = None;
                self.disqualify_reason = None;
            }
            _ => {}
        }
        self.status = next;
        self.updated_at = now;
        Ok(())
    }

    /// Marks the lead converted, keeping links to what it became (LEAD-4).
    pub(crate) fn convert(
        &mut self,
        customer_id: &str,
        contact_id: &str,
        opportunity_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> DomainResult<()> {
        self.require_changeable()?;
        self.status = self.status.after(LeadEvent::Convert)?;
        self.converted_customer_id = Some(customer_id.to_string());
        self.converted_contact_id = Some(contact_id.to_string());
        self.converted_opportunity_id = opportunity_id.map(str::to_string);
        self.converted_at = Some(now);
        self.updated_at = now;
        Ok(())
    }

    /// Dedupe keys (LEAD-2, CUS-7): the person's name, phone and email.
    pub(crate) fn dedupe_keys(&self, country_code: &str) -> Vec<(&'static str, String)> {
        let mut keys = vec![("name", normalize::name_key(&self.person_name))];
        if let Some(k) = self.phone.as_deref().and_then(|p| normalize::phone_key(p, country_code)) {
            keys.push(("phone", k));
        }
        if let Some(k) = self.email.as_deref().and_then(normalize::email_key) {
            keys.push(("email", k));
        }
        keys
    }
}

/// Who may create a lead owned by `owner_id`: marketers, managers, admins and
/// the host; reps only leads they own themselves (their default). Returns the owner.
pub(crate) fn creation_owner(actor: &Actor, owner_id: Option<&str>) -> DomainResult<Option<String>> {
    actor.require(Entity::Lead, Action::Create)?;
    if actor.may(Entity::Lead, Action::Assign) {
        return Ok(owner_id.map(str::to_string));
    }
    let me = actor.user_id().unwrap_or_default();
    match owner_id {
        None => Ok(Some(me.to_string())),
        Some(o) if o == me => Ok(Some(me.to_string())),
        Some(_) => {
            Err(DomainError::permission_denied("without the assign permission a user creates only leads they own"))
        }
    }
}

/// Converts a lead (LEAD-4): link an existing customer or create one from the lead.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConvertRequest {
    pub id: String,
    /// An existing, visible customer to link; absent: a new customer is created from the lead.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Also create an opportunity for the customer.
    #[serde(default)]
    pub opportunity: Option<ConvertOpportunity>,
}

/// The opportunity a conversion creates.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ConvertOpportunity {
    pub title: String,
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    /// Absent: the default pipeline.
    #[serde(default)]
    pub pipeline_id: Option<String>,
    #[serde(default)]
    pub expected_close_date: Option<NaiveDate>,
}

/// What a conversion made: the converted lead and the ids of the records it became.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Conversion {
    pub lead: Lead,
    pub customer_id: String,
    /// Whether the customer was created by this conversion (else linked).
    pub customer_created: bool,
    pub contact_id: String,
    pub opportunity_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use LeadEvent as E;
    use LeadStatus as S;
    use chrono::TimeZone;

    fn lead(status: LeadStatus) -> Lead {
        let t = DateTime::parse_from_rfc3339("2026-03-02T01:00:00Z").unwrap().with_timezone(&Utc);
        Lead {
            id: "l1".into(),
            code: "L-000001".into(),
            person_name: "张三".into(),
            company_name: None,
            title: None,
            phone: Some("138 0013 8000".into()),
            email: Some("Zhang@Example.com".into()),
            region: None,
            industry: None,
            source: None,
            campaign: None,
            status,
            disqualify_reason: None,
            owner_id: Some("u1".into()),
            score: 0,
            custom: Map::new(),
            external_ref: None,
            converted_customer_id: None,
            converted_contact_id: None,
            converted_opportunity_id: None,
            converted_at: None,
            created_by: None,
            created_at: t,
            updated_at: t,
            archived_at: None,
        }
    }

    #[test]
    fn lead_1_legal_transitions() {
        let legal = [
            (S::New, E::Assign, S::Assigned),
            (S::Recycled, E::Assign, S::Assigned),
            (S::Assigned, E::Assign, S::Assigned),
            (S::Working, E::Assign, S::Working),
            (S::Qualified, E::Assign, S::Qualified),
            (S::Assigned, E::StartWork, S::Working),
            (S::Working, E::Qualify, S::Qualified),
            (S::Qualified, E::Convert, S::Converted),
            (S::New, E::Disqualify, S::Disqualified),
            (S::Assigned, E::Disqualify, S::Disqualified),
            (S::Working, E::Disqualify, S::Disqualified),
            (S::Qualified, E::Disqualify, S::Disqualified),
            (S::Disqualified, E::Recycle, S::Recycled),
        ];
        for (from, event, to) in legal {
            assert_eq!(from.after(event), Ok(to), "{from:?} {event:?}");
        }
    }

    #[test]
    fn lead_1_illegal_transitions_are_invalid_state() {
        let events = [E::Assign, E::StartWork, E::Qualify, E::Disqualify, E::Recycle, E::Convert];
        let mut legal = 0;
        for from in LeadStatus::ALL {
            for event in events {
                match from.after(event) {
                    Ok(_) => legal += 1,
                    Err(e) => assert!(matches!(e, DomainError::InvalidState(_)), "{from:?} {event:?}"),
                }
            }
        }
        assert_eq!(legal, 13);
        assert!(S::Converted.after(E::Assign).is_err());
        assert!(S::New.after(E::Qualify).is_err());
        assert!(S::Working.after(E::Convert).is_err());
    }

    #[test]
    fn lead_1_disqualify_needs_a_reason_and_recycle_clears_owner() {
        let t = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        let mut l = lead(S::Working);
        assert!(matches!(l.apply(E::Disqualify, Some("  "), t), Err(DomainError::Validation { .. })));
        assert_eq!(l.status, S::Working);
        l.apply(E::Disqualify, Some("no budget"), t).unwrap();
        assert_eq!(l.disqualify_reason.as_deref(), Some("no budget"));
        l.apply(E::Recycle, None, t).unwrap();
        assert_eq!((l.status, l.owner_id.as_deref(), l.disqualify_reason.as_deref()), (S::Recycled, None, None));
        l.assign_to("u2", t).unwrap();
        assert_eq!((l.status, l.owner_id.as_deref()), (S::Assigned, Some("u2")));
    }

    #[test]
    fn lead_4_converted_leads_are_immutable() {
        let t = Utc.with_ymd_and_hms(2026, 3, 2, 1, 0, 0).unwrap();
        let mut l = lead(S::Qualified);
        l.convert("c1", "k1", None, t).unwrap();
        assert_eq!(l.status, S::Converted);
        assert!(matches!(l.assign_to("u2", t), Err(DomainError::InvalidState(_))));
        assert!(matches!(l.apply(E::Disqualify, Some("x"), t), Err(DomainError::InvalidState(_))));
    }

    #[test]
    fn lead_1_draft_validation() {
        let mut d = LeadDraft { person_name: " 王五 ".into(), email: Some("bad@".into()), ..Default::default() };
        assert!(matches!(d.fields(), Err(DomainError::Validation { field, .. }) if field == "email"));
        d.email = Some(" wang@example.com ".into());
        d.region = Some("44/4403".into());
        let f = d.fields().unwrap();
        assert_eq!((f.person_name.as_str(), f.email.as_deref()), ("王五", Some("wang@example.com")));
        d.person_name = "  ".into();
        assert!(d.fields().is_err());
    }

    #[test]
    fn lead_2_dedupe_keys() {
        let keys = lead(S::New).dedupe_keys("86");
        assert_eq!(
            keys,
            vec![
                ("name", "张三".to_string()),
                ("phone", "8613800138000".to_string()),
                ("email", "zhang@example.com".to_string())
            ]
        );
    }
}
