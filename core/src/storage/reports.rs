//! Report queries (SCORE-7, SCORE-9, SCORE-10): forecast, pipeline by owner or department, won/lost, lead conversion, customer distribution, churn list; all scoped.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::db::Tx;
use super::error::StorageResult;
use super::scope::ListScope;

/// `amount_base x probability / 100`, rounded half-up per opportunity, as SQL.
const WEIGHTED: &str = "CASE WHEN o.amount_base * COALESCE(o.probability_override, st.probability) >= 0
    THEN (o.amount_base * COALESCE(o.probability_override, st.probability) + 50) / 100
    ELSE -((-o.amount_base * COALESCE(o.probability_override, st.probability) + 50) / 100) END";

/// A local month of an instant column, as SQL, for an organisation `offset` minutes east of UTC.
fn local_month(column: &str, offset: i32) -> String {
    format!("strftime('%Y-%m', {column}, '{offset:+} minutes')")
}

/// The scope (and, when given, the one owner) as SQL over `o.owner_id`.
fn owner_filter(scope: &ListScope, owner: Option<&str>, params: &mut Vec<SqlValue>) -> String {
    let mut filter = scope.owner_sql("o.owner_id", params);
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
    /// Open opportunities by expected close month and forecast category: (month, category, weighted, count).
    #[allow(clippy::type_complexity)]
    pub(crate) fn forecast_open(
        &self,
        scope: &ListScope,
        owner: Option<&str>,
        from: &str,
        to: &str,
    ) -> StorageResult<Vec<(Option<String>, String, i64, i64)>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = owner_filter(scope, owner, &mut params);
        let sql = format!(
            "SELECT substr(o.expected_close_date, 1, 7) AS month, st.forecast_category, SUM({WEIGHTED}), COUNT(*)
             FROM opportunities o JOIN pipeline_stages st ON st.id = o.stage_id
             WHERE o.status = 'open' AND o.archived_at IS NULL AND {filter}
               AND (o.expected_close_date IS NULL OR substr(o.expected_close_date, 1, 7) BETWEEN ?1 AND ?2)
             GROUP BY 1, 2 ORDER BY 1, 2"
        );
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    }

    /// Won amounts by local month of closing: (month, amount).
    pub(crate) fn forecast_won(
        &self,
        scope: &ListScope,
        owner: Option<&str>,
        from: &str,
        to: &str,
        offset: i32,
    ) -> StorageResult<Vec<(String, i64)>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = owner_filter(scope, owner, &mut params);
        let month = local_month("o.closed_at", offset);
        let sql = format!(
            "SELECT {month}, SUM(o.amount_base) FROM opportunities o
             WHERE o.status = 'won' AND o.archived_at IS NULL AND {filter} AND {month} BETWEEN ?1 AND ?2
             GROUP BY 1 ORDER BY 1"
        );
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// Open opportunities per owner or per owner's department: (id, name, count, amount, weighted).
    #[allow(clippy::type_complexity)]
    pub(crate) fn pipeline_groups(
        &self,
        scope: &ListScope,
        by_department: bool,
    ) -> StorageResult<Vec<(Option<String>, Option<String>, i64, i64, i64)>> {
        let mut params = Vec::new();
        let filter = scope.owner_sql("o.owner_id", &mut params);
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
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    }

    /// Won and lost opportunities closed in the months: (status, reason, competitor, count, amount).
    #[allow(clippy::type_complexity)]
    pub(crate) fn won_lost_groups(
        &self,
        scope: &ListScope,
        owner: Option<&str>,
        from: &str,
        to: &str,
        offset: i32,
    ) -> StorageResult<Vec<(String, Option<String>, Option<String>, i64, i64)>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = owner_filter(scope, owner, &mut params);
        let month = local_month("o.closed_at", offset);
        let sql = format!(
            "SELECT o.status, CASE WHEN o.status = 'won' THEN NULL ELSE o.close_reason END, o.competitor,
                    COUNT(*), SUM(o.amount_base)
             FROM opportunities o
             WHERE o.status IN ('won', 'lost') AND o.archived_at IS NULL AND {filter} AND {month} BETWEEN ?1 AND ?2
             GROUP BY 1, 2, 3 ORDER BY 1 DESC, 4 DESC, 2, 3"
        );
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
    }

    /// Leads created in the months by source or campaign: (key, leads, converted, disqualified).
    #[allow(clippy::type_complexity)]
    pub(crate) fn lead_conversion_groups(
        &self,
        scope: &ListScope,
        by_campaign: bool,
        from: &str,
        to: &str,
        offset: i32,
    ) -> StorageResult<Vec<(Option<String>, i64, i64, i64)>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = scope.owner_sql("l.owner_id", &mut params);
        let key = if by_campaign { "l.campaign" } else { "l.source" };
        let month = local_month("l.created_at", offset);
        let sql = format!(
            "SELECT {key}, COUNT(*), SUM(l.status = 'converted'), SUM(l.status = 'disqualified')
             FROM leads l WHERE l.archived_at IS NULL AND {filter} AND {month} BETWEEN ?1 AND ?2
             GROUP BY 1 ORDER BY 2 DESC, 1"
        );
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
    }

    /// Live customers in scope counted by a column expression: (key, customers).
    pub(crate) fn customer_distribution(
        &self,
        scope: &ListScope,
        key_sql: &str,
    ) -> StorageResult<Vec<(Option<String>, i64)>> {
        let mut params = Vec::new();
        let filter = scope.owner_sql("c.owner_id", &mut params);
        let sql = format!(
            "SELECT {key_sql}, COUNT(*) FROM customers c WHERE c.archived_at IS NULL AND {filter} GROUP BY 1 ORDER BY 2 DESC, 1"
        );
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?)))
    }

    /// Customers at churn risk in scope, highest silence-to-interval ratio first:
    /// (id, code, name, owner, days since last order, mean interval).
    #[allow(clippy::type_complexity)]
    pub(crate) fn churn_list(
        &self,
        scope: &ListScope,
        limit: u32,
    ) -> StorageResult<Vec<(String, String, String, Option<String>, i64, f64)>> {
        let mut params = Vec::new();
        let filter = scope.owner_sql("c.owner_id", &mut params);
        params.push(i64::from(limit).into());
        let limit_at = params.len();
        // Recency: days from the last order to the segments' date.
        let recency = format!(
            "CAST(julianday((SELECT value FROM meta WHERE key = '{}')) - julianday(seg.last_order_date) AS INTEGER)",
            super::scoring::SEGMENTS_AS_OF
        );
        let sql = format!(
            "SELECT c.id, c.code, c.name, c.owner_id, {recency} AS recency_days, seg.mean_interval_days
             FROM customer_segments seg JOIN customers c ON c.id = seg.customer_id
             WHERE seg.churn_risk = 1 AND c.archived_at IS NULL AND {filter}
             ORDER BY recency_days / MAX(seg.mean_interval_days, 0.001) DESC, c.code LIMIT ?{limit_at}"
        );
        rows(self, &sql, params, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
    }
}
