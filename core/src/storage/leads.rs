//! Leads: queries (records, scoped lists, assignment teams and loads, territories, round-robin positions).

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::ListScope;
use crate::domain::assignment::{Candidate, Territory};
use crate::domain::entity::Entity;
use crate::domain::lead::{Lead, LeadStatus};

const LEAD_COLS: &str = "id, code, person_name, company_name, title, phone, email, region, industry, source, campaign,
    status, disqualify_reason, owner_id, score, custom, external_ref, converted_customer_id, converted_contact_id,
    converted_opportunity_id, converted_at, created_by, created_at, updated_at, archived_at";

fn lead_row(r: &Row<'_>) -> rusqlite::Result<Lead> {
    Ok(Lead {
        id: r.get(0)?,
        code: r.get(1)?,
        person_name: r.get(2)?,
        company_name: r.get(3)?,
        title: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        region: r.get(7)?,
        industry: r.get(8)?,
        source: r.get(9)?,
        campaign: r.get(10)?,
        status: row::get_enum(r, 11, LeadStatus::parse)?,
        disqualify_reason: r.get(12)?,
        owner_id: r.get(13)?,
        score: r.get(14)?,
        custom: row::get_json(r, 15)?,
        external_ref: r.get(16)?,
        converted_customer_id: r.get(17)?,
        converted_contact_id: r.get(18)?,
        converted_opportunity_id: r.get(19)?,
        converted_at: row::get_opt_instant(r, 20)?,
        created_by: r.get(21)?,
        created_at: row::get_instant(r, 22)?,
        updated_at: row::get_instant(r, 23)?,
        archived_at: row::get_opt_instant(r, 24)?,
    })
}

/// The stored columns of a lead.
const LEAD_COLUMNS: Columns = Columns {
    table: "leads",
    names: &[
        "id",
        "code",
        "person_name",
        "company_name",
        "title",
        "phone",
        "email",
        "region",
        "industry",
        "source",
        "campaign",
        "status",
        "disqualify_reason",
        "owner_id",
        "score",
        "custom",
        "external_ref",
        "converted_customer_id",
        "converted_contact_id",
        "converted_opportunity_id",
        "converted_at",
        "created_by",
        "created_at",
        "updated_at",
        "archived_at",
    ],
};

/// A lead's values in the order of [`LEAD_COLUMNS`].
fn lead_values(l: &Lead) -> Vec<SqlValue> {
    vec![
        l.id.clone().into(),
        l.code.clone().into(),
        l.person_name.clone().into(),
        l.company_name.clone().into(),
        l.title.clone().into(),
        l.phone.clone().into(),
        l.email.clone().into(),
        l.region.clone().into(),
        l.industry.clone().into(),
        l.source.clone().into(),
        l.campaign.clone().into(),
        l.status.as_str().to_string().into(),
        l.disqualify_reason.clone().into(),
        l.owner_id.clone().into(),
        l.score.into(),
        row::json(&l.custom).into(),
        l.external_ref.clone().into(),
        l.converted_customer_id.clone().into(),
        l.converted_contact_id.clone().into(),
        l.converted_opportunity_id.clone().into(),
        row::opt_instant(l.converted_at).into(),
        l.created_by.clone().into(),
        row::instant(l.created_at).into(),
        row::instant(l.updated_at).into(),
        row::opt_instant(l.archived_at).into(),
    ]
}

/// Open statuses, as stored (least-loaded counts).
const OPEN_STATUSES: &str = "('assigned', 'working', 'qualified')";

/// Which leads a page holds, besides the actor's scope (the engine builds it from the list request).
#[derive(Debug, Clone, Default)]
pub(crate) struct LeadFilter<'a> {
    pub owner_id: Option<&'a str>,
    pub status: Option<LeadStatus>,
    pub source: Option<&'a str>,
    pub campaign: Option<&'a str>,
    /// Only leads nobody owns.
    pub unassigned: bool,
    pub include_archived: bool,
    /// Ids after this one (the page cursor).
    pub after: Option<&'a str>,
}

