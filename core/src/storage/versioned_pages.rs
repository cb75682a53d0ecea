//! Pages of versioned sales documents on customers in scope (quotes, DOC-2; contracts, DOC-3): one query builder for their filters, status as of today, versions, archive and cursor.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::Value as SqlValue;

use super::row;
use super::scope::ListScope;
use crate::domain::calendar;
use crate::domain::entity::Entity;

/// How a kind of versioned document is stored: its `SELECT ... FROM table alias`, the alias, the stored
/// status of a live document, and the date past which a live one reads as `expired`.
pub(super) struct VersionedTable {
    pub select: &'static str,
    pub alias: &'static str,
    pub live_status: &'static str,
    pub expiry_column: &'static str,
}

/// Which versions a page holds.
pub(crate) struct VersionedFilter<'a> {
    /// Columns that must equal a value (`customer_id`, `opportunity_id`).
    pub equal: Vec<(&'static str, &'a str)>,
    /// A status as shown: a stored one, or `expired` (live and past its date), or the live status
    /// (live and not yet past it).
    pub status: Option<&'static str>,
    pub today: NaiveDate,
    pub include_superseded: bool,
    pub include_archived: bool,
    /// The last row of the previous page: (created_at, id), newest first.
    pub after: Option<(DateTime<Utc>, String)>,
}

/// The SQL and parameters of a page of `limit + 1` rows, newest first, joined to the customer (`c`) the
/// scope filters on.
pub(super) fn page_query(
    table: &VersionedTable,
    filter: &VersionedFilter<'_>,
    limit: u32,
    scope: &ListScope,
) -> (String, Vec<SqlValue>) {
    let a = table.alias;
    let mut p: Vec<SqlValue> = Vec::new();
    let mut conds = vec![scope.filter(Entity::Customer, "c", &mut p)];
    let bind = |p: &mut Vec<SqlValue>, v: SqlValue| {
        p.push(v);
        format!("?{}", p.len())
    };
    for (column, value) in &filter.equal {
        conds.push(format!("{a}.{column} = {}", bind(&mut p, value.to_string().into())));
    }
    let today = calendar::format_date(filter.today);
    let (live, expiry) = (table.live_status, table.expiry_column);
    match filter.status {
        Some(s) if s == live => {
            conds.push(format!("{a}.status = '{live}' AND {a}.{expiry} >= {}", bind(&mut p, today.into())));
        }
        Some("expired") => {
            conds.push(format!("{a}.status = '{live}' AND {a}.{expiry} < {}", bind(&mut p, today.into())));
        }
        Some(s) => conds.push(format!("{a}.status = {}", bind(&mut p, s.to_string().into()))),
        None if !filter.include_superseded => conds.push(format!("{a}.status <> 'superseded'")),
        None => {}
    }
    if !filter.include_archived {
        conds.push(format!("{a}.archived_at IS NULL"));
    }
    if let Some((at, id)) = &filter.after {
        let at = bind(&mut p, row::instant(*at).into());
        let id = bind(&mut p, id.clone().into());
        conds.push(format!("({a}.created_at < {at} OR ({a}.created_at = {at} AND {a}.id < {id}))"));
    }
    let limit = bind(&mut p, (i64::from(limit) + 1).into());
    let sql = format!(
        "{} JOIN customers c ON c.id = {a}.customer_id WHERE {} ORDER BY {a}.created_at DESC, {a}.id DESC LIMIT {limit}",
        table.select,
        conds.join(" AND ")
    );
    (sql, p)
}
