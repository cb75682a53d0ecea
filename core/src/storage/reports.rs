//! Report queries (SCORE-7, SCORE-9, SCORE-10): forecast, pipeline by owner or department, won/lost, lead conversion, customer distribution, churn list; each counts the records of the actor's report scope and answers named rows.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::db::Tx;
use super::error::StorageResult;
use super::scope::ListScope;
use crate::domain::analytics::{GroupCount, PipelineGroup, WonLostGroup};
use crate::domain::entity::Entity;

/// `amount_base x probability / 100`, rounded half-up per opportunity, as SQL.
const WEIGHTED: &str = "CASE WHEN o.amount_base * COALESCE(o.probability_override, st.probability) >= 0
    THEN (o.amount_base * COALESCE(o.probability_override, st.probability) + 50) / 100
    ELSE -((-o.amount_base * COALESCE(o.probability_override, st.probability) + 50) / 100) END";

/// Open opportunities of one expected close month and forecast category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ForecastOpen {
    /// `YYYY-MM`; `None` without an expected close date.
    pub month: Option<String>,
    pub category: String,
    pub weighted: i64,
    pub opportunities: i64,
}

/// An amount of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MonthAmount {
    pub month: String,
    pub amount: i64,
}

/// Leads created in the report's months with one source or campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LeadConversionCount {
    pub key: Option<String>,
    pub leads: i64,
    pub converted: i64,
    pub disqualified: i64,
}

/// A customer at churn risk as the last rescoring left it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChurnRow {
    pub customer_id: String,
    pub code: String,
    pub name: String,
    pub owner_id: Option<String>,
    pub days_since_last_order: i64,
    pub mean_interval_days: f64,
    /// The list's order: days since the last order over the mean interval (highest first), then code.
    pub rank: f64,
}

/// Where a churn page starts: after the row with this rank and code.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ChurnCursor {
    pub rank: f64,
    pub code: String,
}

/// A local month of an instant column, as SQL, for an organisation `offset` minutes east of UTC.
fn local_month(column: &str, offset: i32) -> String {
    format!("strftime('%Y-%m', {column}, '{offset:+} minutes')")
}

/// The opportunities of the report scope (and, when given, of one owner), as SQL over `o`.
fn opportunity_filter(scope: &ListScope, owner: Option<&str>, params: &mut Vec<SqlValue>) -> String {
    let mut filter = scope.filter(Entity::Opportunity, "o", params);
    if let Some(owner) = owner {
        params.push(owner.to_string().into());
        filter.push_str(&format!(" AND o.owner_id = ?{}", params.len()));
    }
    filter
}

