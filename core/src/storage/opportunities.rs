//! Pipelines, stages, opportunities, their lines, collaborators, stage history and approvals: queries.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use crate::domain::access::CollaboratorAccess;
use crate::domain::entity::Entity;
use crate::domain::money::FxRate;
use crate::domain::opportunity::{
    ApprovalStatus, Collaborator, Opportunity, OpportunityLine, OpportunityStatus, StageVisit,
};
use crate::domain::pipeline::{ForecastCategory, Pipeline, Stage};

const PIPELINE_COLS: &str = "id, code, name, is_default, created_at, updated_at, archived_at";

fn pipeline_row(r: &Row<'_>) -> rusqlite::Result<Pipeline> {
    Ok(Pipeline {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        is_default: r.get(3)?,
        stages: Vec::new(),
        created_at: row::get_instant(r, 4)?,
        updated_at: row::get_instant(r, 5)?,
        archived_at: row::get_opt_instant(r, 6)?,
    })
}

const OPP_COLS: &str = "o.id, o.code, o.customer_id, o.title, o.amount, o.currency, o.fx_rate, o.amount_base,
    o.expected_close_date, o.pipeline_id, o.stage_id, s.code, s.name, s.forecast_category, s.probability,
    o.probability_override, o.owner_id, o.source, o.campaign, o.status, o.close_reason, o.competitor, o.closed_at,
    o.approval_status, o.approval_stage_id, o.custom, o.external_ref, o.created_by, o.created_at, o.updated_at,
    o.archived_at";

fn opportunity_row(r: &Row<'_>) -> rusqlite::Result<Opportunity> {
    let fx: String = r.get(6)?;
    let fx_rate = FxRate::parse("fx_rate", &fx)
        .map_err(|_| rusqlite::Error::FromSqlConversionFailure(6, rusqlite::types::Type::Text, "fx_rate".into()))?;
    let stage_probability: i64 = r.get(14)?;
    let probability_override: Option<i64> = r.get(15)?;
    Ok(Opportunity {
        id: r.get(0)?,
        code: r.get(1)?,
        customer_id: r.get(2)?,
        title: r.get(3)?,
        amount: r.get(4)?,
        currency: r.get(5)?,
        fx_rate,
        amount_base: r.get(7)?,
        expected_close_date: row::get_opt_date(r, 8)?,
        pipeline_id: r.get(9)?,
        stage_id: r.get(10)?,
        stage: r.get(11)?,
        stage_name: r.get(12)?,
        forecast_category: row::get_enum(r, 13, ForecastCategory::parse)?,
        probability: probability_override.unwrap_or(stage_probability),
        probability_override,
        owner_id: r.get(16)?,
        source: r.get(17)?,
        campaign: r.get(18)?,
        status: row::get_enum(r, 19, OpportunityStatus::parse)?,
        close_reason: r.get(20)?,
        competitor: r.get(21)?,
        closed_at: row::get_opt_instant(r, 22)?,
        approval_status: row::get_enum(r, 23, ApprovalStatus::parse)?,
        approval_stage_id: r.get(24)?,
        lines: Vec::new(),
        collaborators: Vec::new(),
        custom: row::get_json(r, 25)?,
        external_ref: r.get(26)?,
        created_by: r.get(27)?,
        created_at: row::get_instant(r, 28)?,
        updated_at: row::get_instant(r, 29)?,
        archived_at: row::get_opt_instant(r, 30)?,
    })
}

/// Which opportunities a page holds, besides the actor's scope (the engine builds it from the list request).
#[derive(Debug, Clone, Default)]
pub(crate) struct OpportunityFilter<'a> {
    /// Only those the actor owns or collaborates on.
    pub mine: bool,
    pub owner_id: Option<&'a str>,
    pub customer_id: Option<&'a str>,
    pub pipeline_id: Option<&'a str>,
    /// The current stage's code.
    pub stage: Option<&'a str>,
    pub status: Option<OpportunityStatus>,
    pub include_archived: bool,
    /// Ids after this one (the page cursor).
    pub after: Option<&'a str>,
}

/// The stored columns of a pipeline (its stages are rows of their own).
const PIPELINE_COLUMNS: Columns = Columns {
    table: "pipelines",
    names: &["id", "code", "name", "is_default", "created_at", "updated_at", "archived_at"],
};

/// A pipeline's values in the order of [`PIPELINE_COLUMNS`].
fn pipeline_values(p: &Pipeline) -> Vec<SqlValue> {
    vec![
        p.id.clone().into(),
        p.code.clone().into(),
        p.name.clone().into(),
        p.is_default.into(),
        row::instant(p.created_at).into(),
        row::instant(p.updated_at).into(),
        row::opt_instant(p.archived_at).into(),
    ]
}

