//! RFM quintiles and segments (SCORE-4) and ABC classes (SCORE-5), exactly as Appendix A defines them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rank scores 1-5 for a metric where higher is better: `1 + floor(5 * s / n)`, capped at 5, where `s`
/// counts strictly smaller values; ties share a score. In input order.
pub(crate) fn quintile_scores(values: &[i64]) -> Vec<u8> {
    let n = values.len() as u64;
    // One sort of (value, position) and one walk: each run of equal values starts at the count of
    // strictly smaller ones (a binary search per value costs several times more at a million).
    let mut sorted: Vec<(i64, u32)> = values.iter().enumerate().map(|(i, v)| (*v, i as u32)).collect();
    sorted.sort_unstable();
    let mut scores = vec![0u8; values.len()];
    let mut smaller = 0u64;
    for (k, &(v, i)) in sorted.iter().enumerate() {
        if k > 0 && sorted[k - 1].0 != v {
            smaller = k as u64;
        }
        scores[i as usize] = (1 + 5 * smaller / n).min(5) as u8;
    }
    scores
}

/// The RFM segments; the first matching row of Appendix A's table wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RfmSegment {
    Champions,
    Loyal,
    New,
    Promising,
    PotentialLoyalist,
    NeedAttention,
    AboutToSleep,
    CannotLose,
    AtRisk,
    Lost,
    Hibernating,
    Others,
}

/// An inclusive range of 1-5 scores.
type ScoreRange = (u8, u8);

/// (segment, R range, F range, M range), in matching order.
const SEGMENT_TABLE: &[(RfmSegment, ScoreRange, ScoreRange, ScoreRange)] = &[
    (RfmSegment::Champions, (4, 5), (4, 5), (4, 5)),
    (RfmSegment::Loyal, (2, 5), (3, 5), (3, 5)),
    (RfmSegment::New, (4, 5), (1, 1), (1, 1)),
    (RfmSegment::Promising, (3, 4), (1, 1), (1, 1)),
    (RfmSegment::PotentialLoyalist, (3, 5), (1, 3), (1, 3)),
    (RfmSegment::NeedAttention, (2, 3), (2, 3), (2, 3)),
    (RfmSegment::AboutToSleep, (2, 3), (1, 2), (1, 2)),
    (RfmSegment::CannotLose, (1, 1), (4, 5), (4, 5)),
    (RfmSegment::AtRisk, (1, 2), (2, 5), (2, 5)),
    (RfmSegment::Lost, (1, 1), (1, 1), (1, 1)),
    (RfmSegment::Hibernating, (1, 2), (1, 2), (1, 2)),
];

impl RfmSegment {
    pub const ALL: [RfmSegment; 12] = [
        RfmSegment::Champions,
        RfmSegment::Loyal,
        RfmSegment::New,
        RfmSegment::Promising,
        RfmSegment::PotentialLoyalist,
        RfmSegment::NeedAttention,
        RfmSegment::AboutToSleep,
        RfmSegment::CannotLose,
        RfmSegment::AtRisk,
        RfmSegment::Lost,
        RfmSegment::Hibernating,
        RfmSegment::Others,
    ];

    /// The segment of R, F and M scores (1-5).
    pub(crate) fn of(r: u8, f: u8, m: u8) -> RfmSegment {
        let within = |v: u8, (lo, hi): (u8, u8)| (lo..=hi).contains(&v);
        SEGMENT_TABLE
            .iter()
            .find(|(_, rr, fr, mr)| within(r, *rr) && within(f, *fr) && within(m, *mr))
            .map_or(RfmSegment::Others, |row| row.0)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RfmSegment::Champions => "champions",
            RfmSegment::Loyal => "loyal",
            RfmSegment::New => "new",
            RfmSegment::Promising => "promising",
            RfmSegment::PotentialLoyalist => "potential_loyalist",
            RfmSegment::NeedAttention => "need_attention",
            RfmSegment::AboutToSleep => "about_to_sleep",
            RfmSegment::CannotLose => "cannot_lose",
            RfmSegment::AtRisk => "at_risk",
            RfmSegment::Lost => "lost",
            RfmSegment::Hibernating => "hibernating",
            RfmSegment::Others => "others",
        }
    }

    pub fn parse(s: &str) -> Option<RfmSegment> {
        RfmSegment::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// One customer's RFM inputs: days since its last order, and order count and amount in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RfmInput {
    pub days_since_last_order: i64,
    pub frequency: i64,
    pub monetary: i64,
}

