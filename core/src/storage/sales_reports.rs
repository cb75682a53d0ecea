//! The sales reports' queries (SCORE-9): counting orders dated in a span, in the report scope through their customers, grouped by a customer's or an order's attribute, or by their lines' products and categories; and the orders' execution.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::db::Tx;
use super::error::StorageResult;
use super::scope::ListScope;
use crate::domain::entity::Entity;
use crate::domain::quantity::Quantity;
use crate::domain::sales_report::{ExecutionGroup, ExecutionGrouping, SalesGroup, SalesGrouping, SalesPeriod};

/// The statuses that count.
const COUNTING: &str = "('approved', 'partially_delivered', 'delivered', 'completed')";

/// The first level of a customer's region (`44` of `44/4403`).
const REGION: &str =
    "CASE WHEN instr(c.region, '/') > 0 THEN substr(c.region, 1, instr(c.region, '/') - 1) ELSE c.region END";

/// The counting orders (`o`) of customers (`c`) in `scope`, dated `?1..=?2`.
fn sales_filter(scope: &ListScope, params: &mut Vec<SqlValue>) -> String {
    let scope = scope.filter(Entity::Customer, "c", params);
    format!("o.status IN {COUNTING} AND o.order_date BETWEEN ?1 AND ?2 AND {scope}")
}

/// The key, name and joins of a grouping by a customer's or an order's attribute.
fn order_key(by: SalesGrouping) -> (&'static str, &'static str, &'static str) {
    match by {
        SalesGrouping::Region => (REGION, "NULL", ""),
        SalesGrouping::Owner => ("c.owner_id", "u.name", "LEFT JOIN users u ON u.id = c.owner_id"),
        SalesGrouping::Department => (
            "u.department_id",
            "d.name",
            "LEFT JOIN users u ON u.id = c.owner_id LEFT JOIN departments d ON d.id = u.department_id",
        ),
        SalesGrouping::Customer => ("c.id", "c.name", ""),
        SalesGrouping::ChannelPartner => ("o.channel_partner", "NULL", ""),
        SalesGrouping::Period | SalesGrouping::Product | SalesGrouping::Category => ("NULL", "NULL", ""),
    }
}

