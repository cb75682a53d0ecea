//! The sales reports' kept figures (SCORE-9): per month, customer owner and product or category, what the counting orders sold, moved in the transaction of every write that changes them and built once for files without them.
//!
//! `sales_facts` always equals [`contribution`] over every counting order: a write that changes an
//! order's figures subtracts what it contributed before and adds what it contributes after (computed
//! here from the order, the same way the SQL does), and a customer given to another owner moves its
//! orders by that SQL, in the same transaction, so the kept rows never drift from the documents. Rows
//! whose orders all went stay as zeros; readers skip them.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};

use super::db::Tx;
use super::error::StorageResult;
use super::sales::COUNTING;
use crate::domain::sales::Order;

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

/// Adds figures to one kept row.
const UPSERT: &str = "INSERT INTO sales_facts (dim, month, owner_id, key, orders, quantity_milli, amount)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
     ON CONFLICT (dim, month, owner_id, key) DO UPDATE SET
       orders = orders + excluded.orders,
       quantity_milli = quantity_milli + excluded.quantity_milli,
       amount = amount + excluded.amount";

/// The categories an order's lines recorded, by line number.
type LineCategories = BTreeMap<u32, Option<String>>;

/// A kept row's key: dim, month, owner, product or category.
type FactKey = (&'static str, String, String, String);

/// Figures of kept rows: orders, quantity (milli), amount.
type Deltas = BTreeMap<FactKey, (i64, i64, i64)>;

/// SQLite's `CAST(ROUND(x) AS INTEGER)`: half away from zero, by the same arithmetic as its `round`.
fn sqlite_round(r: f64) -> i64 {
    if r.abs() > 4_503_599_627_370_496.0 { r as i64 } else { (r + if r < 0.0 { -0.5 } else { 0.5 }) as i64 }
}

/// A line's share of its order's base amount ([`LINE_BASE_AMOUNT`], evaluated the same way; `None` where
/// SQL answers NULL).
fn line_base_amount(gross: i64, quantity: i64, returned: i64, amount_base: i64, amount: i64) -> Option<i64> {
    if quantity == 0 || amount == 0 {
        return None;
    }
    let share =
        1.0 * gross as f64 * (quantity - returned) as f64 / quantity as f64 * amount_base as f64 / amount as f64;
    Some(sqlite_round(share))
}

/// Adds `sign` times what an order contributes (the rows [`contribution`] gives for it) to `deltas`:
/// `categories` are its lines' recorded categories by line number; `owner` its customer's owner (`''`: none).
fn add_contribution(deltas: &mut Deltas, o: &Order, categories: &LineCategories, owner: &str, sign: i64) {
    if !o.status.counts() {
        return;
    }
    let month = o.order_date.format("%Y-%m").to_string();
    let mut rows: Deltas = BTreeMap::new();
    let sold = o.amount_base - o.returned_base;
    rows.insert(("o", month.clone(), owner.to_string(), String::new()), (1, 0, sold));
    if o.lines.is_empty() {
        for dim in ["p", "c"] {
            rows.insert((dim, month.clone(), owner.to_string(), String::new()), (1, 0, sold));
        }
    }
    for l in &o.lines {
        let category = categories.get(&l.line.line_no).cloned().flatten();
        let (quantity, returned) = (l.line.quantity.milli(), l.returned.milli());
        let amount = line_base_amount(l.line.gross, quantity, returned, o.amount_base, o.amount).unwrap_or(0);
        for (dim, key) in [("p", l.line.product_id.clone()), ("c", category.clone().unwrap_or_default())] {
            let row = rows.entry((dim, month.clone(), owner.to_string(), key)).or_insert((1, 0, 0));
            row.1 += quantity - returned;
            row.2 += amount;
        }
    }
    for ((dim, month, owner, key), (n, q, a)) in rows {
        for who in [owner, EVERY_OWNER.to_string()] {
            let d = deltas.entry((dim, month.clone(), who, key.clone())).or_insert((0, 0, 0));
            d.0 += sign * n;
            d.1 += sign * q;
            d.2 += sign * a;
        }
    }
}

/// Whether saving `after` over `before` (`None`: a new order) can move the kept rows.
pub(super) fn order_moves_sales(before: Option<&Order>, after: &Order) -> bool {
    let Some(b) = before else { return after.status.counts() };
    if !b.status.counts() && !after.status.counts() {
        return false;
    }
    // Any line written again counts: it records its product's category anew.
    fn sold(o: &Order) -> impl PartialEq + '_ {
        let lines: Vec<_> = o.lines.iter().map(|l| (&l.line, l.returned)).collect();
        let month = o.order_date.format("%Y-%m").to_string();
        (o.status.counts(), month, &o.customer_id, o.amount, o.amount_base, o.returned_base, lines)
    }
    sold(b) != sold(after)
}

/// What the tables held for an order before a write: its lines' categories and its customer's owner.
pub(super) struct SoldBefore {
    categories: LineCategories,
    owner: String,
}

