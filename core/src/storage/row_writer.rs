//! Writing records from one column list per table: the INSERT of a new row, and the UPDATE of only the columns that changed.
//!
//! Each table a record is saved to declares its columns once (a [`Columns`]) and one function that turns the
//! record into its values in that order; [`Tx::insert_row`] writes them all, [`Tx::update_changed`] compares a
//! record's values before and after a change and writes the columns that differ, so a stage move writes the
//! stage and the time, not 27 columns.

use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::db::Tx;
use super::error::StorageResult;

/// A table's stored columns, in the order of the values its record gives; the first is the key.
pub(super) struct Columns {
    pub table: &'static str,
    pub names: &'static [&'static str],
}

impl Tx<'_> {
    /// Inserts one row: `values` holds one value per column, in the columns' order.
    pub(super) fn insert_row(&self, columns: &Columns, values: Vec<SqlValue>) -> StorageResult<()> {
        debug_assert_eq!(values.len(), columns.names.len(), "one value per column of {}", columns.table);
        let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
        let sql = format!("INSERT INTO {} ({}) VALUES ({})", columns.table, columns.names.join(", "), marks.join(", "));
        self.conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(())
    }

    /// Updates the row keyed by the first value with the columns whose value differs between `before` and
    /// `after`; writes nothing when none differs. Answers whether it wrote.
    pub(super) fn update_changed(
        &self,
        columns: &Columns,
        before: Vec<SqlValue>,
        after: Vec<SqlValue>,
    ) -> StorageResult<bool> {
        debug_assert_eq!(after.len(), columns.names.len(), "one value per column of {}", columns.table);
        let mut key = None;
        let mut sets = Vec::new();
        let mut values = Vec::new();
        for ((name, old), new) in columns.names.iter().zip(before).zip(after) {
            if key.is_none() {
                key = Some(new);
            } else if old != new {
                values.push(new);
                sets.push(format!("{name} = ?{}", values.len()));
            }
        }
        if sets.is_empty() {
            return Ok(false);
        }
        values.push(key.unwrap_or(SqlValue::Null));
        let sql =
            format!("UPDATE {} SET {} WHERE {} = ?{}", columns.table, sets.join(", "), columns.names[0], values.len());
        self.conn.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;

    const PEOPLE: Columns = Columns { table: "people", names: &["id", "name", "city"] };

    fn values(id: &str, name: &str, city: &str) -> Vec<SqlValue> {
        vec![id.to_string().into(), name.to_string().into(), city.to_string().into()]
    }

    #[test]
    fn an_update_writes_only_the_columns_that_changed() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT, city TEXT)").unwrap();
        let tx = Tx { conn: &conn };
        tx.insert_row(&PEOPLE, values("p1", "Li", "Shanghai")).unwrap();
        // Another writer changes the city; an update of the name alone leaves it as that writer left it.
        conn.execute("UPDATE people SET city = 'Beijing' WHERE id = 'p1'", []).unwrap();
        assert!(tx.update_changed(&PEOPLE, values("p1", "Li", "Shanghai"), values("p1", "Li Na", "Shanghai")).unwrap());
        let row: (String, String) = conn
            .query_row("SELECT name, city FROM people WHERE id = 'p1'", [], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!(row, ("Li Na".to_string(), "Beijing".to_string()));
        // Nothing changed: nothing is written.
        assert!(!tx.update_changed(&PEOPLE, values("p1", "Li Na", "x"), values("p1", "Li Na", "x")).unwrap());
    }
}
