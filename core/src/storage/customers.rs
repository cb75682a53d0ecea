//! Customers: queries.

use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params_from_iter};
use serde_json::Value;

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::{ListScope, escape_like};
use crate::domain::customer::{Customer, CustomerKind, CustomerStatus};
use crate::domain::entity::Entity;
use crate::domain::normalize;

const CUSTOMER_COLS: &str = "c.id, c.code, c.name, c.kind, c.status, c.owner_id, c.department_id, c.region, c.industry,
    c.source, c.phone, c.email, c.website, c.address, c.credit_limit, c.custom, c.external_ref, c.last_contact_at,
    c.created_by, c.created_at, c.updated_at, c.archived_at,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM customer_tags t WHERE t.customer_id = c.id ORDER BY tag))";

fn customer_row(r: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        kind: row::get_enum(r, 3, CustomerKind::parse)?,
        status: row::get_enum(r, 4, CustomerStatus::parse)?,
        owner_id: r.get(5)?,
        department_id: r.get(6)?,
        region: r.get(7)?,
        industry: r.get(8)?,
        source: r.get(9)?,
        phone: r.get(10)?,
        email: r.get(11)?,
        website: r.get(12)?,
        address: r.get(13)?,
        credit_limit: r.get(14)?,
        custom: row::get_json(r, 15)?,
        external_ref: r.get(16)?,
        last_contact_at: row::get_opt_instant(r, 17)?,
        created_by: r.get(18)?,
        created_at: row::get_instant(r, 19)?,
        updated_at: row::get_instant(r, 20)?,
        archived_at: row::get_opt_instant(r, 21)?,
        tags: row::get_json(r, 22)?,
        withheld: Vec::new(),
    })
}

fn json_to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

/// Which customers a page holds, besides the actor's scope (the engine builds it from the list request).
#[derive(Debug, Clone, Default)]
pub(crate) struct CustomerFilter<'a> {
    pub owner_id: Option<&'a str>,
    /// Only customers in the public pool.
    pub pool_only: bool,
    pub status: Option<CustomerStatus>,
    /// A region and every region below it (`44` covers `44/4403`).
    pub region: Option<&'a str>,
    pub tag: Option<&'a str>,
    /// The name contains this text.
    pub name: Option<&'a str>,
    /// A custom field equal to a value already typed by the field's definition.
    pub custom: Option<(String, Value)>,
    pub include_archived: bool,
    /// Ids after this one (the page cursor).
    pub after: Option<&'a str>,
}

/// The stored columns of a customer (`name_key` is derived from the name, for the dedupe and name search).
const CUSTOMER_COLUMNS: Columns = Columns {
    table: "customers",
    names: &[
        "id",
        "code",
        "name",
        "name_key",
        "kind",
        "status",
        "owner_id",
        "department_id",
        "region",
        "industry",
        "source",
        "phone",
        "email",
        "website",
        "address",
        "credit_limit",
        "custom",
        "external_ref",
        "last_contact_at",
        "created_by",
        "created_at",
        "updated_at",
        "archived_at",
    ],
};

/// A customer's values in the order of [`CUSTOMER_COLUMNS`].
fn customer_values(c: &Customer) -> Vec<SqlValue> {
    vec![
        c.id.clone().into(),
        c.code.clone().into(),
        c.name.clone().into(),
        normalize::name_key(&c.name).into(),
        c.kind.as_str().to_string().into(),
        c.status.as_str().to_string().into(),
        c.owner_id.clone().into(),
        c.department_id.clone().into(),
        c.region.clone().into(),
        c.industry.clone().into(),
        c.source.clone().into(),
        c.phone.clone().into(),
        c.email.clone().into(),
        c.website.clone().into(),
        c.address.clone().into(),
        c.credit_limit.into(),
        row::json(&c.custom).into(),
        c.external_ref.clone().into(),
        row::opt_instant(c.last_contact_at).into(),
        c.created_by.clone().into(),
        row::instant(c.created_at).into(),
        row::instant(c.updated_at).into(),
        row::opt_instant(c.archived_at).into(),
    ]
}

/// A customer that followed its owner into another department, and the department it left.
pub(crate) struct MovedCustomer {
    pub id: String,
    pub left: Option<String>,
}

