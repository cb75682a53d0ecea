//! The funnel counters (SCORE-8): each opportunity's stored contribution, counter deltas, and the scoped report reads.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::scope::ListScope;
use crate::domain::entity::Entity;
use crate::domain::funnel::{FunnelContribution, FunnelCounts, OutcomeCount, ReachCount, StageTime, Visit};
use crate::domain::opportunity::OpportunityStatus;

/// What an opportunity's contribution is computed from.
pub(crate) struct FunnelInputs {
    pub pipeline_id: String,
    pub owner_id: Option<String>,
    pub amount_base: i64,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub archived: bool,
    pub visits: Vec<Visit>,
}

/// Counter rows of a report: the scope and period filter over one counters table.
pub(crate) struct FunnelFilter<'a> {
    pub scope: &'a ListScope,
    pub pipeline_id: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub owner_id: Option<&'a str>,
}

impl FunnelFilter<'_> {
    /// The filter over a counters table aliased `f`: pipeline, months, and the owners the actor's report
    /// scope covers.
    fn sql(&self, params: &mut Vec<SqlValue>) -> String {
        params.push(self.pipeline_id.to_string().into());
        let p = params.len();
        params.push(self.from.to_string().into());
        let f = params.len();
        params.push(self.to.to_string().into());
        let t = params.len();
        let mut sql = format!("f.pipeline_id = ?{p} AND f.period BETWEEN ?{f} AND ?{t} AND ");
        sql.push_str(&self.scope.owner_filter(Entity::Opportunity, "f", params));
        if let Some(owner) = self.owner_id {
            params.push(owner.to_string().into());
            sql.push_str(&format!(" AND f.owner_id = ?{}", params.len()));
        }
        sql
    }
}

