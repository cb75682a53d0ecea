//! The product catalogue's and price lists' rows (DOC-1).

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row, params_from_iter};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use super::scope::{ListScope, escape_like};
use crate::domain::entity::Entity;
use crate::domain::product::{PriceCandidate, PriceList, PriceRule, Product};
use crate::domain::quantity::Quantity;

/// The stored columns of a product.
const PRODUCT_COLUMNS: Columns = Columns {
    table: "products",
    names: &[
        "id",
        "code",
        "name",
        "unit",
        "list_price",
        "currency",
        "category",
        "tax_rate_bp",
        "warranty_months",
        "needs_installation",
        "active",
        "external_ref",
        "created_at",
        "updated_at",
    ],
};

const PRODUCT_SELECT: &str =
    "SELECT id, code, name, unit, list_price, currency, category, tax_rate_bp, warranty_months,
    needs_installation, active, external_ref, created_at, updated_at FROM products";

fn product_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        unit: r.get(3)?,
        list_price: r.get(4)?,
        currency: r.get(5)?,
        category: r.get(6)?,
        tax_rate_bp: r.get(7)?,
        warranty_months: r.get(8)?,
        needs_installation: r.get(9)?,
        active: r.get(10)?,
        external_ref: r.get(11)?,
        created_at: row::get_instant(r, 12)?,
        updated_at: row::get_instant(r, 13)?,
    })
}

/// A product's values in the order of [`PRODUCT_COLUMNS`].
fn product_values(p: &Product) -> Vec<SqlValue> {
    vec![
        p.id.clone().into(),
        p.code.clone().into(),
        p.name.clone().into(),
        p.unit.clone().into(),
        p.list_price.into(),
        p.currency.clone().into(),
        p.category.clone().into(),
        p.tax_rate_bp.into(),
        p.warranty_months.into(),
        i64::from(p.needs_installation).into(),
        i64::from(p.active).into(),
        p.external_ref.clone().into(),
        row::instant(p.created_at).into(),
        row::instant(p.updated_at).into(),
    ]
}

/// Which products a page holds (the engine builds it from a validated list request).
pub(crate) struct ProductFilter<'a> {
    pub category: Option<&'a str>,
    pub active: Option<bool>,
    /// Text in the code or the name.
    pub text: Option<&'a str>,
    /// Ids after this one.
    pub after: Option<&'a str>,
}

/// The stored columns of a price list (its rules are rows of `price_list_rules`).
const PRICE_LIST_COLUMNS: Columns = Columns {
    table: "price_lists",
    names: &["id", "code", "name", "version", "created_at", "updated_at", "archived_at"],
};

const PRICE_LIST_SELECT: &str = "SELECT id, code, name, version, created_at, updated_at, archived_at FROM price_lists";

fn price_list_row(r: &Row<'_>) -> rusqlite::Result<PriceList> {
    Ok(PriceList {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        version: r.get(3)?,
        rules: Vec::new(),
        created_at: row::get_instant(r, 4)?,
        updated_at: row::get_instant(r, 5)?,
        archived_at: row::get_opt_instant(r, 6)?,
    })
}

fn price_list_values(l: &PriceList) -> Vec<SqlValue> {
    vec![
        l.id.clone().into(),
        l.code.clone().into(),
        l.name.clone().into(),
        l.version.into(),
        row::instant(l.created_at).into(),
        row::instant(l.updated_at).into(),
        row::opt_instant(l.archived_at).into(),
    ]
}

const RULE_SELECT: &str = "SELECT r.id, r.product_id, r.customer_id, r.customer_tag, r.unit_price, r.min_quantity,
    r.valid_from, r.valid_to FROM price_list_rules r";

fn rule_row(r: &Row<'_>) -> rusqlite::Result<PriceRule> {
    let milli: i64 = r.get(5)?;
    Ok(PriceRule {
        id: r.get(0)?,
        product_id: r.get(1)?,
        customer_id: r.get(2)?,
        customer_tag: r.get(3)?,
        unit_price: r.get(4)?,
        min_quantity: Quantity::from_milli(milli).ok_or_else(|| row::conv_err(5, "quantity"))?,
        valid_from: row::get_opt_date(r, 6)?,
        valid_to: row::get_opt_date(r, 7)?,
    })
}

