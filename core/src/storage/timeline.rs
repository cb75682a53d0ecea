//! The customer timeline's query (CUS-5): one branch per kind that declares itself on the timeline, each its newest rows of the customer through its own index, merged newest first.

use chrono::NaiveDate;
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::db::Tx;
use super::error::StorageResult;
use super::scope::ListScope;
use crate::domain::calendar;
use crate::domain::entity::{Entity, Scoping};
use crate::domain::timeline::{TimelineCursor, TimelineEntry};

impl Tx<'_> {
    /// A page of `limit + 1` entries of `customer_id`'s timeline of `kinds`, newest first, after `after`.
    /// Records a kind reaches through its customer are all the customer's readers'; owned kinds (deals,
    /// activities) are filtered by `scope`.
    pub(crate) fn customer_timeline(
        &self,
        customer_id: &str,
        kinds: &[Entity],
        today: NaiveDate,
        after: Option<&TimelineCursor>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<TimelineEntry>> {
        let mut p: Vec<SqlValue> = vec![customer_id.to_string().into(), calendar::format_date(today).into()];
        let take = i64::from(limit) + 1;
        p.push(take.into());
        let mut branches = Vec::new();
        for &kind in kinds {
            let decl = kind.declaration();
            let Some(t) = decl.timeline else { continue };
            let (join, customer) = match (decl.customer_column, decl.scoping) {
                (Some(c), _) => (String::new(), format!("t.{c}")),
                (None, Scoping::WithParent { parent, column }) => {
                    let pd = parent.declaration();
                    let Some(pc) = pd.customer_column else { continue };
                    (format!("JOIN {} p ON p.id = t.{column}", pd.table), format!("p.{pc}"))
                }
                _ => continue,
            };
            let status = match (t.status, t.expiry) {
                (Some(s), Some((live, date))) => {
                    format!("CASE WHEN {s} = '{live}' AND t.{date} < ?2 THEN 'expired' ELSE {s} END")
                }
                (Some(s), None) => s.to_string(),
                (None, _) => "NULL".to_string(),
            };
            // A date takes the time of day its record was written: one text orders every kind.
            let (at, order) = if t.dated {
                (
                    format!("{} || substr(t.created_at, 11)", t.time),
                    format!("{} DESC, substr(t.created_at, 11) DESC", t.time),
                )
            } else {
                (t.time.to_string(), format!("{} DESC", t.time))
            };
            let mut conds = vec![format!("{customer} = ?1")];
            if matches!(decl.scoping, Scoping::Owned { .. }) {
                conds.push(scope.filter(kind, "t", &mut p));
            }
            if let Some(c) = after {
                p.push(c.at.clone().into());
                let cursor_at = p.len();
                p.push(c.kind.clone().into());
                p.push(c.id.clone().into());
                let name = decl.name;
                conds.push(format!(
                    "({time} < ?{c} OR ({time} = ?{c} AND ('{name}' < ?{k} OR ('{name}' = ?{k} AND t.id < ?{i}))))",
                    time = at,
                    c = cursor_at,
                    k = cursor_at + 1,
                    i = cursor_at + 2
                ));
                if t.dated {
                    // The date column's own range, so its index starts at the cursor.
                    conds.push(format!("{} <= substr(?{cursor_at}, 1, 10)", t.time));
                }
            }
            branches.push(format!(
                "SELECT * FROM (SELECT '{name}' AS kind, t.id AS id, {time} AS at, {title} AS title, {status} AS status,
                        {amount} AS amount, {currency} AS currency
                   FROM {table} t {join} WHERE {conds} ORDER BY {order}, t.id DESC LIMIT ?3)",
                name = decl.name,
                time = at,
                title = t.title,
                amount = t.amount.unwrap_or("NULL"),
                currency = t.currency.unwrap_or("NULL"),
                table = decl.table,
                conds = conds.join(" AND "),
            ));
        }
        if branches.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("{} ORDER BY at DESC, kind DESC, id DESC LIMIT ?3", branches.join(" UNION ALL "));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(p), |r| {
            Ok(TimelineEntry {
                kind: r.get(0)?,
                id: r.get(1)?,
                at: r.get(2)?,
                title: r.get(3)?,
                status: r.get(4)?,
                amount: r.get(5)?,
                currency: r.get(6)?,
                withheld: Vec::new(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