/// The stored columns of an opportunity (stage code, name and probability come from its stage).
const OPPORTUNITY_COLUMNS: Columns = Columns {
    table: "opportunities",
    names: &[
        "id",
        "code",
        "customer_id",
        "title",
        "amount",
        "currency",
        "fx_rate",
        "amount_base",
        "expected_close_date",
        "pipeline_id",
        "stage_id",
        "probability_override",
        "owner_id",
        "source",
        "campaign",
        "status",
        "close_reason",
        "competitor",
        "closed_at",
        "approval_status",
        "approval_stage_id",
        "custom",
        "external_ref",
        "created_by",
        "created_at",
        "updated_at",
        "archived_at",
    ],
};

/// An opportunity's values in the order of [`OPPORTUNITY_COLUMNS`].
fn opportunity_values(o: &Opportunity) -> Vec<SqlValue> {
    vec![
        o.id.clone().into(),
        o.code.clone().into(),
        o.customer_id.clone().into(),
        o.title.clone().into(),
        o.amount.into(),
        o.currency.clone().into(),
        o.fx_rate.to_string().into(),
        o.amount_base.into(),
        row::opt_date(o.expected_close_date).into(),
        o.pipeline_id.clone().into(),
        o.stage_id.clone().into(),
        o.probability_override.into(),
        o.owner_id.clone().into(),
        o.source.clone().into(),
        o.campaign.clone().into(),
        o.status.as_str().to_string().into(),
        o.close_reason.clone().into(),
        o.competitor.clone().into(),
        row::opt_instant(o.closed_at).into(),
        o.approval_status.as_str().to_string().into(),
        o.approval_stage_id.clone().into(),
        row::json(&o.custom).into(),
        o.external_ref.clone().into(),
        o.created_by.clone().into(),
        row::instant(o.created_at).into(),
        row::instant(o.updated_at).into(),
        row::opt_instant(o.archived_at).into(),
    ]
}