impl Tx<'_> {
    /// SCORE-9: the sales of the counting orders dated `from..=to` (`YYYY-MM-DD`), grouped, largest first;
    /// `limit` groups, and the totals of every sale.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sales_groups(
        &self,
        scope: &ListScope,
        by: SalesGrouping,
        period: Option<SalesPeriod>,
        from: &str,
        to: &str,
        limit: u32,
    ) -> StorageResult<(Vec<SalesGroup>, i64, i64)> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = sales_filter(scope, &mut params);
        let period_sql = period.map_or_else(|| "NULL".to_string(), |p| p.sql("o.order_date"));
        params.push(i64::from(limit).into());
        let limit_at = params.len();
        let sql = match by {
            SalesGrouping::Product | SalesGrouping::Category => {
                let (key, name) =
                    if by == SalesGrouping::Product { ("l.product_id", "pr.name") } else { ("pr.category", "NULL") };
                // A line's share of its order's base amount, less what credit returns took back.
                format!(
                    "SELECT * FROM (
                       SELECT {key} AS k, {name} AS n, {period_sql} AS p, COUNT(DISTINCT o.id) AS orders,
                              SUM(l.quantity_milli - l.returned_milli) AS q,
                              SUM(CAST(ROUND(1.0 * l.gross * (l.quantity_milli - l.returned_milli) / l.quantity_milli
                                             * o.amount_base / NULLIF(o.amount, 0)) AS INTEGER)) AS amount
                         FROM orders o JOIN customers c ON c.id = o.customer_id
                         JOIN order_lines l ON l.order_id = o.id JOIN products pr ON pr.id = l.product_id
                        WHERE {filter} GROUP BY k, p
                       UNION ALL
                       SELECT NULL, NULL, {period_sql}, COUNT(*), NULL, SUM(o.amount_base - o.returned_base)
                         FROM orders o JOIN customers c ON c.id = o.customer_id
                        WHERE {filter} AND NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)
                        GROUP BY 3 HAVING COUNT(*) > 0)
                     ORDER BY amount DESC, k, p LIMIT ?{limit_at}"
                )
            }
            _ => {
                let (key, name, join) = order_key(by);
                let key = if by == SalesGrouping::Period { "NULL" } else { key };
                format!(
                    "SELECT {key} AS k, {name} AS n, {period_sql} AS p, COUNT(*), NULL,
                            SUM(o.amount_base - o.returned_base) AS amount
                       FROM orders o JOIN customers c ON c.id = o.customer_id {join}
                      WHERE {filter} GROUP BY k, p ORDER BY amount DESC, k, p LIMIT ?{limit_at}"
                )
            }
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let groups = stmt
            .query_map(params_from_iter(params.clone()), |r| {
                let milli: Option<i64> = r.get(4)?;
                Ok(SalesGroup {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    period: r.get(2)?,
                    orders: r.get(3)?,
                    quantity: if by == SalesGrouping::Product { milli.and_then(Quantity::from_milli) } else { None },
                    amount: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        params.truncate(limit_at - 1);
        let totals = format!(
            "SELECT COUNT(*), COALESCE(SUM(o.amount_base - o.returned_base), 0)
               FROM orders o JOIN customers c ON c.id = o.customer_id WHERE {filter}"
        );
        let (orders, amount) =
            self.conn.prepare(&totals)?.query_row(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((groups, orders, amount))
    }

    /// SCORE-9: ordered, delivered, invoiced and received on the counting orders dated `from..=to`, grouped,
    /// largest first.
    pub(crate) fn execution_groups(
        &self,
        scope: &ListScope,
        by: ExecutionGrouping,
        from: &str,
        to: &str,
        limit: u32,
    ) -> StorageResult<Vec<ExecutionGroup>> {
        let mut params: Vec<SqlValue> = vec![from.to_string().into(), to.to_string().into()];
        let filter = sales_filter(scope, &mut params);
        let month = SalesPeriod::Month.sql("o.order_date");
        let (key, name, join) = match by {
            ExecutionGrouping::Owner => order_key(SalesGrouping::Owner),
            ExecutionGrouping::Department => order_key(SalesGrouping::Department),
            ExecutionGrouping::Customer => order_key(SalesGrouping::Customer),
            ExecutionGrouping::Month => (month.as_str(), "NULL", ""),
        };
        params.push(i64::from(limit).into());
        let sql = format!(
            "SELECT {key} AS k, {name}, COUNT(*), SUM(o.amount_base - o.returned_base) AS ordered,
                    SUM(CAST(ROUND(1.0 * o.delivered_amount * o.amount_base / NULLIF(o.amount, 0)) AS INTEGER)),
                    SUM(CAST(ROUND(1.0 * (SELECT COALESCE(SUM(i.issued_amount), 0) FROM invoices i
                                           WHERE i.order_id = o.id AND i.status = 'issued')
                                   * o.amount_base / NULLIF(o.amount, 0)) AS INTEGER)),
                    SUM((SELECT COALESCE(SUM(r.amount_base - r.outstanding_base), 0) FROM receivables r
                          WHERE r.order_id = o.id AND r.closed_at IS NULL))
               FROM orders o JOIN customers c ON c.id = o.customer_id {join}
              WHERE {filter} GROUP BY k ORDER BY ordered DESC, k LIMIT ?{}",
            params.len()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| {
            let n = |i: usize| -> rusqlite::Result<i64> { Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0)) };
            Ok(ExecutionGroup {
                key: r.get(0)?,
                name: r.get(1)?,
                orders: r.get(2)?,
                ordered: n(3)?,
                delivered: n(4)?,
                invoiced: n(5)?,
                received: Some(n(6)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
