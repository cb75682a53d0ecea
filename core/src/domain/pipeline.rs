//! Pipelines and stages (OPP-1): order, probabilities, approval gates, forecast categories.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::text;

/// The forecast category a stage maps to (SCORE-7); won deals are `closed`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum ForecastCategory {
    #[default]
    Pipeline,
    BestCase,
    Commit,
}

impl ForecastCategory {
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastCategory::Pipeline => "pipeline",
            ForecastCategory::BestCase => "best_case",
            ForecastCategory::Commit => "commit",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [ForecastCategory::Pipeline, ForecastCategory::BestCase, ForecastCategory::Commit]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// One stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Stage {
    pub id: String,
    pub code: String,
    pub name: String,
    /// Order within the pipeline, from 1.
    pub position: i64,
    /// Win probability, 0-100.
    pub probability: i64,
    /// OPP-3: an opportunity at this stage needs an approved evaluation to move past it.
    pub requires_approval: bool,
    pub forecast_category: ForecastCategory,
}

/// A sales pipeline: ordered stages (OPP-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pipeline {
    pub id: String,
    pub code: String,
    pub name: String,
    /// New opportunities without a `pipeline_id` use the default pipeline; exactly one is default.
    pub is_default: bool,
    /// The live stages in order.
    pub stages: Vec<Stage>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub archived_at: Option<DateTime<Utc>>,
}

impl Pipeline {
    pub(crate) fn stage_by_code(&self, code: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.code == code)
    }

    pub(crate) fn stage_by_id(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// A stage named by its code or its id (`field` names the request field on failure).
    pub(crate) fn find_stage(&self, field: &str, code_or_id: &str) -> DomainResult<&Stage> {
        self.stage_by_code(code_or_id)
            .or_else(|| self.stage_by_id(code_or_id))
            .ok_or_else(|| DomainError::validation(field, "no such stage in this pipeline"))
    }

    pub(crate) fn first_stage(&self) -> DomainResult<&Stage> {
        self.stages.first().ok_or_else(|| DomainError::invalid_state("the pipeline has no stages"))
    }

    /// The approval gates (OPP-3) strictly between positions `from` and `to`.
    pub(crate) fn gates_between(&self, from: i64, to: i64) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(move |s| s.requires_approval && s.position > from && s.position < to)
    }
}

/// A stage as declared in a create or update request.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StageDraft {
    pub code: String,
    pub name: String,
    /// Win probability, 0-100.
    pub probability: i64,
    #[serde(default)]
    pub requires_approval: bool,
    #[serde(default)]
    pub forecast_category: ForecastCategory,
}

/// A new pipeline (admin or system).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelineDraft {
    /// Unique code (`standard`).
    pub code: String,
    pub name: String,
    /// Make this the default pipeline (the first pipeline always is).
    #[serde(default)]
    pub is_default: bool,
    /// The stages in order; at least one.
    pub stages: Vec<StageDraft>,
}

/// Changes to a pipeline; absent fields stay as they are.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelinePatch {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `true` moves the default flag here; the default pipeline cannot be un-defaulted directly.
    #[serde(default)]
    pub is_default: Option<bool>,
    /// The complete new stage list in order. Stages whose code exists keep their id;
    /// stages left out are retired (refused while open opportunities are at them).
    #[serde(default)]
    pub stages: Option<Vec<StageDraft>>,
}

/// Which pipelines to list.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct PipelineListRequest {
    pub include_archived: bool,
}

/// A validated stage declaration (ids are assigned by the engine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStage {
    pub code: String,
    pub name: String,
    pub probability: i64,
    pub requires_approval: bool,
    pub forecast_category: ForecastCategory,
}

/// Validates a pipeline code.
pub(crate) fn validate_code(code: &str) -> DomainResult<String> {
    text::code("code", code)
}

/// Validates an ordered stage list: at least one stage, unique codes, names
/// required, probabilities within 0..=100. Fields are named `stages[i].<field>`.
pub(crate) fn validate_stages(stages: &[StageDraft]) -> DomainResult<Vec<ValidStage>> {
    if stages.is_empty() {
        return Err(DomainError::validation("stages", "a pipeline needs at least one stage"));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(stages.len());
    for (i, s) in stages.iter().enumerate() {
        let code = text::code(&format!("stages[{i}].code"), &s.code)?;
        if !seen.insert(code.clone()) {
            return Err(DomainError::validation(format!("stages[{i}].code"), "stage codes must be unique"));
        }
        let name = text::required(&format!("stages[{i}].name"), &s.name, text::NAME_MAX)?;
        if !(0..=100).contains(&s.probability) {
            return Err(DomainError::validation(format!("stages[{i}].probability"), "must be between 0 and 100"));
        }
        out.push(ValidStage {
            code,
            name,
            probability: s.probability,
            requires_approval: s.requires_approval,
            forecast_category: s.forecast_category,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(code: &str, p: i64) -> StageDraft {
        StageDraft {
            code: code.into(),
            name: format!("Stage {code}"),
            probability: p,
            requires_approval: false,
            forecast_category: ForecastCategory::Pipeline,
        }
    }

    fn field(e: DomainError) -> String {
        match e {
            DomainError::Validation { field, .. } => field,
            other => panic!("expected validation, got {other:?}"),
        }
    }

    #[test]
    fn opp_1_stages_are_validated() {
        assert_eq!(field(validate_stages(&[]).unwrap_err()), "stages");
        assert_eq!(field(validate_stages(&[draft("a", 10), draft("a", 20)]).unwrap_err()), "stages[1].code");
        assert_eq!(field(validate_stages(&[draft("a", 101)]).unwrap_err()), "stages[0].probability");
        assert_eq!(field(validate_stages(&[draft("a", -1)]).unwrap_err()), "stages[0].probability");
        assert_eq!(field(validate_stages(&[draft("a b", 1)]).unwrap_err()), "stages[0].code");
        let ok = validate_stages(&[draft("lead", 0), draft("deal", 100)]).unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[1].probability, 100);
    }

    #[test]
    fn forecast_categories_round_trip() {
        for c in [ForecastCategory::Pipeline, ForecastCategory::BestCase, ForecastCategory::Commit] {
            assert_eq!(ForecastCategory::parse(c.as_str()), Some(c));
        }
    }
}
