//! The product catalogue's rows (DOC-1).

use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Row};

use super::db::Tx;
use super::error::StorageResult;
use super::row;
use super::row_writer::Columns;
use crate::domain::product::Product;

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

impl Tx<'_> {
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
