//! The sales reports' kept figures (SCORE-9): per month, customer owner and product or category, what the counting orders sold, moved in the transaction of every write that changes them and built once for files without them.
//!
//! `sales_facts` always equals [`contribution`] over every counting order: a write that changes an
//! order's figures (or its customer's owner) subtracts what the rows held before it and adds what they
//! hold after, both read from the tables in the same transaction, so the kept rows never drift from
//! the documents. Rows whose orders all went stay as zeros; readers skip them.

use rusqlite::params;

use super::db::Tx;
use super::error::StorageResult;
use crate::domain::sales::Order;

/// The order statuses that count as sales (`OrderStatus::counts`).
pub(super) const COUNTING: &str = "('approved', 'partially_delivered', 'delivered', 'completed')";

/// A line's (`l`) share of its order's (`o`) base amount, less what credit returns took back.
pub(super) const LINE_BASE_AMOUNT: &str = "CAST(ROUND(1.0 * l.gross * (l.quantity_milli - l.returned_milli) \
     / l.quantity_milli * o.amount_base / NULLIF(o.amount, 0)) AS INTEGER)";

const BUILT_KEY: &str = "sales_facts_built";

/// The owner of the rows that sum every owner's: what a report on the whole company reads.
pub(super) const EVERY_OWNER: &str = "*";

/// The kept rows of the counting orders (`o`, their customers `c`) that `orders_where` selects, as
/// `(dim, month, owner_id, key, n, q, a)`: `o` one row per month and owner; `p` and `c` per product and
/// per category too (an order without lines under the key `''`); and, with `every_owner`, each of these
/// summed over the owners under [`EVERY_OWNER`].
fn contribution(orders_where: &str, every_owner: bool) -> String {
    let head = "FROM orders o JOIN customers c ON c.id = o.customer_id";
    let scope = format!("o.status IN {COUNTING} AND {orders_where}");
    let month = "substr(o.order_date, 1, 7)";
    let owner = "COALESCE(c.owner_id, '')";
    // One row per order and product or category: an order counts once under each key it sold.
    let per_order = |key: &str| {
        format!(
            "SELECT {month} AS month, {owner} AS owner_id, {key} AS key, o.id AS order_id,
                    SUM(l.quantity_milli - l.returned_milli) AS q, SUM({LINE_BASE_AMOUNT}) AS a
               {head} JOIN order_lines l ON l.order_id = o.id WHERE {scope} GROUP BY o.id, 3"
        )
    };
    let product = per_order("l.product_id");
    let category = per_order("COALESCE(l.category, '')");
    let per_owner = format!(
        "SELECT dim, month, owner_id, key, SUM(n) AS n, COALESCE(SUM(q), 0) AS q, COALESCE(SUM(a), 0) AS a FROM (
           SELECT 'o' AS dim, {month} AS month, {owner} AS owner_id, '' AS key, COUNT(*) AS n, 0 AS q,
                  SUM(o.amount_base - o.returned_base) AS a
             {head} WHERE {scope} GROUP BY 2, 3
           UNION ALL
           SELECT 'p', month, owner_id, key, COUNT(*), SUM(q), SUM(a) FROM ({product}) GROUP BY 2, 3, 4
           UNION ALL
           SELECT 'c', month, owner_id, key, COUNT(*), SUM(q), SUM(a) FROM ({category}) GROUP BY 2, 3, 4
           UNION ALL
           SELECT d.dim, {month}, {owner}, '', COUNT(*), 0, SUM(o.amount_base - o.returned_base)
             {head} JOIN (SELECT 'p' AS dim UNION ALL SELECT 'c') d
            WHERE {scope} AND NOT EXISTS (SELECT 1 FROM order_lines x WHERE x.order_id = o.id)
            GROUP BY 1, 2, 3)
         GROUP BY dim, month, owner_id, key"
    );
    if !every_owner {
        return per_owner;
    }
    format!(
        "WITH g AS MATERIALIZED ({per_owner})
         SELECT dim, month, owner_id, key, n, q, a FROM g
         UNION ALL
         SELECT dim, month, '{EVERY_OWNER}', key, SUM(n), SUM(q), SUM(a) FROM g GROUP BY dim, month, key"
    )
}

/// Adds `?2` times the contribution of the orders `orders_where` selects (by `?1`) to the kept rows.
fn add_sql(orders_where: &str, every_owner: bool) -> String {
    format!(
        "INSERT INTO sales_facts (dim, month, owner_id, key, orders, quantity_milli, amount)
         SELECT dim, month, owner_id, key, ?2 * n, ?2 * q, ?2 * a FROM ({}) WHERE 1
         ON CONFLICT (dim, month, owner_id, key) DO UPDATE SET
           orders = orders + excluded.orders,
           quantity_milli = quantity_milli + excluded.quantity_milli,
           amount = amount + excluded.amount",
        contribution(orders_where, every_owner)
    )
}

/// Whether saving `after` over `before` (`None`: a new order) can move the kept rows.
pub(super) fn order_moves_sales(before: Option<&Order>, after: &Order) -> bool {
    let Some(b) = before else { return after.status.counts() };
    if !b.status.counts() && !after.status.counts() {
        return false;
    }
    fn sold(o: &Order) -> impl PartialEq + '_ {
        let lines: Vec<_> =
            o.lines.iter().map(|l| (&l.line.product_id, l.line.quantity, l.line.gross, l.returned)).collect();
        let month = o.order_date.format("%Y-%m").to_string();
        (o.status.counts(), month, &o.customer_id, o.amount, o.amount_base, o.returned_base, lines)
    }
    sold(b) != sold(after)
}

impl Tx<'_> {
    /// Adds `sign` (1 or -1) times an order's contribution to the kept rows, as the tables hold it now.
    pub(super) fn add_order_sales(&self, order_id: &str, sign: i64) -> StorageResult<()> {
        self.conn.prepare_cached(&add_sql("o.id = ?1", true))?.execute(params![order_id, sign])?;
        Ok(())
    }

    /// Adds `sign` times the contribution of every order of a customer to its owner's rows (its owner
    /// changes between the two; the rows of every owner stay as they are).
    pub(super) fn add_customer_sales(&self, customer_id: &str, sign: i64) -> StorageResult<()> {
        self.conn.prepare_cached(&add_sql("o.customer_id = ?1", false))?.execute(params![customer_id, sign])?;
        Ok(())
    }

    /// Builds the kept rows from every order once, for a file without them (or whose documents were
    /// loaded around the engine, which then clears the meta key). Answers whether it built them.
    pub(crate) fn build_sales_facts_once(&self) -> StorageResult<bool> {
        if self.meta_get(BUILT_KEY)?.is_some() {
            return Ok(false);
        }
        self.conn.execute("DELETE FROM sales_facts", [])?;
        let sql = format!(
            "INSERT INTO sales_facts (dim, month, owner_id, key, orders, quantity_milli, amount)
             SELECT dim, month, owner_id, key, n, q, a FROM ({})",
            contribution("1", true)
        );
        self.conn.execute(&sql, [])?;
        self.meta_set(BUILT_KEY, "1")?;
        Ok(true)
    }
}
