//! The sales funnel (SCORE-8): each opportunity's contribution to per-owner, per-month counters, and the report built from them.
//!
//! Appendix A: for opportunities created in the period, `reached(k)` counts
//! those whose history ever entered stage `k` or a later one (a won
//! opportunity reached every stage); conversion from `k` to `k + 1` is
//! `reached(k + 1) / reached(k)`; time in stage is the mean duration of
//! completed visits; win rate is won / (won + lost) among those closed in the
//! period; cycle length is the mean days from creation to won.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::calendar;
use super::opportunity::OpportunityStatus;

/// The reach of a won opportunity: beyond every stage.
pub const WON_REACH: i64 = 1_000_000;

/// One opportunity's part in the funnel counters; kept per opportunity so a change applies as a delta.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelContribution {
    pub pipeline_id: String,
    pub owner_id: Option<String>,
    /// Local month of creation, `YYYY-MM`.
    pub created_period: String,
    /// The highest stage position its history entered ([`WON_REACH`] when won).
    pub reach: i64,
    pub amount_base: i64,
    /// How it ended (or `open`).
    pub outcome: OpportunityStatus,
    /// Local month of closing, `YYYY-MM`.
    pub closed_period: Option<String>,
    /// Seconds from creation to won.
    pub won_after_seconds: Option<i64>,
    /// Per stage id: completed visits and their total seconds.
    pub stage_time: BTreeMap<String, (i64, i64)>,
}

/// A visit to a stage, with the stage's position.
pub struct Visit {
    pub stage_id: String,
    pub position: i64,
    pub entered_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
}

/// The month of an instant in the organisation's local time, `YYYY-MM`.
pub(crate) fn period_of(t: DateTime<Utc>, offset_minutes: i32) -> String {
    month_of(calendar::local_date(t, offset_minutes))
}

/// The month of a date, `YYYY-MM`: the date less its `-DD`, which is what chrono's `format("%Y-%m")` gives,
/// without linking chrono's pattern interpreter into the wasm module.
pub(crate) fn month_of(date: chrono::NaiveDate) -> String {
    let mut month = calendar::format_date(date);
    month.truncate(month.len() - 3);
    month
}

/// Validates a `YYYY-MM` period.
pub(crate) fn parse_period(field: &str, s: &str) -> super::error::DomainResult<String> {
    let ok = s.len() == 7
        && s.as_bytes()[4] == b'-'
        && chrono::NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").is_ok();
    if ok { Ok(s.to_string()) } else { Err(super::error::DomainError::validation(field, "must be a month, YYYY-MM")) }
}

/// The months of a report: `from` and `to` as given (validated), by default the twelve months up to
/// `today`'s; `from` must not be after `to`.
pub(crate) fn period_span(
    from: Option<&str>,
    to: Option<&str>,
    today: chrono::NaiveDate,
) -> super::error::DomainResult<(String, String)> {
    use chrono::Datelike;
    let to = match to {
        Some(m) => parse_period("to", m)?,
        None => month_of(today),
    };
    let from = match from {
        Some(m) => parse_period("from", m)?,
        None => {
            let (y, m): (i32, i32) = (to[..4].parse().unwrap_or(today.year()), to[5..].parse().unwrap_or(1));
            let months = y * 12 + (m - 1) - 11;
            format!("{:04}-{:02}", months.div_euclid(12), months.rem_euclid(12) + 1)
        }
    };
    if from > to {
        return Err(super::error::DomainError::validation("from", "must not be after to"));
    }
    Ok((from, to))
}

/// An opportunity's contribution from its state and stage history.
#[allow(clippy::too_many_arguments)]
pub(crate) fn contribution(
    pipeline_id: &str,
    owner_id: Option<&str>,
    amount_base: i64,
    outcome: OpportunityStatus,
    created_at: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    visits: &[Visit],
    offset_minutes: i32,
) -> FunnelContribution {
    let mut stage_time: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for v in visits {
        if let Some(left) = v.left_at {
            let e = stage_time.entry(v.stage_id.clone()).or_default();
            e.0 += 1;
            e.1 += (left - v.entered_at).num_seconds().max(0);
        }
    }
    let reach = if outcome == OpportunityStatus::Won {
        WON_REACH
    } else {
        visits.iter().map(|v| v.position).max().unwrap_or(0)
    };
    let closed_at = closed_at.filter(|_| outcome != OpportunityStatus::Open);
    FunnelContribution {
        pipeline_id: pipeline_id.to_string(),
        owner_id: owner_id.map(str::to_string),
        created_period: period_of(created_at, offset_minutes),
        reach,
        amount_base,
        outcome,
        closed_period: closed_at.map(|t| period_of(t, offset_minutes)),
        won_after_seconds: closed_at
            .filter(|_| outcome == OpportunityStatus::Won)
            .map(|t| (t - created_at).num_seconds().max(0)),
        stage_time,
    }
}

