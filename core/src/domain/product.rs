//! Products (DOC-1): what is sold, at which list price, unit, category, tax rate and warranty.
//!
//! Prices are integer minor units of the product's currency; tax rates and discounts are basis points
//! (13% VAT is `1300`), so every document total is exact integer arithmetic.

use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};

/// The largest tax rate or discount in basis points: 100%.
pub const BASIS_POINTS_MAX: i64 = 10_000;

/// A product of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Product {
    pub id: String,
    /// The product code (SKU), unique.
    pub code: String,
    pub name: String,
    /// The unit of sale (`pcs`, `台`, `kg`, ...).
    pub unit: String,
    /// List price per unit, minor units of `currency`.
    pub list_price: i64,
    /// ISO 4217.
    pub currency: String,
    pub category: Option<String>,
    /// Tax rate in basis points (13% is `1300`).
    pub tax_rate_bp: i64,
    /// Warranty from delivery, in months (the service module reads it, SVC-3).
    pub warranty_months: i64,
    /// Whether delivering it opens an installation ticket (SVC-8).
    pub needs_installation: bool,
    /// Whether it may be put on new quotes and orders.
    pub active: bool,
    pub external_ref: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// A rate or discount in basis points: 0 to 10,000.
pub(crate) fn validate_basis_points(field: &str, bp: i64) -> DomainResult<()> {
    if !(0..=BASIS_POINTS_MAX).contains(&bp) {
        return Err(DomainError::validation(field, "must be between 0 and 10000 basis points"));
    }
    Ok(())
}
