//! Lead scoring and win prediction (SCORE-6): rule scores on every lead write, learning from closed leads and opportunities before every commit, naive Bayes predictions on read.

use std::collections::{BTreeMap, BTreeSet};

use super::{Ctx, Engine};
use super::{EngineError, EngineResult};
use crate::domain::access;
use crate::domain::common::IdRequest;
use crate::domain::entity::{Entity, Setting};
use crate::domain::lead::Lead;
use crate::domain::opportunity::Opportunity;
use crate::domain::prediction::{History, LeadPrediction, LeadScoringRules, Outcome, Prediction, province};
use crate::storage::PredictionFact;

const RULES_KEY: &str = "lead_scoring_rules";

/// The configured lead scoring rules (none until configured).
pub(crate) fn rules(cx: &Ctx<'_>) -> EngineResult<LeadScoringRules> {
    Ok(cx.tx.meta_get(RULES_KEY)?.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// The rule score of a lead.
pub(crate) fn rule_score(rules: &LeadScoringRules, lead: &Lead) -> i64 {
    rules.score(|field| lead.scoring_value(field))
}

/// Which records learn, and how their status reads as an outcome.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Lead,
    Opportunity,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Lead => Entity::Lead.name(),
            Kind::Opportunity => Entity::Opportunity.name(),
        }
    }

    fn outcome(self, status: &str) -> Option<Outcome> {
        match (self, status) {
            (Kind::Lead, "converted") | (Kind::Opportunity, "won") => Some(Outcome::Won),
            (Kind::Lead, "disqualified") | (Kind::Opportunity, "lost") => Some(Outcome::Lost),
            _ => None,
        }
    }
}

/// Moves what the predictions learned by the records a write changed (called before every commit).
pub(crate) fn refresh(cx: &Ctx<'_>, kind: Kind, ids: &BTreeSet<String>) -> EngineResult<()> {
    for id in ids {
        let record = match kind {
            Kind::Lead => cx.tx.lead_features(id)?,
            Kind::Opportunity => cx.tx.opportunity_features(id)?,
        };
        let new = record.filter(|r| !r.archived).and_then(|r| {
            Some(PredictionFact {
                outcome: kind.outcome(&r.status)?,
                features: r.features.into_iter().filter_map(|(f, v)| Some((f, v?))).collect(),
            })
        });
        replace_fact(cx, kind, id, new)?;
    }
    Ok(())
}

/// Moves what the win prediction learned by the opportunities this write saved, from the records as saved:
/// only a closed one reads anything (its customer's industry and region).
pub(crate) fn refresh_saved_opportunities(cx: &Ctx<'_>, saved: &BTreeMap<String, Opportunity>) -> EngineResult<()> {
    for (id, o) in saved {
        let outcome = Kind::Opportunity.outcome(o.status.as_str()).filter(|_| o.archived_at.is_none());
        let new = match outcome {
            None => None,
            Some(outcome) => {
                let place = cx.tx.customer_industry_and_region(&o.customer_id)?;
                let features = [
                    ("source", o.source.clone()),
                    ("campaign", o.campaign.clone()),
                    ("industry", place.industry),
                    ("province", province(place.region)),
                ];
                Some(PredictionFact {
                    outcome,
                    features: features.into_iter().filter_map(|(f, v)| Some((f.to_string(), v?))).collect(),
                })
            }
        };
        replace_fact(cx, Kind::Opportunity, id, new)?;
    }
    Ok(())
}

/// Moves what the win prediction learned from the closed opportunities of customers whose industry or
/// region changed (those features are the customer's, read when the prediction learns).
pub(crate) fn refresh_customer_places(cx: &Ctx<'_>, customers: &BTreeSet<String>) -> EngineResult<()> {
    for customer in customers {
        let closed: BTreeSet<String> = cx.tx.closed_opportunity_ids_of_customer(customer)?.into_iter().collect();
        refresh(cx, Kind::Opportunity, &closed)?;
    }
    Ok(())
}