/// A funnel report request: a pipeline (default: the default one) and a span of creation months.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FunnelRequest {
    pub pipeline_id: Option<String>,
    /// First month, `YYYY-MM` (default: eleven months before `to`).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month).
    pub to: Option<String>,
    /// Only this owner's opportunities (within the actor's scope).
    pub owner_id: Option<String>,
}

/// One stage of the funnel.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FunnelStage {
    pub stage_id: String,
    pub code: String,
    pub name: String,
    pub position: i64,
    /// Opportunities created in the period that entered this stage or a later one.
    pub reached: i64,
    /// Their amount, minor units of the base currency.
    pub reached_amount: i64,
    /// `reached(next) / reached(this)`; `null` for the last stage or when none reached this one.
    pub conversion_to_next: Option<f64>,
    /// Mean days of completed visits to the stage (`null` without one).
    pub average_days_in_stage: Option<f64>,
}

/// The funnel (SCORE-8) over the opportunities in the actor's scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FunnelReport {
    pub pipeline_id: String,
    pub from: String,
    pub to: String,
    /// Opportunities created in the period.
    pub created: i64,
    pub stages: Vec<FunnelStage>,
    /// Closed in the period.
    pub won: i64,
    pub lost: i64,
    pub abandoned: i64,
    /// won / (won + lost), `null` when none closed.
    pub win_rate: Option<f64>,
    /// Mean amount of the won, minor units of the base currency (rounded half-up).
    pub average_deal_size: Option<i64>,
    /// Mean days from creation to won.
    pub average_cycle_days: Option<f64>,
}

/// A ratio rounded to four decimals.
pub(crate) fn ratio(numerator: i64, denominator: i64) -> Option<f64> {
    (denominator > 0).then(|| ((numerator as f64 / denominator as f64) * 10_000.0).round() / 10_000.0)
}

/// Seconds as days, two decimals.
pub(crate) fn days(seconds: i64, visits: i64) -> Option<f64> {
    (visits > 0).then(|| ((seconds as f64 / visits as f64 / 86_400.0) * 100.0).round() / 100.0)
}

/// Opportunities created in the report's months whose history reached position `reach` at most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachCount {
    pub reach: i64,
    pub opportunities: i64,
    pub amount: i64,
}

/// Completed visits to one stage by opportunities created in the report's months.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageTime {
    pub stage_id: String,
    pub visits: i64,
    pub seconds: i64,
}

/// Opportunities closed in the report's months with one outcome (seconds: creation to won).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeCount {
    pub outcome: OpportunityStatus,
    pub opportunities: i64,
    pub amount: i64,
    pub seconds: i64,
}

/// The funnel counters summed over a set of opportunities and months: what the report is built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunnelCounts {
    pub reach: Vec<ReachCount>,
    pub stage_time: Vec<StageTime>,
    pub outcomes: Vec<OutcomeCount>,
}

impl FunnelCounts {
    /// Adds one opportunity's contribution as the counters of the months `from..=to` hold it: its reach
    /// and stage time when created in them, its outcome when closed in them.
    pub(crate) fn add(&mut self, c: &FunnelContribution, from: &str, to: &str) {
        let within = |period: &str| (from..=to).contains(&period);
        if within(&c.created_period) {
            match self.reach.iter_mut().find(|r| r.reach == c.reach) {
                Some(r) => {
                    r.opportunities += 1;
                    r.amount += c.amount_base;
                }
                None => self.reach.push(ReachCount { reach: c.reach, opportunities: 1, amount: c.amount_base }),
            }
            for (stage_id, (visits, seconds)) in &c.stage_time {
                match self.stage_time.iter_mut().find(|t| &t.stage_id == stage_id) {
                    Some(t) => {
                        t.visits += visits;
                        t.seconds += seconds;
                    }
                    None => self.stage_time.push(StageTime {
                        stage_id: stage_id.clone(),
                        visits: *visits,
                        seconds: *seconds,
                    }),
                }
            }
        }
        if c.closed_period.as_deref().is_some_and(within) {
            let seconds = c.won_after_seconds.unwrap_or(0);
            match self.outcomes.iter_mut().find(|o| o.outcome == c.outcome) {
                Some(o) => {
                    o.opportunities += 1;
                    o.amount += c.amount_base;
                    o.seconds += seconds;
                }
                None => self.outcomes.push(OutcomeCount {
                    outcome: c.outcome,
                    opportunities: 1,
                    amount: c.amount_base,
                    seconds,
                }),
            }
        }
    }

