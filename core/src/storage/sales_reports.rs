//! The sales reports' queries (SCORE-9): counting orders dated in a span, in the report scope through their customers, grouped by a customer's or an order's attribute, or by their lines' products and categories; and the orders' execution.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::db::Tx;
use super::error::StorageResult;
use super::sales::COUNTING;
use super::sales_facts::EVERY_OWNER;
use super::scope::ListScope;
use crate::domain::entity::Entity;
use crate::domain::quantity::Quantity;
use crate::domain::sales_report::{ExecutionGroup, ExecutionGrouping, SalesGroup, SalesGrouping, SalesPeriod};

/// The first level of a customer's region (`44` of `44/4403`).
const REGION: &str =
    "CASE WHEN instr(c.region, '/') > 0 THEN substr(c.region, 1, instr(c.region, '/') - 1) ELSE c.region END";

/// The counting orders (`o`) of customers (`c`) in `scope`, dated in the months `from..=to` (`YYYY-MM`),
/// which become `?1` and `?2` of `params` (empty when called).
fn sales_filter(scope: &ListScope, from: &str, to: &str, params: &mut Vec<SqlValue>) -> String {
    debug_assert!(params.is_empty(), "the months are ?1 and ?2");
    params.extend([format!("{from}-01").into(), format!("{to}-31").into()]);
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
    /// SCORE-9: the sales of the counting orders dated in the months `from..=to` (`YYYY-MM`), grouped,
    /// largest first; `limit` groups, and the totals of every sale. Products, categories, owners,
    /// departments, periods and the totals read the kept figures (`sales_facts`); regions, customers and
    /// channel partners the orders.
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
        // The kept rows in the months and the scope: a report on the whole company reads the rows summed
        // over every owner, unless it groups by owner.
        let rows = |per_owner: bool, params: &mut Vec<SqlValue>| {
            debug_assert!(params.is_empty(), "the months are ?1 and ?2");
            params.extend([from.to_string().into(), to.to_string().into()]);
            let owners = if per_owner {
                format!("f.owner_id <> '{EVERY_OWNER}' AND {}", scope.owner_filter(Entity::Customer, "f", params))
            } else if scope.reads_everything(Entity::Customer) {
                format!("f.owner_id = '{EVERY_OWNER}'")
            } else {
                scope.owner_filter(Entity::Customer, "f", params)
            };
            format!("f.month BETWEEN ?1 AND ?2 AND {owners}")
        };
        let mut params: Vec<SqlValue> = Vec::new();
        let totals = format!(
            "SELECT COALESCE(SUM(f.orders), 0), COALESCE(SUM(f.amount), 0) FROM sales_facts f
              WHERE f.dim = 'o' AND {}",
            rows(false, &mut params)
        );
        let (orders, amount) =
            self.conn.prepare(&totals)?.query_row(params_from_iter(params), |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut params: Vec<SqlValue> = Vec::new();
        let sql = match by {
            SalesGrouping::Region | SalesGrouping::Customer | SalesGrouping::ChannelPartner => {
                let filter = sales_filter(scope, from, to, &mut params);
                params.push(i64::from(limit).into());
                let period_sql = period.map_or_else(|| "NULL".to_string(), |p| p.sql("o.order_date"));
                let (key, name, join) = order_key(by);
                let sql = format!(
                    "SELECT {key} AS k, {name} AS n, {period_sql} AS p, COUNT(*), NULL,
                            SUM(o.amount_base - o.returned_base) AS amount
                       FROM orders o JOIN customers c ON c.id = o.customer_id {join}
                      WHERE {filter} GROUP BY k, p ORDER BY amount DESC, k, p LIMIT ?{}",
                    params.len()
                );
                sql
            }
            _ => {
                let per_owner = matches!(by, SalesGrouping::Owner | SalesGrouping::Department);
                let facts = rows(per_owner, &mut params);
                params.push(i64::from(limit).into());
                let limit_at = params.len();
                // The names are looked up for the groups kept, not for every row summed.
                let (dim, key, name, join) = match by {
                    SalesGrouping::Product => {
                        ("p", "NULLIF(f.key, '')", "(SELECT pr.name FROM products pr WHERE pr.id = k)", "")
                    }
                    SalesGrouping::Category => ("c", "NULLIF(f.key, '')", "NULL", ""),
                    SalesGrouping::Owner => {
                        ("o", "NULLIF(f.owner_id, '')", "(SELECT u.name FROM users u WHERE u.id = k)", "")
                    }
                    SalesGrouping::Department => (
                        "o",
                        "u.department_id",
                        "(SELECT d.name FROM departments d WHERE d.id = k)",
                        "LEFT JOIN users u ON u.id = f.owner_id",
                    ),
                    _ => ("o", "NULL", "NULL", ""),
                };
                let period_sql = period.map_or_else(|| "NULL".to_string(), |p| p.sql("f.month"));
                format!(
                    "SELECT k, {name}, p, orders, q, amount FROM (
                       SELECT {key} AS k, {period_sql} AS p, SUM(f.orders) AS orders, SUM(f.quantity_milli) AS q,
                              SUM(f.amount) AS amount
                         FROM sales_facts f {join} WHERE f.dim = '{dim}' AND {facts}
                        GROUP BY k, p HAVING SUM(f.orders) > 0 ORDER BY amount DESC, k, p LIMIT ?{limit_at})
                     ORDER BY amount DESC, k, p"
                )
            }
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let groups = stmt
            .query_map(params_from_iter(params), |r| {
                let key: Option<String> = r.get(0)?;
                let milli: Option<i64> = r.get(4)?;
                let quantity = match (by, &key) {
                    (SalesGrouping::Product, Some(_)) => milli.and_then(Quantity::from_milli),
                    _ => None,
                };
                Ok(SalesGroup {
                    key,
                    name: r.get(1)?,
                    period: r.get(2)?,
                    orders: r.get(3)?,
                    quantity,
                    amount: r.get::<_, Option<i64>>(5)?.unwrap_or(0),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((groups, orders, amount))
    }

    /// SCORE-9: ordered, delivered, invoiced and received on the counting orders dated in the months `from..=to`,
    /// grouped, largest first.
    pub(crate) fn execution_groups(
        &self,
        scope: &ListScope,
        by: ExecutionGrouping,
        from: &str,
        to: &str,
        limit: u32,
    ) -> StorageResult<Vec<ExecutionGroup>> {
        let mut params: Vec<SqlValue> = Vec::new();
        let filter = sales_filter(scope, from, to, &mut params);
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
