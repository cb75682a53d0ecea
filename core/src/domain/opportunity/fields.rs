//! An opportunity's descriptive fields (OPP-2): a new record from its draft, with its start stage (OPP-3), and the changes of a patch, validated.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::pricing::PriceChange;
use super::{ApprovalStatus, Opportunity, OpportunityDraft, OpportunityPatch, OpportunityStatus, check_start_stage};
use crate::domain::access::Actor;
use crate::domain::error::{DomainError, DomainResult};
use crate::domain::money::FxRate;
use crate::domain::pipeline::Pipeline;
use crate::domain::text;

/// Validates a probability override (0-100).
pub(crate) fn validate_probability(field: &str, p: Option<i64>) -> DomainResult<Option<i64>> {
    match p {
        Some(v) if !(0..=100).contains(&v) => Err(DomainError::validation(field, "must be between 0 and 100")),
        other => Ok(other),
    }
}

/// What the engine decided for a new opportunity: its id and code, its customer, pipeline and owner (checked
/// against the actor's scope), its validated custom values and external reference, the base currency.
pub(crate) struct OpportunitySeed<'a> {
    pub id: String,
    pub code: String,
    pub pipeline: &'a Pipeline,
    pub owner_id: Option<String>,
    pub custom: Map<String, Value>,
    pub external_ref: Option<String>,
    pub base_currency: &'a str,
    pub created_by: Option<String>,
    pub now: DateTime<Utc>,
}

impl Opportunity {
    /// A new opportunity from its draft: the title, dates, probability, source and campaign validated, the
    /// start stage (the pipeline's first unless given; OPP-3: a user never starts past a gate, the system
    /// actor may), and the lines priced. Also answers the gates the system actor's start passed, for the audit.
    pub(crate) fn create(
        seed: OpportunitySeed<'_>,
        draft: &OpportunityDraft,
        actor: &Actor,
    ) -> DomainResult<(Opportunity, Vec<String>)> {
        let title = text::required("title", &draft.title, text::NAME_MAX)?;
        let stage = match &draft.stage {
            Some(s) => seed.pipeline.find_stage("stage", s)?,
            None => seed.pipeline.first_stage()?,
        };
        let gates_passed = check_start_stage(seed.pipeline, stage, actor)?;
        let mut o = Opportunity {
            id: seed.id,
            code: seed.code,
            customer_id: draft.customer_id.clone(),
            title,
            amount: 0,
            currency: seed.base_currency.to_string(),
            fx_rate: FxRate::ONE,
            amount_base: 0,
            expected_close_date: draft.expected_close_date,
            pipeline_id: seed.pipeline.id.clone(),
            stage_id: String::new(),
            stage: String::new(),
            stage_name: String::new(),
            forecast_category: stage.forecast_category,
            probability: 0,
            probability_override: validate_probability("probability_override", draft.probability_override)?,
            owner_id: seed.owner_id,
            source: text::optional("source", draft.source.as_deref(), text::SHORT_MAX)?,
            campaign: text::optional("campaign", draft.campaign.as_deref(), text::NAME_MAX)?,
            status: OpportunityStatus::Open,
            close_reason: None,
            competitor: None,
            closed_at: None,
            approval_status: ApprovalStatus::None,
            approval_stage_id: None,
            lines: Vec::new(),
            collaborators: Vec::new(),
            custom: seed.custom,
            external_ref: seed.external_ref,
            created_by: seed.created_by,
            created_at: seed.now,
            updated_at: seed.now,
            archived_at: None,
        };
        o.set_stage(stage);
        let price = PriceChange {
            lines: Some(draft.lines.as_deref().unwrap_or(&[])),
            amount: draft.amount,
            currency: draft.currency.as_deref(),
            fx_rate: draft.fx_rate,
        };
        o.reprice(price, seed.base_currency)?;
        Ok((o, gates_passed))
    }