impl Tx<'_> {
    pub(crate) fn product_by_code(&self, code: &str) -> StorageResult<Option<Product>> {
        let sql = format!("{PRODUCT_SELECT} WHERE code = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([code], product_row).optional()?)
    }

    pub(crate) fn product_by_ref(&self, external_ref: &str) -> StorageResult<Option<Product>> {
        let sql = format!("{PRODUCT_SELECT} WHERE external_ref = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([external_ref], product_row).optional()?)
    }

    /// One page of products (`limit + 1` rows, by id) the scope reaches.
    pub(crate) fn products_page(
        &self,
        f: &ProductFilter<'_>,
        limit: u32,
        scope: &ListScope,
    ) -> StorageResult<Vec<Product>> {
        let mut params: Vec<SqlValue> = Vec::new();
        let mut conds = vec![scope.filter(Entity::Product, "products", &mut params)];
        if let Some(cursor) = f.after {
            params.push(cursor.to_string().into());
            conds.push(format!("id > ?{}", params.len()));
        }
        if let Some(c) = f.category {
            params.push(c.to_string().into());
            conds.push(format!("category = ?{}", params.len()));
        }
        if let Some(a) = f.active {
            params.push(i64::from(a).into());
            conds.push(format!("active = ?{}", params.len()));
        }
        if let Some(t) = f.text {
            params.push(format!("%{}%", escape_like(t)).into());
            let n = params.len();
            conds.push(format!("(code LIKE ?{n} ESCAPE '\\' OR name LIKE ?{n} ESCAPE '\\')"));
        }
        params.push((i64::from(limit) + 1).into());
        let sql = format!("{PRODUCT_SELECT} WHERE {} ORDER BY id LIMIT ?{}", conds.join(" AND "), params.len());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), product_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn price_list_rules(&self, list_id: &str) -> StorageResult<Vec<PriceRule>> {
        let sql = format!("{RULE_SELECT} WHERE r.price_list_id = ?1 ORDER BY r.position");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([list_id], rule_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn price_list_where(&self, clause: &str, value: &str) -> StorageResult<Option<PriceList>> {
        let sql = format!("{PRICE_LIST_SELECT} WHERE {clause} = ?1");
        let Some(mut list) = self.conn.prepare_cached(&sql)?.query_row([value], price_list_row).optional()? else {
            return Ok(None);
        };
        list.rules = self.price_list_rules(&list.id)?;
        Ok(Some(list))
    }

    pub(crate) fn price_list(&self, id: &str) -> StorageResult<Option<PriceList>> {
        self.price_list_where("id", id)
    }

    pub(crate) fn price_list_by_code(&self, code: &str) -> StorageResult<Option<PriceList>> {
        self.price_list_where("code", code)
    }

    /// One page of price lists with their rules (`limit + 1` rows, by id).
    pub(crate) fn price_lists_page(
        &self,
        include_archived: bool,
        after: Option<&str>,
        limit: u32,
    ) -> StorageResult<Vec<PriceList>> {
        let archived = if include_archived { "" } else { " AND archived_at IS NULL" };
        let sql = format!("{PRICE_LIST_SELECT} WHERE id > ?1{archived} ORDER BY id LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![after.unwrap_or(""), i64::from(limit) + 1], price_list_row)?;
        let mut lists: Vec<PriceList> = rows.collect::<Result<_, _>>()?;
        for l in &mut lists {
            l.rules = self.price_list_rules(&l.id)?;
        }
        Ok(lists)
    }

    /// Inserts a price list with its rules (`before` is `None`), or writes the columns that changed and
    /// rewrites its rules when they changed.
    pub(crate) fn save_price_list(&self, before: Option<&PriceList>, after: &PriceList) -> StorageResult<()> {
        match before {
            Some(b) => {
                self.update_changed(&PRICE_LIST_COLUMNS, price_list_values(b), price_list_values(after))?;
                if b.rules == after.rules {
                    return Ok(());
                }
                self.conn
                    .prepare_cached("DELETE FROM price_list_rules WHERE price_list_id = ?1")?
                    .execute([&after.id])?;
            }
            None => self.insert_row(&PRICE_LIST_COLUMNS, price_list_values(after))?,
        }
        let mut ins = self.conn.prepare_cached(
            "INSERT INTO price_list_rules (id, price_list_id, position, product_id, customer_id, customer_tag,
             unit_price, min_quantity, valid_from, valid_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (i, r) in after.rules.iter().enumerate() {
            ins.execute(rusqlite::params![
                r.id,
                after.id,
                i as i64,
                r.product_id,
                r.customer_id,
                r.customer_tag,
                r.unit_price,
                r.min_quantity.milli(),
                row::opt_date(r.valid_from),
                row::opt_date(r.valid_to),
            ])?;
        }
        Ok(())
    }

    /// The rules of live (not archived) price lists that name `product_id`, with their lists.
    pub(crate) fn price_candidates(&self, product_id: &str) -> StorageResult<Vec<PriceCandidate>> {
        let sql = format!(
            "{}, l.id, l.code, l.name, l.version FROM price_list_rules r JOIN price_lists l ON l.id = r.price_list_id
             WHERE r.product_id = ?1 AND l.archived_at IS NULL ORDER BY r.id",
            RULE_SELECT.trim_end_matches(" FROM price_list_rules r")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([product_id], |r| {
            Ok(PriceCandidate {
                rule: rule_row(r)?,
                price_list_id: r.get(8)?,
                price_list_code: r.get(9)?,
                price_list_name: r.get(10)?,
                price_list_version: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn product(&self, id: &str) -> StorageResult<Option<Product>> {
        let sql = format!("{PRODUCT_SELECT} WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], product_row).optional()?)
    }

    /// Inserts a new product (`before` is `None`) or writes the columns that changed.
    pub(crate) fn save_product(&self, before: Option<&Product>, after: &Product) -> StorageResult<()> {
        match before {
            Some(b) => {
                self.update_changed(&PRODUCT_COLUMNS, product_values(b), product_values(after))?;
            }
            None => self.insert_row(&PRODUCT_COLUMNS, product_values(after))?,
        }
        Ok(())
    }
}