impl Tx<'_> {
    pub(crate) fn lead(&self, id: &str) -> StorageResult<Option<Lead>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {LEAD_COLS} FROM leads WHERE id = ?1"))?
            .query_row([id], lead_row)
            .optional()?)
    }

    pub(crate) fn lead_by_ref(&self, external_ref: &str) -> StorageResult<Option<Lead>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {LEAD_COLS} FROM leads WHERE external_ref = ?1"))?
            .query_row([external_ref], lead_row)
            .optional()?)
    }

    /// Saves a lead: inserts it (`before` is `None`), or updates the columns that changed since `before`.
    pub(crate) fn save_lead(&self, before: Option<&Lead>, l: &Lead) -> StorageResult<()> {
        match before {
            None => self.insert_row(&LEAD_COLUMNS, lead_values(l)),
            Some(b) => self.update_changed(&LEAD_COLUMNS, lead_values(b), lead_values(l)).map(|_| ()),
        }
    }

    /// One page of the leads the actor reads (their scope, and the unassigned pool for users above `own`
    /// scope), ordered by id after `req.after`. Fetches `limit + 1` rows so the caller sees whether more follow.
    pub(crate) fn list_leads(&self, scope: &ListScope, req: &LeadFilter<'_>, limit: u32) -> StorageResult<Vec<Lead>> {
        let mut params: Vec<SqlValue> = Vec::new();
        let visible = scope.filter(Entity::Lead, "leads", &mut params);
        let mut sql = format!("SELECT {LEAD_COLS} FROM leads WHERE {visible}");
        let mut eq = |col: &str, v: Option<&str>, params: &mut Vec<SqlValue>| {
            if let Some(v) = v {
                params.push(v.to_string().into());
                sql.push_str(&format!(" AND {col} = ?{}", params.len()));
            }
        };
        eq("owner_id", req.owner_id, &mut params);
        eq("status", req.status.map(LeadStatus::as_str), &mut params);
        eq("source", req.source, &mut params);
        eq("campaign", req.campaign, &mut params);
        if let Some(c) = req.after {
            params.push(c.to_string().into());
            sql.push_str(&format!(" AND id > ?{}", params.len()));
        }
        if req.unassigned {
            sql.push_str(" AND owner_id IS NULL");
        }
        if !req.include_archived {
            sql.push_str(" AND archived_at IS NULL");
        }
        params.push(i64::from(limit).saturating_add(1).into());
        sql.push_str(&format!(" ORDER BY id LIMIT ?{}", params.len()));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), lead_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The team of a department (LEAD-3): its active sales reps (not those of
    /// departments below), ordered by user id, each with their open leads.
    pub(crate) fn lead_team(&self, department_id: &str) -> StorageResult<Vec<Candidate>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT u.id, (SELECT COUNT(*) FROM leads l WHERE l.owner_id = u.id AND l.archived_at IS NULL
                             AND l.status IN {OPEN_STATUSES})
             FROM users u
             WHERE u.department_id = ?1 AND u.active = 1
               AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'sales_rep')
             ORDER BY u.id"
        ))?;
        let rows = stmt.query_map([department_id], |r| Ok(Candidate { user_id: r.get(0)?, open_leads: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user who got the team's last round-robin lead.
    pub(crate) fn round_robin_position(&self, department_id: &str) -> StorageResult<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT last_user_id FROM lead_round_robin WHERE department_id = ?1")?
            .query_row([department_id], |r| r.get(0))
            .optional()?)
    }

    pub(crate) fn set_round_robin_position(&self, department_id: &str, user_id: &str) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO lead_round_robin (department_id, last_user_id) VALUES (?1, ?2)
                 ON CONFLICT (department_id) DO UPDATE SET last_user_id = excluded.last_user_id",
            )?
            .execute([department_id, user_id])?;
        Ok(())
    }

    /// Every territory, by region prefix.
    pub(crate) fn lead_territories(&self) -> StorageResult<Vec<Territory>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT region_prefix, department_id FROM lead_territories ORDER BY region_prefix")?;
        let rows = stmt.query_map([], |r| Ok(Territory { region_prefix: r.get(0)?, department_id: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn lead_territory(&self, region_prefix: &str) -> StorageResult<Option<Territory>> {
        Ok(self
            .conn
            .prepare_cached("SELECT region_prefix, department_id FROM lead_territories WHERE region_prefix = ?1")?
            .query_row([region_prefix], |r| Ok(Territory { region_prefix: r.get(0)?, department_id: r.get(1)? }))
            .optional()?)
    }

    pub(crate) fn save_lead_territory(&self, t: &Territory) -> StorageResult<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO lead_territories (region_prefix, department_id) VALUES (?1, ?2)
                 ON CONFLICT (region_prefix) DO UPDATE SET department_id = excluded.department_id",
            )?
            .execute([&t.region_prefix, &t.department_id])?;
        Ok(())
    }
}
