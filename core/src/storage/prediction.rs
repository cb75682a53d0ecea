//! What predictions learn from (SCORE-6): each closed lead's or opportunity's features, the counts they add up to, and the features of a record to predict.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::prediction::{History, Outcome, province};

/// A record's learning fact: its outcome and feature values.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct PredictionFact {
    pub outcome: Outcome,
    pub features: BTreeMap<String, String>,
}

/// A record's status, whether it is archived, and its features (values may be missing).
pub(crate) struct RecordFeatures {
    pub status: String,
    pub archived: bool,
    pub features: Vec<(String, Option<String>)>,
}

/// A customer's industry and region, which its opportunities learn from.
#[derive(Default)]
pub(crate) struct CustomerPlace {
    pub industry: Option<String>,
    pub region: Option<String>,
}

impl Tx<'_> {
    /// A lead's features: source, industry, province, campaign.
    pub(crate) fn lead_features(&self, id: &str) -> StorageResult<Option<RecordFeatures>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT status, archived_at IS NOT NULL, source, industry, region, campaign FROM leads WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(RecordFeatures {
                    status: r.get(0)?,
                    archived: r.get(1)?,
                    features: vec![
                        ("source".into(), r.get(2)?),
                        ("industry".into(), r.get(3)?),
                        ("province".into(), province(r.get(4)?)),
                        ("campaign".into(), r.get(5)?),
                    ],
                })
            })
            .optional()?)
    }

    /// A customer's industry and region (an opportunity's features from its customer).
    pub(crate) fn customer_industry_and_region(&self, id: &str) -> StorageResult<CustomerPlace> {
        Ok(self
            .conn
            .prepare_cached("SELECT industry, region FROM customers WHERE id = ?1")?
            .query_row([id], |r| Ok(CustomerPlace { industry: r.get(0)?, region: r.get(1)? }))
            .optional()?
            .unwrap_or_default())
    }

    /// An opportunity's features: source, campaign, and its customer's industry and province.
    pub(crate) fn opportunity_features(&self, id: &str) -> StorageResult<Option<RecordFeatures>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT o.status, o.archived_at IS NOT NULL, o.source, o.campaign, c.industry, c.region
                 FROM opportunities o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(RecordFeatures {
                    status: r.get(0)?,
                    archived: r.get(1)?,
                    features: vec![
                        ("source".into(), r.get(2)?),
                        ("campaign".into(), r.get(3)?),
                        ("industry".into(), r.get(4)?),
                        ("province".into(), province(r.get(5)?)),
                    ],
                })
            })
            .optional()?)
    }

    /// The won and lost opportunities of a customer (what the win prediction learned from it).
    pub(crate) fn closed_opportunity_ids_of_customer(&self, customer_id: &str) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM opportunities WHERE customer_id = ?1 AND status IN ('won', 'lost') ORDER BY id",
        )?;
        let rows = stmt.query_map([customer_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn prediction_fact(&self, kind: &str, id: &str) -> StorageResult<Option<PredictionFact>> {
        let found: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT outcome, features FROM prediction_facts WHERE kind = ?1 AND record_id = ?2")?
            .query_row([kind, id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(found.and_then(|(outcome, features)| {
            let outcome = if outcome == "won" { Outcome::Won } else { Outcome::Lost };
            Some(PredictionFact { outcome, features: serde_json::from_str(&features).ok()? })
        }))
    }

    /// Replaces a record's fact and moves the counts by the difference.
    pub(crate) fn replace_prediction_fact(
        &self,
        kind: &str,
        id: &str,
        old: Option<&PredictionFact>,
        new: Option<&PredictionFact>,
    ) -> StorageResult<()> {
        for (fact, sign) in [(old, -1i64), (new, 1i64)] {
            let Some(fact) = fact else { continue };
            let (won, lost) = if fact.outcome == Outcome::Won { (sign, 0) } else { (0, sign) };
            self.conn
                .prepare_cached(
                    "INSERT INTO prediction_totals (kind, won, lost) VALUES (?1, ?2, ?3)
                     ON CONFLICT (kind) DO UPDATE SET won = won + excluded.won, lost = lost + excluded.lost",
                )?
                .execute(params![kind, won, lost])?;
            let mut count = self.conn.prepare_cached(
                "INSERT INTO prediction_counts (kind, feature, value, won, lost) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, feature, value) DO UPDATE SET won = won + excluded.won, lost = lost + excluded.lost",
            )?;
            for (feature, value) in &fact.features {
                count.execute(params![kind, feature, value, won, lost])?;
            }
        }
        if old.is_some() {
            // Only a fact taken back brings counts to zero; rows at zero are removed.
            self.conn
                .prepare_cached("DELETE FROM prediction_counts WHERE kind = ?1 AND won = 0 AND lost = 0")?
                .execute([kind])?;
            self.conn
                .prepare_cached("DELETE FROM prediction_totals WHERE kind = ?1 AND won = 0 AND lost = 0")?
                .execute([kind])?;
        }
        match new {
            Some(f) => {
                let outcome = if f.outcome == Outcome::Won { "won" } else { "lost" };
                self.conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO prediction_facts (kind, record_id, outcome, features) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![kind, id, outcome, row::json(&f.features)])?;
            }
            None => {
                self.conn
                    .prepare_cached("DELETE FROM prediction_facts WHERE kind = ?1 AND record_id = ?2")?
                    .execute([kind, id])?;
            }
        }
        Ok(())
    }

    /// Everything learned for `kind`.
    pub(crate) fn prediction_history(&self, kind: &str) -> StorageResult<History> {
        let (won, lost) = self
            .conn
            .prepare_cached("SELECT won, lost FROM prediction_totals WHERE kind = ?1")?
            .query_row([kind], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .unwrap_or((0, 0));
        let mut stmt =
            self.conn.prepare_cached("SELECT feature, value, won, lost FROM prediction_counts WHERE kind = ?1")?;
        let values = stmt
            .query_map([kind], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
            .collect::<Result<_, _>>()?;
        Ok(History { won, lost, values })
    }

    /// Every lead id (rule scores and facts are rebuilt over all of them).
    pub(crate) fn lead_ids(&self) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT id FROM leads")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets a lead's rule score (a derived value: not audited).
    pub(crate) fn set_lead_score(&self, id: &str, score: i64) -> StorageResult<()> {
        self.conn.prepare_cached("UPDATE leads SET score = ?2 WHERE id = ?1")?.execute(params![id, score])?;
        Ok(())
    }
}

impl Tx<'_> {
    /// An opportunity's effective probability (its override, else its stage's).
    pub(crate) fn opportunity_probability(&self, id: &str) -> StorageResult<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT COALESCE(o.probability_override, st.probability) FROM opportunities o
                 JOIN pipeline_stages st ON st.id = o.stage_id WHERE o.id = ?1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }
}