fn rows<T>(
    tx: &Tx<'_>,
    sql: &str,
    params: Vec<SqlValue>,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> StorageResult<Vec<T>> {
    let mut stmt = tx.conn.prepare(sql)?;
    let out = stmt.query_map(params_from_iter(params), map)?;
    Ok(out.collect::<Result<_, _>>()?)
}

impl Tx<'_> {
    /// Open opportunities by expected close month (in `from..=to`, or none) and forecast category.
    pub(crate) fn forecast_open(
        &self,
        scope: &ListScope,
        owner: Option<&str>,
        from: &str,
        to: &str,
    ) -> StorageResult<Vec<ForecastOpen>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = opportunity_filter(scope, owner, &mut params);
        let sql = format!(
            "SELECT substr(o.expected_close_date, 1, 7) AS month, st.forecast_category, SUM({WEIGHTED}), COUNT(*)
             FROM opportunities o JOIN pipeline_stages st ON st.id = o.stage_id
             WHERE o.status = 'open' AND o.archived_at IS NULL AND {filter}
               AND (o.expected_close_date IS NULL OR substr(o.expected_close_date, 1, 7) BETWEEN ?1 AND ?2)
             GROUP BY 1, 2 ORDER BY 1, 2"
        );
        rows(self, &sql, params, |r| {
            Ok(ForecastOpen { month: r.get(0)?, category: r.get(1)?, weighted: r.get(2)?, opportunities: r.get(3)? })
        })
    }

    /// Won amounts by local month of closing, in `from..=to`.
    pub(crate) fn forecast_won(
        &self,
        scope: &ListScope,
        owner: Option<&str>,
        from: &str,
        to: &str,
        offset: i32,
    ) -> StorageResult<Vec<MonthAmount>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = opportunity_filter(scope, owner, &mut params);
        let month = local_month("o.closed_at", offset);
        let sql = format!(
            "SELECT {month}, SUM(o.amount_base) FROM opportunities o
             WHERE o.status = 'won' AND o.archived_at IS NULL AND {filter} AND {month} BETWEEN ?1 AND ?2
             GROUP BY 1 ORDER BY 1"
        );
        rows(self, &sql, params, |r| Ok(MonthAmount { month: r.get(0)?, amount: r.get(1)? }))
    }

    /// Open opportunities per owner or per owner's department, largest weighted amount first.
    pub(crate) fn pipeline_groups(&self, scope: &ListScope, by_department: bool) -> StorageResult<Vec<PipelineGroup>> {
        let mut params = Vec::new();
        let filter = opportunity_filter(scope, None, &mut params);
        let (key, name, join) = if by_department {
            (
                "d.id",
                "d.name",
                "LEFT JOIN users u ON u.id = o.owner_id LEFT JOIN departments d ON d.id = u.department_id",
            )
        } else {
            ("u.id", "u.name", "LEFT JOIN users u ON u.id = o.owner_id")
        };
        let sql = format!(
            "SELECT {key}, {name}, COUNT(*), SUM(o.amount_base), SUM({WEIGHTED})
             FROM opportunities o JOIN pipeline_stages st ON st.id = o.stage_id {join}
             WHERE o.status = 'open' AND o.archived_at IS NULL AND {filter}
             GROUP BY 1 ORDER BY 5 DESC, 1"
        );
        rows(self, &sql, params, |r| {
            Ok(PipelineGroup {
                id: r.get(0)?,
                name: r.get(1)?,
                opportunities: r.get(2)?,
                amount: r.get(3)?,
                weighted: r.get(4)?,
            })
        })
    }

    /// Won and lost opportunities closed in the months, by status, reason and competitor.
    pub(crate) fn won_lost_groups(
        &self,
        scope: &ListScope,
        owner: Option<&str>,
        from: &str,
        to: &str,
        offset: i32,
    ) -> StorageResult<Vec<WonLostGroup>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = opportunity_filter(scope, owner, &mut params);
        let month = local_month("o.closed_at", offset);
        let sql = format!(
            "SELECT o.status, CASE WHEN o.status = 'won' THEN NULL ELSE o.close_reason END, o.competitor,
                    COUNT(*), SUM(o.amount_base)
             FROM opportunities o
             WHERE o.status IN ('won', 'lost') AND o.archived_at IS NULL AND {filter} AND {month} BETWEEN ?1 AND ?2
             GROUP BY 1, 2, 3 ORDER BY 1 DESC, 4 DESC, 2, 3"
        );
        rows(self, &sql, params, |r| {
            Ok(WonLostGroup {
                status: r.get(0)?,
                reason: r.get(1)?,
                competitor: r.get(2)?,
                opportunities: r.get(3)?,
                amount: r.get(4)?,
            })
        })
    }

    /// Leads created in the months by source or campaign, most first.
    pub(crate) fn lead_conversion_groups(
        &self,
        scope: &ListScope,
        by_campaign: bool,
        from: &str,
        to: &str,
        offset: i32,
    ) -> StorageResult<Vec<LeadConversionCount>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = scope.filter(Entity::Lead, "l", &mut params);
        let key = if by_campaign { "l.campaign" } else { "l.source" };
        let month = local_month("l.created_at", offset);
        let sql = format!(
            "SELECT {key}, COUNT(*), SUM(l.status = 'converted'), SUM(l.status = 'disqualified')
             FROM leads l WHERE l.archived_at IS NULL AND {filter} AND {month} BETWEEN ?1 AND ?2
             GROUP BY 1 ORDER BY 2 DESC, 1"
        );
        rows(self, &sql, params, |r| {
            Ok(LeadConversionCount { key: r.get(0)?, leads: r.get(1)?, converted: r.get(2)?, disqualified: r.get(3)? })
        })
    }

    /// Live customers of the report scope grouped by `key_sql` over `c` (joined with `from_sql` and their
    /// statistics `s`), with the sum of `amount_sql`; ordered by key.
    pub(crate) fn scoped_customer_groups(
        &self,
        scope: &ListScope,
        from_sql: &str,
        key_sql: &str,
        amount_sql: &str,
        mut params: Vec<SqlValue>,
    ) -> StorageResult<Vec<GroupCount>> {
        let filter = scope.filter(Entity::Customer, "c", &mut params);
        let sql = format!(
            "SELECT {key_sql}, COUNT(*), COALESCE(SUM({amount_sql}), 0)
             FROM customers c {from_sql} LEFT JOIN customer_stats s ON s.customer_id = c.id
             WHERE c.archived_at IS NULL AND {filter}
             GROUP BY 1 ORDER BY 1"
        );
        rows(self, &sql, params, |r| Ok(GroupCount { key: r.get(0)?, customers: r.get(1)?, amount: r.get(2)? }))
    }

    /// One page of the customers at churn risk in the report scope, highest rank first, after `cursor`;
    /// `limit` rows.
    pub(crate) fn churn_page(
        &self,
        scope: &ListScope,
        cursor: Option<&ChurnCursor>,
        limit: u32,
    ) -> StorageResult<Vec<ChurnRow>> {
        let mut params = Vec::new();
        let filter = scope.filter(Entity::Customer, "c", &mut params);
        // Recency: days from the last order to the segments' date.
        let recency = format!(
            "CAST(julianday((SELECT value FROM meta WHERE key = '{}')) - julianday(seg.last_order_date) AS INTEGER)",
            super::scoring::SEGMENTS_AS_OF
        );
        let after = match cursor {
            Some(c) => {
                params.push(c.rank.into());
                let rank = params.len();
                params.push(c.code.clone().into());
                format!("WHERE rank < ?{rank} OR (rank = ?{rank} AND code > ?{})", params.len())
            }
            None => String::new(),
        };
        params.push(i64::from(limit).into());
        let sql = format!(
            "SELECT * FROM (
                 SELECT c.id, c.code AS code, c.name, c.owner_id, {recency} AS recency_days, seg.mean_interval_days,
                        {recency} * 1.0 / MAX(seg.mean_interval_days, 0.001) AS rank
                 FROM customer_segments seg JOIN customers c ON c.id = seg.customer_id
                 WHERE seg.churn_risk = 1 AND c.archived_at IS NULL AND {filter})
             {after} ORDER BY rank DESC, code LIMIT ?{}",
            params.len()
        );
        rows(self, &sql, params, |r| {
            Ok(ChurnRow {
                customer_id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                owner_id: r.get(3)?,
                days_since_last_order: r.get(4)?,
                mean_interval_days: r.get(5)?,
                rank: r.get(6)?,
            })
        })
    }
}
