//! Contacts: queries.

use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use crate::domain::contact::{Contact, DealRole};
use crate::domain::normalize;

const CONTACT_COLS: &str = "id, customer_id, name, title, phones, emails, birthday, deal_role, reports_to, is_primary,
    custom, external_ref, created_at, updated_at, archived_at";

fn contact_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
    let role: Option<String> = r.get(7)?;
    Ok(Contact {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        name: r.get(2)?,
        title: r.get(3)?,
        phones: row::get_json(r, 4)?,
        emails: row::get_json(r, 5)?,
        birthday: row::get_opt_date(r, 6)?,
        deal_role: match role {
            None => None,
            Some(_) => Some(row::get_enum(r, 7, DealRole::parse)?),
        },
        reports_to: r.get(8)?,
        is_primary: r.get(9)?,
        custom: row::get_json(r, 10)?,
        external_ref: r.get(11)?,
        created_at: row::get_instant(r, 12)?,
        updated_at: row::get_instant(r, 13)?,
        archived_at: row::get_opt_instant(r, 14)?,
    })
}

impl Tx<'_> {
    fn contact_where(&self, clause: &str, value: &str) -> StorageResult<Option<Contact>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {CONTACT_COLS} FROM contacts WHERE {clause} = ?1"))?
            .query_row([value], contact_row)
            .optional()?)
    }

    pub(crate) fn contact(&self, id: &str) -> StorageResult<Option<Contact>> {
        self.contact_where("id", id)
    }

    pub(crate) fn contact_by_ref(&self, external_ref: &str) -> StorageResult<Option<Contact>> {
        self.contact_where("external_ref", external_ref)
    }

    /// Inserts (`insert`) or rewrites a contact. `created_by` is only written on insert.
    pub(crate) fn save_contact(&self, c: &Contact, created_by: Option<&str>, insert: bool) -> StorageResult<()> {
        let sql = if insert {
            "INSERT INTO contacts (id, customer_id, name, name_key, title, phones, emails, birthday, deal_role,
               reports_to, is_primary, custom, external_ref, created_at, updated_at, archived_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
        } else {
            "UPDATE contacts SET customer_id = ?2, name = ?3, name_key = ?4, title = ?5, phones = ?6, emails = ?7,
               birthday = ?8, deal_role = ?9, reports_to = ?10, is_primary = ?11, custom = ?12, external_ref = ?13,
               created_at = ?14, updated_at = ?15, archived_at = ?16, created_by = COALESCE(created_by, ?17)
             WHERE id = ?1"
        };
        self.conn.prepare_cached(sql)?.execute(params![
            c.id,
            c.customer_id,
            c.name,
            normalize::name_key(&c.name),
            c.title,
            row::json(&c.phones),
            row::json(&c.emails),
            row::opt_date(c.birthday),
            c.deal_role.map(DealRole::as_str),
            c.reports_to,
            c.is_primary,
            row::json(&c.custom),
            c.external_ref,
            row::instant(c.created_at),
            row::instant(c.updated_at),
            row::opt_instant(c.archived_at),
            created_by,
        ])?;
        Ok(())
    }

    /// A customer's contacts in creation order (live only unless `include_archived`).
    pub(crate) fn contacts_of_customer(
        &self,
        customer_id: &str,
        include_archived: bool,
    ) -> StorageResult<Vec<Contact>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS} FROM contacts WHERE customer_id = ?1 AND (?2 OR archived_at IS NULL) ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![customer_id, include_archived], contact_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One page of a customer's contacts after `cursor`, ordered by id; `limit + 1` rows.
    pub(crate) fn contacts_page(
        &self,
        customer_id: &str,
        include_archived: bool,
        cursor: Option<&str>,
        limit: u32,
    ) -> StorageResult<Vec<Contact>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CONTACT_COLS} FROM contacts
             WHERE customer_id = ?1 AND (?2 OR archived_at IS NULL) AND (?3 IS NULL OR id > ?3)
             ORDER BY id LIMIT ?4"
        ))?;
        let rows = stmt
            .query_map(params![customer_id, include_archived, cursor, i64::from(limit) + 1], contact_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