impl Tx<'_> {
    pub(crate) fn funnel_inputs(&self, opportunity_id: &str) -> StorageResult<Option<FunnelInputs>> {
        let head = self
            .conn
            .prepare_cached(
                "SELECT pipeline_id, owner_id, amount_base, status, created_at, closed_at, archived_at IS NOT NULL
                 FROM opportunities WHERE id = ?1",
            )?
            .query_row([opportunity_id], |r| {
                Ok(FunnelInputs {
                    pipeline_id: r.get(0)?,
                    owner_id: r.get(1)?,
                    amount_base: r.get(2)?,
                    status: r.get(3)?,
                    created_at: row::get_instant(r, 4)?,
                    closed_at: row::get_opt_instant(r, 5)?,
                    archived: r.get(6)?,
                    visits: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut inputs) = head else { return Ok(None) };
        inputs.visits = self.stage_visits(opportunity_id)?;
        Ok(Some(inputs))
    }

    /// An opportunity's stage visits in the order they happened, with each stage's position.
    pub(crate) fn stage_visits(&self, opportunity_id: &str) -> StorageResult<Vec<Visit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.stage_id, s.position, h.entered_at, h.left_at FROM opportunity_stage_history h
             JOIN pipeline_stages s ON s.id = h.stage_id WHERE h.opportunity_id = ?1 ORDER BY h.id",
        )?;
        let visits = stmt.query_map([opportunity_id], |r| {
            Ok(Visit {
                stage_id: r.get(0)?,
                position: r.get(1)?,
                entered_at: row::get_instant(r, 2)?,
                left_at: row::get_opt_instant(r, 3)?,
            })
        })?;
        Ok(visits.collect::<Result<_, _>>()?)
    }

    pub(crate) fn funnel_contribution(&self, opportunity_id: &str) -> StorageResult<Option<FunnelContribution>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT contribution FROM opportunity_funnel WHERE opportunity_id = ?1")?
            .query_row([opportunity_id], |r| r.get(0))
            .optional()?;
        Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
    }

    pub(crate) fn save_funnel_contribution(
        &self,
        opportunity_id: &str,
        c: Option<&FunnelContribution>,
    ) -> StorageResult<()> {
        match c {
            Some(c) => {
                self.conn
                    .prepare_cached(
                        "INSERT OR REPLACE INTO opportunity_funnel (opportunity_id, contribution) VALUES (?1, ?2)",
                    )?
                    .execute(params![opportunity_id, row::json(c)])?;
            }
            None => {
                self.conn
                    .prepare_cached("DELETE FROM opportunity_funnel WHERE opportunity_id = ?1")?
                    .execute([opportunity_id])?;
            }
        }
        Ok(())
    }

    /// Adds (`sign` 1) or removes (`sign` -1) a contribution from the counters.
    pub(crate) fn add_funnel_counts(&self, c: &FunnelContribution, sign: i64) -> StorageResult<()> {
        let owner = c.owner_id.as_deref().unwrap_or("");
        self.conn
            .prepare_cached(
                "INSERT INTO funnel_reach (pipeline_id, period, owner_id, reach, opportunities, amount)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (pipeline_id, period, owner_id, reach) DO UPDATE
                 SET opportunities = opportunities + excluded.opportunities, amount = amount + excluded.amount",
            )?
            .execute(params![c.pipeline_id, c.created_period, owner, c.reach, sign, sign * c.amount_base])?;
        let mut time = self.conn.prepare_cached(
            "INSERT INTO funnel_stage_time (pipeline_id, period, owner_id, stage_id, visits, seconds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (pipeline_id, period, owner_id, stage_id) DO UPDATE
             SET visits = visits + excluded.visits, seconds = seconds + excluded.seconds",
        )?;
        for (stage, (visits, seconds)) in &c.stage_time {
            time.execute(params![c.pipeline_id, c.created_period, owner, stage, sign * visits, sign * seconds])?;
        }
        if let Some(period) = &c.closed_period {
            self.conn
                .prepare_cached(
                    "INSERT INTO funnel_outcomes (pipeline_id, period, owner_id, outcome, opportunities, amount, seconds)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                     ON CONFLICT (pipeline_id, period, owner_id, outcome) DO UPDATE
                     SET opportunities = opportunities + excluded.opportunities, amount = amount + excluded.amount,
                         seconds = seconds + excluded.seconds",
                )?
                .execute(params![
                    c.pipeline_id,
                    period,
                    owner,
                    c.outcome.as_str(),
                    sign,
                    sign * c.amount_base,
                    sign * c.won_after_seconds.unwrap_or(0)
                ])?;
        }
        if sign < 0 {
            // Counters back at zero are removed, so the tables equal a count from the records.
            self.conn
                .prepare_cached(
                    "DELETE FROM funnel_reach WHERE pipeline_id = ?1 AND period = ?2 AND owner_id = ?3
                     AND opportunities = 0 AND amount = 0",
                )?
                .execute(params![c.pipeline_id, c.created_period, owner])?;
            self.conn
                .prepare_cached(
                    "DELETE FROM funnel_stage_time WHERE pipeline_id = ?1 AND period = ?2 AND owner_id = ?3
                     AND visits = 0 AND seconds = 0",
                )?
                .execute(params![c.pipeline_id, c.created_period, owner])?;
            if let Some(period) = &c.closed_period {
                self.conn
                    .prepare_cached(
                        "DELETE FROM funnel_outcomes WHERE pipeline_id = ?1 AND period = ?2 AND owner_id = ?3
                         AND opportunities = 0 AND amount = 0 AND seconds = 0",
                    )?
                    .execute(params![c.pipeline_id, period, owner])?;
            }
        }
        Ok(())
    }

    /// The counters over the filter: reach and stage time of the opportunities created in its months,
    /// outcomes of those closed in them.
    pub(crate) fn funnel_counts(&self, filter: &FunnelFilter<'_>) -> StorageResult<FunnelCounts> {
        let query = |table: &str, select: &str, group: &str| {
            let mut params = Vec::new();
            let sql = format!("SELECT {select} FROM {table} f WHERE {} GROUP BY {group}", filter.sql(&mut params));
            (sql, params)
        };
        let (sql, params) = query("funnel_reach", "f.reach, SUM(f.opportunities), SUM(f.amount)", "f.reach");
        let reach = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok(ReachCount { reach: r.get(0)?, opportunities: r.get(1)?, amount: r.get(2)? })
            })?
            .collect::<Result<_, _>>()?;
        let (sql, params) = query("funnel_stage_time", "f.stage_id, SUM(f.visits), SUM(f.seconds)", "f.stage_id");
        let stage_time = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok(StageTime { stage_id: r.get(0)?, visits: r.get(1)?, seconds: r.get(2)? })
            })?
            .collect::<Result<_, _>>()?;
        let (sql, params) =
            query("funnel_outcomes", "f.outcome, SUM(f.opportunities), SUM(f.amount), SUM(f.seconds)", "f.outcome");
        let outcomes = self
            .conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params), |r| {
                Ok(OutcomeCount {
                    outcome: row::get_enum(r, 0, OpportunityStatus::parse)?,
                    opportunities: r.get(1)?,
                    amount: r.get(2)?,
                    seconds: r.get(3)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(FunnelCounts { reach, stage_time, outcomes })
    }

    /// The contributions of the filter's pipeline that its per-owner counters leave out: opportunities the
    /// actor collaborates on whose owner the report scope does not cover.
    pub(crate) fn funnel_collaborations(&self, filter: &FunnelFilter<'_>) -> StorageResult<Vec<FunnelContribution>> {
        let mut params: Vec<SqlValue> = vec![filter.pipeline_id.to_string().into()];
        let Some(beyond) = filter.scope.collaborations_beyond_owners(Entity::Opportunity, "o", &mut params) else {
            return Ok(Vec::new());
        };
        let mut sql = format!(
            "SELECT c.contribution FROM opportunity_funnel c JOIN opportunities o ON o.id = c.opportunity_id
             WHERE o.pipeline_id = ?1 AND {beyond}"
        );
        if let Some(owner) = filter.owner_id {
            params.push(owner.to_string().into());
            sql.push_str(&format!(" AND o.owner_id = ?{}", params.len()));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| row::get_json(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every opportunity id, or those of one pipeline.
    pub(crate) fn opportunity_ids(&self, pipeline_id: Option<&str>) -> StorageResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached("SELECT id FROM opportunities WHERE ?1 IS NULL OR pipeline_id = ?1")?;
        let rows = stmt.query_map([pipeline_id], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