impl Tx<'_> {
    // ---- pipelines -------------------------------------------------------------------------

    fn load_stages(&self, p: &mut Pipeline) -> StorageResult<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, code, name, position, probability, requires_approval, forecast_category FROM pipeline_stages
             WHERE pipeline_id = ?1 AND active = 1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([&p.id], |r| {
            Ok(Stage {
                id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                position: r.get(3)?,
                probability: r.get(4)?,
                requires_approval: r.get(5)?,
                forecast_category: row::get_enum(r, 6, ForecastCategory::parse)?,
            })
        })?;
        p.stages = rows.collect::<Result<_, _>>()?;
        Ok(())
    }

    fn pipeline_where(&self, clause: &str, value: &str) -> StorageResult<Option<Pipeline>> {
        let p = self
            .conn
            .prepare_cached(&format!("SELECT {PIPELINE_COLS} FROM pipelines WHERE {clause}"))?
            .query_row([value], pipeline_row)
            .optional()?;
        match p {
            Some(mut p) => {
                self.load_stages(&mut p)?;
                Ok(Some(p))
            }
            None => Ok(None),
        }
    }

    pub(crate) fn pipeline(&self, id: &str) -> StorageResult<Option<Pipeline>> {
        self.pipeline_where("id = ?1", id)
    }

    pub(crate) fn pipeline_by_code(&self, code: &str) -> StorageResult<Option<Pipeline>> {
        self.pipeline_where("code = ?1", code)
    }

    /// The live default pipeline, if any.
    pub(crate) fn default_pipeline(&self) -> StorageResult<Option<Pipeline>> {
        self.pipeline_where("is_default = 1 AND archived_at IS NULL AND ?1 = ?1", "")
    }

    /// Every pipeline with its stages, default first then by name.
    pub(crate) fn pipelines(&self, include_archived: bool) -> StorageResult<Vec<Pipeline>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PIPELINE_COLS} FROM pipelines WHERE ?1 OR archived_at IS NULL ORDER BY is_default DESC, name, id"
        ))?;
        let mut list: Vec<Pipeline> = stmt.query_map([include_archived], pipeline_row)?.collect::<Result<_, _>>()?;
        for p in &mut list {
            self.load_stages(p)?;
        }
        Ok(list)
    }

    /// Saves a pipeline row (not its stages): inserts it (`before` is `None`), or updates the columns that
    /// changed since `before`.
    pub(crate) fn save_pipeline(&self, before: Option<&Pipeline>, p: &Pipeline) -> StorageResult<()> {
        match before {
            None => self.insert_row(&PIPELINE_COLUMNS, pipeline_values(p)),
            Some(b) => self.update_changed(&PIPELINE_COLUMNS, pipeline_values(b), pipeline_values(p)).map(|_| ()),
        }
    }

    /// The id of a stage of `pipeline_id` with `code`, live or retired.
    pub(crate) fn stage_id_by_code(&self, pipeline_id: &str, code: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM pipeline_stages WHERE pipeline_id = ?1 AND code = ?2")?
            .query_row([pipeline_id, code], |r| r.get(0))
            .optional()?)
    }

    /// Inserts or updates one stage (by id) as live.
    pub(crate) fn save_stage(&self, pipeline_id: &str, s: &Stage) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO pipeline_stages (id, pipeline_id, code, name, position, probability, requires_approval, forecast_category, active)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)
                 ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, position = excluded.position,
                   probability = excluded.probability, requires_approval = excluded.requires_approval,
                   forecast_category = excluded.forecast_category, active = 1",
            )?
            .execute(params![
                s.id,
                pipeline_id,
                s.code,
                s.name,
                s.position,
                s.probability,
                s.requires_approval,
                s.forecast_category.as_str()
            ])?;
        Ok(())
    }

    /// Retires a stage: kept for history, no longer part of the pipeline.
    pub(crate) fn retire_stage(&self, stage_id: &str) -> StorageResult<()> {
        self.conn.prepare_cached("UPDATE pipeline_stages SET active = 0 WHERE id = ?1")?.execute([stage_id])?;
        Ok(())
    }

    /// Open opportunities currently at a stage.
    pub(crate) fn count_open_at_stage(&self, stage_id: &str) -> StorageResult<i64> {
        Ok(self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM opportunities WHERE stage_id = ?1 AND status = 'open'")?
            .query_row([stage_id], |r| r.get(0))?)
    }

    // ---- opportunities ---------------------------------------------------------------------

    fn load_children(&self, o: &mut Opportunity) -> StorageResult<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT product_code, description, quantity, unit_price, amount FROM opportunity_lines
             WHERE opportunity_id = ?1 ORDER BY position",
        )?;
        o.lines = stmt
            .query_map([&o.id], |r| {
                Ok(OpportunityLine {
                    product_code: r.get(0)?,
                    description: r.get(1)?,
                    quantity: r.get(2)?,
                    unit_price: r.get(3)?,
                    amount: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT user_id, access FROM opportunity_collaborators WHERE opportunity_id = ?1 ORDER BY user_id",
        )?;
        o.collaborators = stmt
            .query_map([&o.id], |r| {
                Ok(Collaborator { user_id: r.get(0)?, access: row::get_enum(r, 1, CollaboratorAccess::parse)? })
            })?
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    fn opportunity_where(&self, clause: &str, value: &str) -> StorageResult<Option<Opportunity>> {
        let o = self
            .conn
            .prepare_cached(&format!(
                "SELECT {OPP_COLS} FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id WHERE {clause}"
            ))?
            .query_row([value], opportunity_row)
            .optional()?;
        match o {
            Some(mut o) => {
                self.load_children(&mut o)?;
                Ok(Some(o))
            }
            None => Ok(None),
        }
    }

    pub(crate) fn opportunity(&self, id: &str) -> StorageResult<Option<Opportunity>> {
        self.opportunity_where("o.id = ?1", id)
    }

    pub(crate) fn opportunity_by_ref(&self, external_ref: &str) -> StorageResult<Option<Opportunity>> {
        self.opportunity_where("o.external_ref = ?1", external_ref)
    }

    /// Saves an opportunity: inserts it (`before` is `None`), or updates the columns that changed since
    /// `before` and replaces its lines only when they changed. Collaborators have their own methods.
    pub(crate) fn save_opportunity(&self, before: Option<&Opportunity>, o: &Opportunity) -> StorageResult<()> {
        match before {
            None => self.insert_row(&OPPORTUNITY_COLUMNS, opportunity_values(o))?,
            Some(b) => {
                self.update_changed(&OPPORTUNITY_COLUMNS, opportunity_values(b), opportunity_values(o))?;
                if b.lines == o.lines {
                    return Ok(());
                }
                self.conn
                    .prepare_cached("DELETE FROM opportunity_lines WHERE opportunity_id = ?1")?
                    .execute([&o.id])?;
            }
        }
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO opportunity_lines (opportunity_id, position, product_code, description, quantity, unit_price, amount)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, l) in o.lines.iter().enumerate() {
            ins.execute(params![
                o.id,
                i as i64 + 1,
                l.product_code,
                l.description,
                l.quantity,
                l.unit_price,
                l.amount
            ])?;
        }
        Ok(())
    }

    /// Adds a collaborator or changes their access.
    pub(crate) fn set_collaborator(&self, opportunity_id: &str, c: &Collaborator) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO opportunity_collaborators (opportunity_id, user_id, access) VALUES (?1, ?2, ?3)
                 ON CONFLICT (opportunity_id, user_id) DO UPDATE SET access = excluded.access",
            )?
            .execute([opportunity_id, c.user_id.as_str(), c.access.as_str()])?;
        Ok(())
    }

    pub(crate) fn remove_collaborator(&self, opportunity_id: &str, user_id: &str) -> StorageResult<bool> {
        let n = self
            .conn
            .prepare_cached("DELETE FROM opportunity_collaborators WHERE opportunity_id = ?1 AND user_id = ?2")?
            .execute([opportunity_id, user_id])?;
        Ok(n > 0)
    }

    /// One page of opportunities in the actor's scope (owned in scope or collaborated on), ordered by id.
    /// `limit` rows after `f.after` (an id); the engine validates the filters.
    pub(crate) fn opportunities(
        &self,
        scope: &ListScope,
        f: &OpportunityFilter<'_>,
        limit: u32,
    ) -> StorageResult<Vec<Opportunity>> {
        let mut p: Vec<SqlValue> = Vec::new();
        let mut clauses: Vec<String> = Vec::new();
        clauses.push(scope.filter(Entity::Opportunity, "o", &mut p));
        if f.mine {
            p.push(scope.user_id().to_string().into());
            let u = p.len();
            clauses.push(format!(
                "(o.owner_id = ?{u} OR EXISTS (SELECT 1 FROM opportunity_collaborators c WHERE c.opportunity_id = o.id AND c.user_id = ?{u}))"
            ));
        }
        let mut eq = |col: &str, v: Option<&str>| {
            if let Some(v) = v {
                p.push(v.to_string().into());
                clauses.push(format!("{col} = ?{}", p.len()));
            }
        };
        eq("o.owner_id", f.owner_id);
        eq("o.customer_id", f.customer_id);
        eq("o.pipeline_id", f.pipeline_id);
        eq("s.code", f.stage);
        eq("o.status", f.status.map(OpportunityStatus::as_str));
        if let Some(after) = f.after {
            p.push(after.to_string().into());
            clauses.push(format!("o.id > ?{}", p.len()));
        }
        if !f.include_archived {
            clauses.push("o.archived_at IS NULL".into());
        }
        let where_sql = if clauses.is_empty() { "1".to_string() } else { clauses.join(" AND ") };
        p.push(i64::from(limit).into());
        let sql = format!(
            "SELECT {OPP_COLS} FROM opportunities o JOIN pipeline_stages s ON s.id = o.stage_id
             WHERE {where_sql} ORDER BY o.id LIMIT ?{}",
            p.len()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut list: Vec<Opportunity> =
            stmt.query_map(params_from_iter(p.iter()), opportunity_row)?.collect::<Result<_, _>>()?;
        for o in &mut list {
            self.load_children(o)?;
        }
        Ok(list)
    }

    // ---- stage history (OPP-4) -------------------------------------------------------------

    /// Opens a visit to a stage.
    pub(crate) fn enter_stage(
        &self,
        opportunity_id: &str,
        stage_id: &str,
        at: DateTime<Utc>,
        actor_id: Option<&str>,
    ) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO opportunity_stage_history (opportunity_id, stage_id, entered_at, left_at, actor_id)
                 VALUES (?1, ?2, ?3, NULL, ?4)",
            )?
            .execute(params![opportunity_id, stage_id, row::instant(at), actor_id])?;
        Ok(())
    }

    /// Closes the open visit, if any.
    pub(crate) fn leave_stage(&self, opportunity_id: &str, at: DateTime<Utc>) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "UPDATE opportunity_stage_history SET left_at = ?2 WHERE opportunity_id = ?1 AND left_at IS NULL",
            )?
            .execute(params![opportunity_id, row::instant(at)])?;
        Ok(())
    }

    /// Every stage visit of an opportunity, oldest first.
    pub(crate) fn stage_history(&self, opportunity_id: &str) -> StorageResult<Vec<StageVisit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT h.stage_id, s.code, h.entered_at, h.left_at, h.actor_id FROM opportunity_stage_history h
             JOIN pipeline_stages s ON s.id = h.stage_id WHERE h.opportunity_id = ?1 ORDER BY h.id",
        )?;
        let rows = stmt.query_map([opportunity_id], |r| {
            Ok(StageVisit {
                stage_id: r.get(0)?,
                stage: r.get(1)?,
                entered_at: row::get_instant(r, 2)?,
                left_at: row::get_opt_instant(r, 3)?,
                actor_id: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
