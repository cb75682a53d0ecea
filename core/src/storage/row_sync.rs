//! Merging freshly computed per-customer rows into a stored table, range by range, writing only what changed.

use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;

/// Rows merged per read of the stored rows.
const RANGE: usize = 4096;

/// Makes the rows of one table (keyed by `customer_id`, under one parent key when given) equal the rows
/// pushed into it, in customer id order: equal stored rows are left alone, changed ones rewritten,
/// missing ones inserted, and stored rows of customers never pushed deleted. Holds one range at a time.
pub(crate) struct RowSync<'t> {
    tx: &'t Tx<'t>,
    table: &'static str,
    parent: Option<(&'static str, String)>,
    columns: &'static [&'static str],
    batch: Vec<(String, Vec<SqlValue>)>,
    /// The last customer id of the ranges already merged ("" before the first).
    after: String,
    written: usize,
}

impl<'t> RowSync<'t> {
    pub(crate) fn new(
        tx: &'t Tx<'t>,
        table: &'static str,
        parent: Option<(&'static str, String)>,
        columns: &'static [&'static str],
    ) -> Self {
        RowSync { tx, table, parent, columns, batch: Vec::with_capacity(RANGE), after: String::new(), written: 0 }
    }

    /// The next row (customer ids must come in increasing order).
    pub(crate) fn push(&mut self, customer_id: &str, fields: Vec<SqlValue>) -> StorageResult<()> {
        self.batch.push((customer_id.to_string(), fields));
        if self.batch.len() == RANGE { self.merge(false) } else { Ok(()) }
    }

    /// Merges what is left (deleting stored rows past the last pushed id); answers the rows written.
    pub(crate) fn finish(mut self) -> StorageResult<usize> {
        self.merge(true)?;
        Ok(self.written)
    }

    fn merge(&mut self, last: bool) -> StorageResult<()> {
        let (table, cols) = (self.table, self.columns.join(", "));
        let (parent_col, parent_id) = match &self.parent {
            Some((col, id)) => (*col, id.as_str()),
            None => ("''", ""),
        };
        let conn = &self.tx.conn;
        let read = |r: &Row<'_>| -> rusqlite::Result<(String, Vec<SqlValue>)> {
            let values = (1..=self.columns.len()).map(|i| r.get::<_, SqlValue>(i)).collect::<Result<_, _>>()?;
            Ok((r.get(0)?, values))
        };
        let upto = self.batch.last().map(|(id, _)| id.clone());
        let stored: Vec<(String, Vec<SqlValue>)> = match &upto {
            Some(upto) if !last => conn
                .prepare_cached(&format!(
                    "SELECT customer_id, {cols} FROM {table}
                     WHERE {parent_col} = ?1 AND customer_id > ?2 AND customer_id <= ?3 ORDER BY customer_id"
                ))?
                .query_map(params![parent_id, self.after, upto], read)?
                .collect::<Result<_, _>>()?,
            _ => conn
                .prepare_cached(&format!(
                    "SELECT customer_id, {cols} FROM {table} WHERE {parent_col} = ?1 AND customer_id > ?2
                     ORDER BY customer_id"
                ))?
                .query_map(params![parent_id, self.after], read)?
                .collect::<Result<_, _>>()?,
        };
        let key_cols = if self.parent.is_some() { format!("{parent_col}, customer_id") } else { "customer_id".into() };
        let key_count = if self.parent.is_some() { 2 } else { 1 };
        let marks: Vec<String> = (0..self.columns.len() + key_count).map(|i| format!("?{}", i + 1)).collect();
        let updates: Vec<String> = self.columns.iter().map(|c| format!("{c} = excluded.{c}")).collect();
        let mut write = conn.prepare_cached(&format!(
            "INSERT INTO {table} ({key_cols}, {cols}) VALUES ({}) ON CONFLICT ({key_cols}) DO UPDATE SET {}",
            marks.join(", "),
            updates.join(", ")
        ))?;
        let mut delete =
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE {parent_col} = ?1 AND customer_id = ?2"))?;
        let mut stored = stored.into_iter().peekable();
        for (id, fields) in self.batch.drain(..) {
            while let Some((gone, _)) = stored.next_if(|(sid, _)| *sid < id) {
                delete.execute(params![parent_id, gone])?;
                self.written += 1;
            }
            if stored.next_if(|(sid, values)| *sid == id && *values == fields).is_some() {
                continue;
            }
            stored.next_if(|(sid, _)| *sid == id);
            let mut values: Vec<SqlValue> = Vec::with_capacity(fields.len() + 2);
            if self.parent.is_some() {
                values.push(parent_id.to_string().into());
            }
            values.push(id.into());
            values.extend(fields);
            write.execute(params_from_iter(values))?;
            self.written += 1;
        }
        for (gone, _) in stored {
            delete.execute(params![parent_id, gone])?;
            self.written += 1;
        }
        if let Some(upto) = upto {
            self.after = upto;
        }
        Ok(())
    }
}