impl Tx<'_> {
    fn customer_where(&self, clause: &str, value: &str) -> StorageResult<Option<Customer>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {CUSTOMER_COLS} FROM customers c WHERE {clause} = ?1"))?
            .query_row([value], customer_row)
            .optional()?)
    }

    pub(crate) fn customer(&self, id: &str) -> StorageResult<Option<Customer>> {
        self.customer_where("c.id", id)
    }

    pub(crate) fn customer_by_ref(&self, external_ref: &str) -> StorageResult<Option<Customer>> {
        self.customer_where("c.external_ref", external_ref)
    }

    /// ORG-3: moves the customers `owner_id` owns to the owner's department `department_id`; answers the
    /// ids moved, each with the department it left.
    pub(crate) fn follow_owner_department(
        &self,
        owner_id: &str,
        department_id: &str,
        updated_at: DateTime<Utc>,
    ) -> StorageResult<Vec<MovedCustomer>> {
        let moved: Vec<MovedCustomer> = self
            .conn
            .prepare_cached("SELECT id, department_id FROM customers WHERE owner_id = ?1 AND department_id IS NOT ?2")?
            .query_map([owner_id, department_id], |r| Ok(MovedCustomer { id: r.get(0)?, left: r.get(1)? }))?
            .collect::<Result<_, _>>()?;
        self.conn
            .prepare_cached(
                "UPDATE customers SET department_id = ?2, updated_at = ?3 WHERE owner_id = ?1 AND department_id IS NOT ?2",
            )?
            .execute([owner_id, department_id, &row::instant(updated_at)])?;
        Ok(moved)
    }

    /// Saves a customer: inserts it with its tags (`before` is `None`), or updates the columns that changed
    /// since `before` and replaces its tags only when they changed.
    pub(crate) fn save_customer(&self, before: Option<&Customer>, c: &Customer) -> StorageResult<()> {
        match before {
            None => self.insert_row(&CUSTOMER_COLUMNS, customer_values(c))?,
            Some(b) => {
                // The kept sales figures are per owner: a customer's orders move to its new one.
                if b.owner_id != c.owner_id {
                    self.move_customer_sales(&c.id, c.owner_id.as_deref().unwrap_or(""))?;
                }
                self.update_changed(&CUSTOMER_COLUMNS, customer_values(b), customer_values(c))?;
                if b.tags == c.tags {
                    return Ok(());
                }
                self.conn.prepare_cached("DELETE FROM customer_tags WHERE customer_id = ?1")?.execute([&c.id])?;
            }
        }
        let mut ins = self.conn.prepare_cached("INSERT INTO customer_tags (customer_id, tag) VALUES (?1, ?2)")?;
        for t in &c.tags {
            ins.execute([c.id.as_str(), t.as_str()])?;
        }
        Ok(())
    }

    /// One page of the customers the actor reads (their scope and the public pool), ordered by id;
    /// fetches `limit + 1` rows so the caller knows whether more follow.
    pub(crate) fn customers_page(
        &self,
        req: &CustomerFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<Customer>> {
        let mut params: Vec<SqlValue> = Vec::new();
        let mut conds = vec![scope.filter(Entity::Customer, "c", &mut params)];
        if !req.include_archived {
            conds.push("c.archived_at IS NULL".into());
        }
        if let Some(cursor) = req.after {
            params.push(cursor.to_string().into());
            conds.push(format!("c.id > ?{}", params.len()));
        }
        if let Some(o) = req.owner_id {
            params.push(o.to_string().into());
            conds.push(format!("c.owner_id = ?{}", params.len()));
        }
        if req.pool_only {
            conds.push("c.owner_id IS NULL".into());
        }
        if let Some(s) = req.status {
            params.push(s.as_str().to_string().into());
            conds.push(format!("c.status = ?{}", params.len()));
        }
        if let Some(region) = req.region {
            params.push(region.to_string().into());
            let exact = params.len();
            params.push(format!("{}/%", escape_like(region)).into());
            conds.push(format!("(c.region = ?{exact} OR c.region LIKE ?{} ESCAPE '\\')", params.len()));
        }
        if let Some(tag) = req.tag {
            params.push(tag.to_string().into());
            conds.push(format!(
                "EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag = ?{})",
                params.len()
            ));
        }
        if let Some(name) = req.name {
            params.push(format!("%{}%", escape_like(name)).into());
            conds.push(format!("c.name LIKE ?{} ESCAPE '\\'", params.len()));
        }
        if let Some((key, value)) = &req.custom {
            params.push(format!("$.\"{key}\"").into());
            let path = params.len();
            params.push(json_to_sql(value));
            conds.push(format!("json_extract(c.custom, ?{path}) = ?{}", params.len()));
        }
        params.push((i64::from(limit) + 1).into());
        let sql = format!(
            "SELECT {CUSTOMER_COLS} FROM customers c WHERE {} ORDER BY c.id LIMIT ?{}",
            conds.join(" AND "),
            params.len()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), customer_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
