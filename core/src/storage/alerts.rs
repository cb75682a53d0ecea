//! Alert candidates on a user's own customers (CUS-8): silent customers, lapsed buyers, debtors, birthdays, overdue opportunities.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::params;

use super::db::Tx;
use super::error::StorageResult;
use super::row;

/// A customer of the user: (id, name, a date or instant column's value).
pub(crate) type CustomerDate = (String, String, Option<String>);

/// A record of one of the user's customers: (record id, record name, customer id, customer name, a date).
pub(crate) type CustomerRecordDate = (String, String, String, String, Option<NaiveDate>);

/// A customer named in an alert.
pub(crate) struct CustomerName {
    pub id: String,
    pub name: String,
}

impl Tx<'_> {
    /// The user's live customers not contacted since `before` (never contacted: created before it),
    /// with their last contact instant.
    pub(crate) fn silent_customers(&self, user_id: &str, before: DateTime<Utc>) -> StorageResult<Vec<CustomerDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, last_contact_at FROM customers
             WHERE owner_id = ?1 AND archived_at IS NULL AND COALESCE(last_contact_at, created_at) < ?2
             ORDER BY COALESCE(last_contact_at, created_at), id",
        )?;
        let rows = stmt.query_map(params![user_id, row::instant(before)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user's live transaction customers whose last counting order is before `before` (or who have none).
    pub(crate) fn lapsed_customers(&self, user_id: &str, before: NaiveDate) -> StorageResult<Vec<CustomerDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name, (SELECT MAX(o.order_date) FROM orders o WHERE o.customer_id = c.id
                 AND o.status IN ('approved', 'partially_delivered', 'delivered', 'completed')) AS last_order
             FROM customers c
             WHERE c.owner_id = ?1 AND c.archived_at IS NULL AND c.status = 'transaction'
               AND COALESCE(last_order, '0000-00-00') < ?2
             ORDER BY last_order, c.id",
        )?;
        let rows = stmt.query_map(params![user_id, before.to_string()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user's live customers with any counting order (candidates for overdue receivables).
    pub(crate) fn customers_with_orders(&self, user_id: &str) -> StorageResult<Vec<CustomerName>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, c.name FROM customers c WHERE c.owner_id = ?1 AND c.archived_at IS NULL
               AND EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id
                 AND o.status IN ('approved', 'partially_delivered', 'delivered', 'completed'))
             ORDER BY c.id",
        )?;
        let rows = stmt.query_map([user_id], |r| Ok(CustomerName { id: r.get(0)?, name: r.get(1)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Live contacts with a birthday, of the user's live customers: (contact id, name, customer id, customer name, birthday).
    pub(crate) fn contact_birthdays(&self, user_id: &str) -> StorageResult<Vec<CustomerRecordDate>> {
        self.birthdays(Some(user_id))
    }

    /// Every live contact with a birthday, of live customers (birthday greetings).
    pub(crate) fn contact_birthdays_all(&self) -> StorageResult<Vec<CustomerRecordDate>> {
        self.birthdays(None)
    }

    fn birthdays(&self, owner_id: Option<&str>) -> StorageResult<Vec<CustomerRecordDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.name, c.id, c.name, p.birthday FROM contacts p JOIN customers c ON c.id = p.customer_id
             WHERE (?1 IS NULL OR c.owner_id = ?1) AND c.archived_at IS NULL AND p.archived_at IS NULL AND p.birthday IS NOT NULL
             ORDER BY p.id",
        )?;
        let rows =
            stmt.query_map([owner_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, row::get_opt_date(r, 4)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The user's open opportunities expected to close before `date`:
    /// (opportunity id, title, customer id, customer name, expected close).
    pub(crate) fn overdue_opportunities(
        &self,
        user_id: &str,
        date: NaiveDate,
    ) -> StorageResult<Vec<CustomerRecordDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.id, o.title, c.id, c.name, o.expected_close_date FROM opportunities o
             JOIN customers c ON c.id = o.customer_id
             WHERE o.owner_id = ?1 AND o.status = 'open' AND o.archived_at IS NULL
               AND o.expected_close_date IS NOT NULL AND o.expected_close_date < ?2
             ORDER BY o.expected_close_date, o.id",
        )?;
        let rows = stmt.query_map(params![user_id, date.to_string()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, row::get_opt_date(r, 4)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