    /// The counts of one outcome.
    pub(crate) fn outcome(&self, outcome: OpportunityStatus) -> OutcomeCount {
        self.outcomes.iter().find(|o| o.outcome == outcome).cloned().unwrap_or(OutcomeCount {
            outcome,
            opportunities: 0,
            amount: 0,
            seconds: 0,
        })
    }

    /// `reached(k)` for each stage position: (opportunities, amount) that reached it or a later one.
    pub(crate) fn reached(&self, positions: &[i64]) -> Vec<(i64, i64)> {
        positions
            .iter()
            .map(|&p| {
                self.reach.iter().filter(|r| r.reach >= p).fold((0, 0), |(n, a), r| (n + r.opportunities, a + r.amount))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        calendar::parse_instant("t", s).unwrap()
    }

    #[test]
    fn a_contribution_counts_completed_visits_and_the_highest_stage_entered() {
        let visits = [
            Visit {
                stage_id: "q".into(),
                position: 1,
                entered_at: t("2026-01-01T00:00:00Z"),
                left_at: Some(t("2026-01-03T00:00:00Z")),
            },
            Visit {
                stage_id: "e".into(),
                position: 2,
                entered_at: t("2026-01-03T00:00:00Z"),
                left_at: Some(t("2026-01-04T00:00:00Z")),
            },
            Visit { stage_id: "q".into(), position: 1, entered_at: t("2026-01-04T00:00:00Z"), left_at: None },
        ];
        let c =
            contribution("p", Some("u"), 500, OpportunityStatus::Open, t("2026-01-01T00:00:00Z"), None, &visits, 480);
        assert_eq!(c.reach, 2, "moved back to stage 1, but it once entered stage 2");
        assert_eq!(c.stage_time["q"], (1, 2 * 86_400));
        assert_eq!(c.stage_time["e"], (1, 86_400));
        assert_eq!((c.created_period.as_str(), c.closed_period), ("2026-01", None));
        let won = contribution(
            "p",
            None,
            500,
            OpportunityStatus::Won,
            t("2026-01-01T00:00:00Z"),
            Some(t("2026-01-11T00:00:00Z")),
            &visits,
            0,
        );
        assert_eq!((won.reach, won.won_after_seconds), (WON_REACH, Some(10 * 86_400)));
    }

    #[test]
    fn reached_counts_everything_at_or_beyond_a_stage() {
        // reach 1: 3 opps, reach 2: 2, reach 3: 1, won: 1
        let reach = [(1, 3, 300), (2, 2, 200), (3, 1, 100), (WON_REACH, 1, 50)]
            .map(|(reach, opportunities, amount)| ReachCount { reach, opportunities, amount });
        let counts = FunnelCounts { reach: reach.to_vec(), ..FunnelCounts::default() };
        assert_eq!(counts.reached(&[1, 2, 3]), [(7, 650), (4, 350), (2, 150)]);
        assert_eq!(ratio(4, 7), Some(0.5714));
        assert_eq!(ratio(1, 0), None);
        assert_eq!(days(3 * 86_400, 2), Some(1.5));
        assert!(parse_period("from", "2026-13").is_err());
        assert_eq!(parse_period("from", "2026-02").unwrap(), "2026-02");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(period_span(None, None, today).unwrap(), ("2025-04".into(), "2026-03".into()));
        assert_eq!(period_span(None, Some("2026-01"), today).unwrap(), ("2025-02".into(), "2026-01".into()));
        assert!(period_span(Some("2026-04"), Some("2026-03"), today).is_err());
    }
}