/// Swaps a record's stored prediction fact for `new` when they differ.
fn replace_fact(cx: &Ctx<'_>, kind: Kind, id: &str, new: Option<PredictionFact>) -> EngineResult<()> {
    let old = cx.tx.prediction_fact(kind.name(), id)?;
    if old != new {
        cx.tx.replace_prediction_fact(kind.name(), id, old.as_ref(), new.as_ref())?;
    }
    Ok(())
}

/// The naive Bayes prediction from `history`, or `None` before any closed record.
fn naive_bayes(history: &History, features: &[(String, Option<String>)]) -> Option<Prediction> {
    let (probability, parts) = history.predict(features)?;
    Some(Prediction {
        probability: Some(probability),
        method: "naive_bayes".into(),
        won: history.won,
        lost: history.lost,
        features: parts,
    })
}

impl Engine {
    /// Sets the lead scoring rules (admin or system) and rescores every lead with them.
    pub fn configure_lead_scoring(
        &self,
        actor: Option<&str>,
        rules: LeadScoringRules,
    ) -> EngineResult<LeadScoringRules> {
        self.write(actor, |cx| {
            cx.actor.require_admin("lead scoring")?;
            rules.validate()?;
            let before = self::rules(cx)?;
            cx.tx.meta_set(RULES_KEY, &serde_json::to_string(&rules).map_err(|_| EngineError::internal("rules"))?)?;
            for id in cx.tx.lead_ids()? {
                if let Some(lead) = cx.tx.lead(&id)? {
                    cx.tx.set_lead_score(&id, rule_score(&rules, &lead))?;
                }
            }
            cx.audit_setting_change(Setting::LeadScoring, "rules", "configure", Some(&before), &rules)?;
            Ok(rules)
        })
    }

    /// The lead scoring rules.
    pub fn lead_scoring_rules(&self, actor: Option<&str>) -> EngineResult<LeadScoringRules> {
        self.read(actor, |cx| rules(cx))
    }

    /// A visible lead's rule score and conversion probability.
    pub fn lead_prediction(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<LeadPrediction> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Lead, &req.id)?, Entity::Lead)?;
            let lead = cx.tx.lead(&req.id)?.ok_or_else(|| EngineError::not_found("no such lead"))?;
            let features = cx.tx.lead_features(&req.id)?.map(|r| r.features).unwrap_or_default();
            let history = cx.tx.prediction_history(Kind::Lead.name())?;
            let conversion = naive_bayes(&history, &features).unwrap_or_else(|| Prediction {
                probability: None,
                method: "none".into(),
                won: 0,
                lost: 0,
                features: Vec::new(),
            });
            Ok(LeadPrediction { lead_id: req.id, score: lead.score, conversion })
        })
    }

    /// A visible opportunity's win probability from won versus lost history (the stage's probability without history).
    pub fn opportunity_prediction(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<Prediction> {
        self.read(actor, |cx| {
            access::require_read(cx.access(Entity::Opportunity, &req.id)?, Entity::Opportunity)?;
            let features = cx
                .tx
                .opportunity_features(&req.id)?
                .ok_or_else(|| EngineError::not_found("no such opportunity"))?
                .features;
            let history = cx.tx.prediction_history(Kind::Opportunity.name())?;
            Ok(match history.predict(&features) {
                Some((p, parts)) => Prediction {
                    probability: Some(p),
                    method: "naive_bayes".into(),
                    won: history.won,
                    lost: history.lost,
                    features: parts,
                },
                None => {
                    let stage = cx.tx.opportunity_probability(&req.id)?;
                    Prediction {
                        probability: stage.map(|p| p as f64),
                        method: "stage".into(),
                        won: 0,
                        lost: 0,
                        features: Vec::new(),
                    }
                }
            })
        })
    }
}
