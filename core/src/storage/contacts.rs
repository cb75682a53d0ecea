//! Contacts: queries.

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
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

/// The stored columns of a contact (`name_key` is derived from the name; `created_by` is written once).
const CONTACT_COLUMNS: Columns = Columns {
    table: "contacts",
    names: &[
        "id",
        "customer_id",
        "name",
        "name_key",
        "title",
        "phones",
        "emails",
        "birthday",
        "deal_role",
        "reports_to",
        "is_primary",
        "custom",
        "external_ref",
        "created_at",
        "updated_at",
        "archived_at",
        "created_by",
    ],
};

/// A contact's values in the order of [`CONTACT_COLUMNS`].
fn contact_values(c: &Contact, created_by: Option<&str>) -> Vec<SqlValue> {
    vec![
        c.id.clone().into(),
        c.customer_id.clone().into(),
        c.name.clone().into(),
        normalize::name_key(&c.name).into(),
        c.title.clone().into(),
        row::json(&c.phones).into(),
        row::json(&c.emails).into(),
        row::opt_date(c.birthday).into(),
        c.deal_role.map(|r| r.as_str().to_string()).into(),
        c.reports_to.clone().into(),
        c.is_primary.into(),
        row::json(&c.custom).into(),
        c.external_ref.clone().into(),
        row::instant(c.created_at).into(),
        row::instant(c.updated_at).into(),
        row::opt_instant(c.archived_at).into(),
        created_by.map(str::to_string).into(),
    ]
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

    /// Saves a contact: inserts it with `created_by` (`before` is `None`), or updates the columns that changed
    /// since `before` (`created_by` never changes).
    pub(crate) fn save_contact(
        &self,
        before: Option<&Contact>,
        c: &Contact,
        created_by: Option<&str>,
    ) -> StorageResult<()> {
        match before {
            None => self.insert_row(&CONTACT_COLUMNS, contact_values(c, created_by)),
            Some(b) => {
                self.update_changed(&CONTACT_COLUMNS, contact_values(b, None), contact_values(c, None)).map(|_| ())
            }
        }
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
        let rows = stmt.query_map(params![customer_id, include_archived, cursor, i64::from(limit) + 1], contact_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