/// R, F, M scores and the segment of each customer of the population, in input order.
pub(crate) fn rfm(population: &[RfmInput]) -> Vec<(u8, u8, u8, RfmSegment)> {
    // More recent is better: rank the negated day count.
    let r = quintile_scores(&population.iter().map(|p| -p.days_since_last_order).collect::<Vec<_>>());
    let f = quintile_scores(&population.iter().map(|p| p.frequency).collect::<Vec<_>>());
    let m = quintile_scores(&population.iter().map(|p| p.monetary).collect::<Vec<_>>());
    (0..population.len()).map(|i| (r[i], f[i], m[i], RfmSegment::of(r[i], f[i], m[i]))).collect()
}

/// An ABC class (Pareto by window revenue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AbcClass {
    A,
    B,
    C,
}

impl AbcClass {
    pub fn as_str(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }

    pub fn parse(s: &str) -> Option<AbcClass> {
        [AbcClass::A, AbcClass::B, AbcClass::C].into_iter().find(|c| c.as_str() == s)
    }
}

/// The ABC thresholds on the revenue share ahead of a customer (default A < 0.80, B < 0.95).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AbcThresholds {
    pub a: f64,
    pub b: f64,
}

impl Default for AbcThresholds {
    fn default() -> Self {
        AbcThresholds { a: 0.80, b: 0.95 }
    }
}

/// ABC classes, in input order: sort by revenue descending (ties by code ascending); with `before` the
/// revenue share of everyone ahead, A if `before < a`, B if `before < b`, else C; zero revenue is C.
/// Returns each class with its `before` share in millionths.
pub(crate) fn abc(population: &[(&str, i64)], thresholds: AbcThresholds) -> Vec<(AbcClass, i64)> {
    let total: i128 = population.iter().map(|(_, r)| i128::from((*r).max(0))).sum();
    // Sorted on the keys themselves (revenue descending, then code), not through an index per comparison.
    let mut order: Vec<(std::cmp::Reverse<i64>, &str, u32)> =
        population.iter().enumerate().map(|(i, (code, r))| (std::cmp::Reverse(*r), *code, i as u32)).collect();
    order.sort_unstable();
    let a = (thresholds.a * 1e6).round() as i128;
    let b = (thresholds.b * 1e6).round() as i128;
    let mut out = vec![(AbcClass::C, 0); population.len()];
    let mut ahead: i128 = 0;
    for (_, _, i) in order {
        let i = i as usize;
        let revenue = i128::from(population[i].1.max(0));
        // before < a  <=>  ahead * 10^6 < a * total (exact, no division).
        let class = if revenue == 0 || total == 0 {
            AbcClass::C
        } else if ahead * 1_000_000 < a * total {
            AbcClass::A
        } else if ahead * 1_000_000 < b * total {
            AbcClass::B
        } else {
            AbcClass::C
        };
        let share = if total == 0 { 0 } else { (ahead * 1_000_000 / total) as i64 };
        out[i] = (class, share);
        ahead += revenue;
    }
    out
}