    /// This open opportunity with a patch's descriptive fields and prices (the customer and the owner,
    /// which the engine checks against the actor's scope, and the custom values are set by the engine).
    pub(crate) fn apply_fields(&mut self, patch: &OpportunityPatch, base: &str) -> DomainResult<()> {
        self.require_open()?;
        if let Some(t) = &patch.title {
            self.title = text::required("title", t, text::NAME_MAX)?;
        }
        if let Some(d) = patch.expected_close_date {
            self.expected_close_date = d;
        }
        if let Some(p) = patch.probability_override {
            self.probability_override = validate_probability("probability_override", p)?;
        }
        if let Some(s) = &patch.source {
            self.source = text::optional("source", s.as_deref(), text::SHORT_MAX)?;
        }
        if let Some(c) = &patch.campaign {
            self.campaign = text::optional("campaign", c.as_deref(), text::NAME_MAX)?;
        }
        let price = PriceChange {
            lines: patch.lines.as_deref(),
            amount: patch.amount,
            currency: patch.currency.as_deref(),
            fx_rate: patch.fx_rate,
        };
        self.reprice(price, base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::{Role, Scope, UserActor};
    use crate::domain::opportunity::LineDraft;
    use crate::domain::opportunity::tests::{opportunity, pipeline};

    fn rep() -> Actor {
        Actor::User(UserActor::with_roles("u", "d", "/d/", &[Role::SalesRep], Scope::Own))
    }

    fn seed(p: &Pipeline) -> OpportunitySeed<'_> {
        OpportunitySeed {
            id: "o1".into(),
            code: "O-000001".into(),
            pipeline: p,
            owner_id: Some("u".into()),
            custom: Map::new(),
            external_ref: None,
            base_currency: "CNY",
            created_by: Some("u".into()),
            now: p.created_at,
        }
    }

    fn draft(title: &str) -> OpportunityDraft {
        OpportunityDraft { customer_id: "c".into(), title: title.into(), ..Default::default() }
    }

    #[test]
    fn opp_2_a_new_opportunity_starts_at_the_first_stage_priced_from_its_lines() {
        let p = pipeline();
        let mut d = draft("  Pumps ");
        d.lines = Some(vec![LineDraft {
            product_code: None,
            description: "Pump".into(),
            quantity: "3".into(),
            unit_price: 1250,
        }]);
        d.probability_override = Some(35);
        let (o, gates) = Opportunity::create(seed(&p), &d, &rep()).unwrap();
        assert_eq!((o.title.as_str(), o.stage.as_str(), o.amount, o.amount_base), ("Pumps", "lead", 3750, 3750));
        assert_eq!((o.probability, o.status, gates.len()), (35, OpportunityStatus::Open, 0));
    }

    #[test]
    fn opp_2_a_drafts_fields_are_validated() {
        let p = pipeline();
        let field =
            |d: OpportunityDraft| Opportunity::create(seed(&p), &d, &rep()).unwrap_err().field().map(str::to_string);
        assert_eq!(field(draft(" ")).as_deref(), Some("title"));
        let mut d = draft("Deal");
        d.probability_override = Some(101);
        assert_eq!(field(d).as_deref(), Some("probability_override"));
        let mut d = draft("Deal");
        d.stage = Some("nowhere".into());
        assert_eq!(field(d).as_deref(), Some("stage"));
        let mut d = draft("Deal");
        d.amount = Some(-5);
        assert_eq!(field(d).as_deref(), Some("amount"));
    }

    #[test]
    fn opp_3_only_the_system_actor_starts_past_a_gate() {
        let p = pipeline();
        let mut d = draft("Imported");
        d.stage = Some("offer".into());
        let err = Opportunity::create(seed(&p), &d, &rep()).unwrap_err();
        assert!(matches!(err, DomainError::InvalidState(_)), "{err:?}");
        let (o, gates) = Opportunity::create(seed(&p), &d, &Actor::System).unwrap();
        assert_eq!((o.stage.as_str(), gates), ("offer", vec!["eval".to_string()]));
    }

    #[test]
    fn opp_2_a_patch_changes_the_fields_it_names_of_an_open_opportunity() {
        let mut o = opportunity(&pipeline(), "lead");
        let patch = OpportunityPatch {
            id: "o".into(),
            title: Some("Renamed".into()),
            probability_override: Some(Some(55)),
            source: Some(Some("fair".into())),
            amount: Some(900),
            ..Default::default()
        };
        o.apply_fields(&patch, "CNY").unwrap();
        assert_eq!(
            (o.title.as_str(), o.probability_override, o.source.as_deref()),
            ("Renamed", Some(55), Some("fair"))
        );
        assert_eq!((o.amount, o.amount_base, o.campaign.as_deref()), (900, 900, None));
        o.status = OpportunityStatus::Won;
        let err = o.apply_fields(&OpportunityPatch { id: "o".into(), ..Default::default() }, "CNY").unwrap_err();
        assert!(matches!(err, DomainError::InvalidState(_)), "a closed opportunity refuses changes: {err:?}");
    }
}