impl Tx<'_> {
    fn customer_owner_key(&self, customer_id: &str) -> StorageResult<String> {
        let owner: Option<Option<String>> = self
            .conn
            .prepare_cached("SELECT owner_id FROM customers WHERE id = ?1")?
            .query_row([customer_id], |r| r.get(0))
            .optional()?;
        Ok(owner.flatten().unwrap_or_default())
    }

    fn line_categories(&self, order_id: &str) -> StorageResult<LineCategories> {
        let mut stmt = self.conn.prepare_cached("SELECT line_no, category FROM order_lines WHERE order_id = ?1")?;
        let rows = stmt.query_map([order_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Reads what an order's kept rows depend on before a write replaces it.
    pub(super) fn sold_before(&self, before: &Order) -> StorageResult<SoldBefore> {
        let categories = if before.status.counts() { self.line_categories(&before.id)? } else { LineCategories::new() };
        Ok(SoldBefore { categories, owner: self.customer_owner_key(&before.customer_id)? })
    }

    /// Moves the kept rows from what `before` contributed (with what the tables held then) to what the
    /// order as written now contributes: one upsert per row whose figures change.
    pub(super) fn move_order_sales(&self, before: Option<(&Order, &SoldBefore)>, after: &Order) -> StorageResult<()> {
        let mut deltas = Deltas::new();
        if let Some((b, held)) = before {
            add_contribution(&mut deltas, b, &held.categories, &held.owner, -1);
        }
        if after.status.counts() {
            // Lines written again record their products' categories anew; others keep theirs.
            let kept = before.filter(|(b, _)| {
                b.status.counts()
                    && b.lines.len() == after.lines.len()
                    && b.lines.iter().zip(&after.lines).all(|(x, y)| x.line == y.line)
            });
            let read;
            let categories = match kept {
                Some((_, held)) => &held.categories,
                None => {
                    read = self.line_categories(&after.id)?;
                    &read
                }
            };
            let owner = match before {
                Some((b, held)) if b.customer_id == after.customer_id => held.owner.clone(),
                _ => self.customer_owner_key(&after.customer_id)?,
            };
            add_contribution(&mut deltas, after, categories, &owner, 1);
        }
        let mut upsert = self.conn.prepare_cached(UPSERT)?;
        for ((dim, month, owner, key), (n, q, a)) in deltas {
            if (n, q, a) != (0, 0, 0) {
                upsert.execute(params![dim, month, owner, key, n, q, a])?;
            }
        }
        Ok(())
    }

    /// Moves the kept rows of a customer's orders from its owner as stored to `new_owner` (`''`: none),
    /// the rows of every owner staying as they are: the customer's contribution is grouped once and
    /// applied under both owners. Called before the customer row is written.
    pub(super) fn move_customer_sales(&self, customer_id: &str, new_owner: &str) -> StorageResult<()> {
        let rows: Vec<(String, String, String, String, i64, i64, i64)> = self
            .conn
            .prepare_cached(&contribution("o.customer_id = ?1", false))?
            .query_map([customer_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
            })?
            .collect::<Result<_, _>>()?;
        let mut upsert = self.conn.prepare_cached(UPSERT)?;
        for (dim, month, owner, key, n, q, a) in rows {
            upsert.execute(params![dim, month, owner, key, -n, -q, -a])?;
            upsert.execute(params![dim, month, new_owner, key, n, q, a])?;
        }
        Ok(())
    }

    /// Builds the kept rows from every order once, for a file without them (meta `sales_facts_built`
    /// absent: a file from before v12, or one whose documents a bulk load wrote around the engine and
    /// which then deleted that key).
    pub(crate) fn build_sales_facts_once(&self) -> StorageResult<()> {
        if self.meta_get(BUILT_KEY)?.is_some() {
            return Ok(());
        }
        self.conn.execute("DELETE FROM sales_facts", [])?;
        let sql = format!(
            "INSERT INTO sales_facts (dim, month, owner_id, key, orders, quantity_milli, amount)
             SELECT dim, month, owner_id, key, n, q, a FROM ({})",
            contribution("1", true)
        );
        self.conn.execute(&sql, [])?;
        self.meta_set(BUILT_KEY, "1")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_9_a_lines_share_computed_here_equals_sqlites() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql = LINE_BASE_AMOUNT
            .replace("l.gross", "?1")
            .replace("l.quantity_milli", "?2")
            .replace("l.returned_milli", "?3")
            .replace("o.amount_base", "?4")
            .replace("o.amount", "?5");
        let mut stmt = conn.prepare(&format!("SELECT {sql}")).unwrap();
        let mut seed = 0x5EED_u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for i in 0..5_000 {
            let quantity = 1 + next(50_000) as i64;
            let returned = next(quantity as u64 + 1) as i64;
            let gross = next(10_000_000) as i64 - if i % 7 == 0 { 5_000_000 } else { 0 };
            let amount = next(50_000_000) as i64;
            let amount_base = next(400_000_000) as i64;
            let sqlite: Option<i64> =
                stmt.query_row(params![gross, quantity, returned, amount_base, amount], |r| r.get(0)).unwrap();
            assert_eq!(line_base_amount(gross, quantity, returned, amount_base, amount), sqlite);
        }
        assert_eq!((sqlite_round(2.5), sqlite_round(-2.5), sqlite_round(0.49999999999999994)), (3, -3, 1));
    }
}
