//! The rescoring passes (SCORE-1..5, SCORE-10): every live customer's scores, RFM, ABC and churn risk, in two streaming passes.
//!
//! Pass one reads every customer's statistics once and keeps only what the
//! organisation-wide steps need: each model's score, and the RFM inputs and
//! ABC revenue (with the code, for ties) of the population. Grades
//! (percentage grading ranks all scores), quintiles and ABC shares are then
//! computed over those arrays. Pass two, only when writing, reads the same
//! rows again in the same order (one transaction) and merges each customer's
//! results into the stored rows, a range at a time. Memory is a few numbers
//! per customer instead of the customers' rows.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Ctx, statistics};
use super::{EngineError, EngineResult};
use crate::domain::analytics::ModelSummary;
use crate::domain::segmentation::{self, AbcClass, AbcThresholds, RfmInput, RfmSegment};
use crate::domain::sort;
use crate::domain::value_model::{self, Grade, ValueModel};
use crate::storage::{ScoringRow, SegmentRow, push_score, push_segment};

/// What the RFM, ABC and churn steps need besides the date.
pub(crate) struct Segmenting {
    pub window_days: i64,
    pub thresholds: AbcThresholds,
    pub churn_k: f64,
}

/// What a rescoring found (and wrote).
pub(crate) struct Rescored {
    pub customers: i64,
    pub models: Vec<ModelSummary>,
    /// When segmenting.
    pub segments: Option<SegmentCounts>,
    pub rows_written: usize,
}

/// The RFM population's size, segment and class counts, and the customers at churn risk.
#[derive(Default)]
pub(crate) struct SegmentCounts {
    pub population: i64,
    pub segments: BTreeMap<RfmSegment, i64>,
    pub classes: BTreeMap<AbcClass, i64>,
    pub churn_risks: i64,
}

/// The date stored statistics are for (building them for today the first time).
pub(crate) fn scoring_date(cx: &mut Ctx<'_>) -> EngineResult<NaiveDate> {
    match statistics::reference(cx)? {
        Some((date, _)) => Ok(date),
        None => {
            let today = statistics::today(cx)?;
            statistics::move_reference(cx, today, statistics::DEFAULT_WINDOW_DAYS)?;
            Ok(today)
        }
    }
}

/// Population codes kept in one buffer (a million customer codes as separate strings would cost
/// several times their bytes).
#[derive(Default)]
struct Codes {
    text: String,
    ends: Vec<u32>,
}

impl Codes {
    fn push(&mut self, code: &str) {
        self.text.push_str(code);
        self.ends.push(self.text.len() as u32);
    }

    fn all(&self) -> impl Iterator<Item = &str> {
        self.ends.iter().scan(0usize, |start, &end| {
            let code = &self.text[*start..end as usize];
            *start = end as usize;
            Some(code)
        })
    }
}

/// A customer's value for each dimension of `model` (`slots` maps its custom dimensions to `row.custom`).
fn dimension_values(model: &ValueModel, slots: &[Option<usize>], row: &ScoringRow<'_>, into: &mut Vec<Option<f64>>) {
    into.clear();
    into.extend(
        model
            .dimensions
            .iter()
            .zip(slots)
            .map(|(d, slot)| d.metric.value(&row.stats, slot.and_then(|i| row.custom[i]))),
    );
}

fn churn(row: &ScoringRow<'_>, as_of: NaiveDate, k: f64) -> Option<(f64, bool)> {
    let s = &row.stats;
    segmentation::churn_risk(s.order_count, s.first_order_date?, s.last_order_date?, as_of, k)
}