/// SCORE-10: a customer with at least 3 orders is at risk when the days since its last order exceed
/// `k` times the mean interval between its consecutive orders (`(last - first) / (count - 1)`).
/// Returns the mean interval in days and whether the customer is at risk; `None` below 3 orders.
pub(crate) fn churn_risk(
    order_count: i64,
    first: NaiveDate,
    last: NaiveDate,
    as_of: NaiveDate,
    k: f64,
) -> Option<(f64, bool)> {
    if order_count < 3 {
        return None;
    }
    let mean = (last - first).num_days() as f64 / (order_count - 1) as f64;
    let since = (as_of - last).num_days() as f64;
    Some((mean, since > k * mean))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quintiles_count_strictly_smaller_values_and_ties_share() {
        // n = 10, values 1..=10: s = 0..9 -> 1 + floor(5s/10) = 1,1,2,2,3,3,4,4,5,5
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(quintile_scores(&v), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        // Ties: [5, 5, 5, 1]: s(5) = 1 -> 1 + floor(5/4) = 2; s(1) = 0 -> 1
        assert_eq!(quintile_scores(&[5, 5, 5, 1]), [2, 2, 2, 1]);
        assert_eq!(quintile_scores(&[7]), [1]);
    }

    #[test]
    fn segments_take_the_first_matching_row() {
        assert_eq!(RfmSegment::of(5, 5, 5), RfmSegment::Champions);
        assert_eq!(RfmSegment::of(3, 4, 4), RfmSegment::Loyal);
        assert_eq!(RfmSegment::of(5, 1, 1), RfmSegment::New);
        assert_eq!(RfmSegment::of(3, 1, 1), RfmSegment::Promising);
        assert_eq!(RfmSegment::of(5, 2, 3), RfmSegment::PotentialLoyalist);
        assert_eq!(RfmSegment::of(2, 2, 3), RfmSegment::NeedAttention);
        assert_eq!(RfmSegment::of(2, 1, 2), RfmSegment::AboutToSleep);
        assert_eq!(RfmSegment::of(1, 5, 4), RfmSegment::CannotLose);
        assert_eq!(RfmSegment::of(1, 3, 2), RfmSegment::AtRisk);
        assert_eq!(RfmSegment::of(1, 1, 1), RfmSegment::Lost);
        assert_eq!(RfmSegment::of(2, 1, 1), RfmSegment::AboutToSleep);
        assert_eq!(RfmSegment::of(1, 2, 1), RfmSegment::Hibernating);
        assert_eq!(RfmSegment::of(1, 1, 5), RfmSegment::Others);
        assert_eq!(RfmSegment::of(4, 5, 1), RfmSegment::Others);
    }

    #[test]
    fn churn_risk_compares_the_silence_with_k_mean_intervals() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 4 orders over 90 days: mean interval 30 days. 61 days of silence > 2 x 30: at risk; 60 is not.
        assert_eq!(churn_risk(4, d("2025-10-01"), d("2025-12-30"), d("2026-03-01"), 2.0), Some((30.0, true)));
        assert_eq!(churn_risk(4, d("2025-10-01"), d("2025-12-30"), d("2026-02-28"), 2.0), Some((30.0, false)));
        assert_eq!(churn_risk(2, d("2025-10-01"), d("2025-12-30"), d("2026-03-01"), 2.0), None);
    }

    #[test]
    fn abc_by_revenue_share_ahead_with_ties_by_code() {
        // Total 1000: X 500 (ahead 0 -> A), Y 300 (ahead .5 -> A), Z 150 (ahead .8 -> B: not < .8),
        // W 50 (ahead .95 -> C), V 0 -> C.
        let pop = [("Z", 150), ("X", 500), ("W", 50), ("V", 0), ("Y", 300)];
        let classes: Vec<AbcClass> = abc(&pop, AbcThresholds::default()).into_iter().map(|c| c.0).collect();
        assert_eq!(classes, [AbcClass::B, AbcClass::A, AbcClass::C, AbcClass::C, AbcClass::A]);
        let tied = [("B2", 100), ("A1", 100)];
        let shares: Vec<i64> = abc(&tied, AbcThresholds::default()).into_iter().map(|c| c.1).collect();
        assert_eq!(shares, [500_000, 0]);
    }
}