/// Scores every live customer with `models` (and with `segmenting`, RFM, ABC and churn) as of the stored
/// statistics' date `as_of`; with `write`, merges the results into the stored rows.
pub(crate) fn run(
    cx: &mut Ctx<'_>,
    models: &[ValueModel],
    as_of: NaiveDate,
    segmenting: Option<&Segmenting>,
) -> EngineResult<Rescored> {
    let mut keys: Vec<String> =
        models.iter().flat_map(|m| m.dimensions.iter().filter_map(|d| d.field.clone())).collect();
    sort::sort(&mut keys);
    keys.dedup();
    let slots: Vec<Vec<Option<usize>>> = models
        .iter()
        .map(|m| m.dimensions.iter().map(|d| d.field.as_ref().and_then(|f| keys.iter().position(|k| k == f))).collect())
        .collect();

    // Pass one: scores, and the population's RFM inputs and ABC revenue.
    let mut scores: Vec<Vec<i64>> = vec![Vec::new(); models.len()];
    let mut inputs: Vec<RfmInput> = Vec::new();
    let mut revenue: Vec<i64> = Vec::new();
    let mut codes = Codes::default();
    let mut churn_risks = 0i64;
    let mut buffer = Vec::new();
    let customers = cx.tx.visit_scoring_rows(as_of, &keys, |row| {
        for ((model, slots), scores) in models.iter().zip(&slots).zip(&mut scores) {
            dimension_values(model, slots, row, &mut buffer);
            scores.push(model.score_only(&buffer));
        }
        if let Some(seg) = segmenting {
            let s = &row.stats;
            if s.order_count > 0 {
                inputs.push(RfmInput {
                    days_since_last_order: s.days_since_last_order().unwrap_or(0),
                    frequency: s.window_order_count,
                    monetary: s.window_order_amount,
                });
                revenue.push(s.window_order_amount);
                codes.push(row.code);
            }
            if churn(row, as_of, seg.churn_k).is_some_and(|c| c.1) {
                churn_risks += 1;
            }
        }
        Ok::<(), EngineError>(())
    })?;

    // The organisation-wide steps.
    let grades: Vec<Vec<Grade>> = models.iter().zip(&scores).map(|(m, s)| value_model::grades(&m.grading, s)).collect();
    let summaries = models
        .iter()
        .zip(&grades)
        .map(|(model, grades)| {
            let mut counts: BTreeMap<Grade, i64> = Grade::ALL.iter().map(|g| (*g, 0)).collect();
            for g in grades {
                *counts.entry(*g).or_default() += 1;
            }
            ModelSummary {
                model_id: model.id.clone(),
                code: model.code.clone(),
                version: model.version,
                grades: counts,
            }
        })
        .collect();
    let (rfm, abc) = match segmenting {
        Some(seg) => {
            let rfm = segmentation::rfm(&inputs);
            let by_code: Vec<(&str, i64)> = codes.all().zip(revenue.iter().copied()).collect();
            (rfm, segmentation::abc(&by_code, seg.thresholds))
        }
        None => (Vec::new(), Vec::new()),
    };
    drop(revenue);
    drop(codes);
    let segments = segmenting.map(|_| {
        let mut segments: BTreeMap<RfmSegment, i64> = BTreeMap::new();
        let mut classes: BTreeMap<AbcClass, i64> = BTreeMap::new();
        for (r, a) in rfm.iter().zip(&abc) {
            *segments.entry(r.3).or_default() += 1;
            *classes.entry(a.0).or_default() += 1;
        }
        SegmentCounts { population: inputs.len() as i64, segments, classes, churn_risks }
    });
    // Pass two: the same rows in the same order, each customer's results merged into the stored rows.
    let tx = cx.tx;
    let mut score_syncs = models.iter().map(|m| tx.score_sync(m, as_of)).collect::<Result<Vec<_>, _>>()?;
    let mut segment_sync = match segmenting {
        Some(seg) => Some(tx.segment_sync(as_of, seg.window_days)?),
        None => None,
    };
    let (mut k, mut p) = (0usize, 0usize);
    let mut values = Vec::new();
    let visited = tx.visit_scoring_rows(as_of, &keys, |row| {
        for (m, (model, sync)) in models.iter().zip(&mut score_syncs).enumerate() {
            dimension_values(model, &slots[m], row, &mut values);
            push_score(sync, row.id, model.version, scores[m][k], grades[m][k], &values)?;
        }
        if let (Some(sync), Some(seg)) = (segment_sync.as_mut(), segmenting) {
            let s = &row.stats;
            let churn = churn(row, as_of, seg.churn_k);
            let in_population = s.order_count > 0;
            let segment_row = SegmentRow {
                customer_id: row.id,
                last_order_date: if in_population { s.last_order_date } else { None },
                frequency: in_population.then_some(s.window_order_count),
                monetary: in_population.then_some(s.window_order_amount),
                rfm: in_population.then(|| (rfm[p].0, rfm[p].1, rfm[p].2, rfm[p].3.as_str())),
                abc: in_population.then(|| (abc[p].0.as_str(), abc[p].1)),
                churn,
            };
            push_segment(sync, &segment_row)?;
            p += usize::from(in_population);
        }
        k += 1;
        Ok::<(), EngineError>(())
    })?;
    if visited != customers {
        return Err(EngineError::internal("the customers changed between the two rescoring passes"));
    }
    let mut rows_written = 0;
    for sync in score_syncs {
        rows_written += sync.finish()?;
    }
    if let Some(sync) = segment_sync {
        rows_written += sync.finish()?;
    }
    Ok(Rescored { customers: customers as i64, models: summaries, segments, rows_written })
}
