//! Lines of sales documents (DOC-2, DOC-4): what a line asks for, and its net, tax and gross in exact integer arithmetic.
//!
//! A line's net is `quantity x unit price x (1 - discount)`, rounded half up to the minor unit once per
//! line; its tax is `net x tax rate`, rounded half up per line; gross is net plus tax. A document's
//! totals are the sums of its lines, so they always add up.

use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::money;
use super::product::{BASIS_POINTS_MAX, Product, validate_basis_points};
use super::quantity::{QUANTITY_SCALE, Quantity};
use super::text;

/// The most lines one document may have.
pub const MAX_LINES: usize = 500;

/// A line as a request gives it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct LineRequest {
    pub product_id: String,
    pub quantity: Quantity,
    /// Unit price before discount and tax, minor units of the document's currency (default: the price
    /// the product's price lists give this customer, else its list price).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub unit_price: Option<i64>,
    /// Discount in basis points (10% is `1000`; default 0).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub discount_bp: Option<i64>,
    /// Shown instead of the product's name.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub description: Option<String>,
}

/// A priced line of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DocumentLine {
    /// 1, 2, ... in the document.
    pub line_no: u32,
    pub product_id: String,
    pub product_code: String,
    pub description: String,
    pub unit: String,
    pub quantity: Quantity,
    pub unit_price: i64,
    pub discount_bp: i64,
    pub tax_rate_bp: i64,
    /// Where the unit price came from (`list_price`, `price_list:<rule>`, `given`).
    pub price_source: String,
    pub net: i64,
    pub tax: i64,
    pub gross: i64,
}

/// A document's totals: the sums of its lines.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Totals {
    pub net: i64,
    pub tax: i64,
    pub gross: i64,
}

/// `value x numerator / denominator`, rounded half up, within the amount range.
fn scaled(field: &str, value: i128, denominator: i128) -> DomainResult<i64> {
    i64::try_from(money::round_half_up_div(value, denominator))
        .ok()
        .filter(|a| a.abs() <= money::MAX_AMOUNT)
        .ok_or_else(|| DomainError::validation(field, "is too large"))
}

/// Prices one line of `product`: `unit_price` (from the request or the price lists), its source, the discount.
pub(crate) fn price_line(
    field: &str,
    line_no: u32,
    product: &Product,
    req: &LineRequest,
    unit_price: i64,
    price_source: String,
) -> DomainResult<DocumentLine> {
    if req.quantity.is_zero() {
        return Err(DomainError::validation(format!("{field}.quantity"), "must be greater than zero"));
    }
    money::validate_amount(&format!("{field}.unit_price"), unit_price)?;
    if unit_price < 0 {
        return Err(DomainError::validation(format!("{field}.unit_price"), "must not be negative"));
    }
    let discount_bp = req.discount_bp.unwrap_or(0);
    validate_basis_points(&format!("{field}.discount_bp"), discount_bp)?;
    let description = match req.description.as_deref() {
        Some(d) => text::required(&format!("{field}.description"), d, text::NAME_MAX)?,
        None => product.name.clone(),
    };
    let (net, tax) = amounts(field, req.quantity, unit_price, discount_bp, product.tax_rate_bp)?;
    Ok(DocumentLine {
        line_no,
        product_id: product.id.clone(),
        product_code: product.code.clone(),
        description,
        unit: product.unit.clone(),
        quantity: req.quantity,
        unit_price,
        discount_bp,
        tax_rate_bp: product.tax_rate_bp,
        price_source,
        net,
        tax,
        gross: net + tax,
    })
}

/// A line's net (`quantity x unit price x (1 - discount)`) and tax (`net x rate`), each rounded half up.
fn amounts(
    field: &str,
    quantity: Quantity,
    unit_price: i64,
    discount_bp: i64,
    tax_rate_bp: i64,
) -> DomainResult<(i64, i64)> {
    let gross_before_discount = i128::from(quantity.milli()) * i128::from(unit_price);
    let net = scaled(
        &format!("{field}.quantity"),
        gross_before_discount * i128::from(BASIS_POINTS_MAX - discount_bp),
        i128::from(QUANTITY_SCALE) * i128::from(BASIS_POINTS_MAX),
    )?;
    let tax = scaled(&format!("{field}.quantity"), i128::from(net) * i128::from(tax_rate_bp), 10_000)?;
    Ok((net, tax))
}

/// `line` for another `quantity` at its price, discount and tax rate (an order line under a contract, DOC-9).
pub(crate) fn reprice(line: &DocumentLine, line_no: u32, quantity: Quantity) -> DomainResult<DocumentLine> {
    let field = format!("lines[{}]", line_no.saturating_sub(1));
    if quantity.is_zero() {
        return Err(DomainError::validation(format!("{field}.quantity"), "must be greater than zero"));
    }
    let (net, tax) = amounts(&field, quantity, line.unit_price, line.discount_bp, line.tax_rate_bp)?;
    Ok(DocumentLine { line_no, quantity, net, tax, gross: net + tax, ..line.clone() })
}

/// The part of a line's gross that `quantity` of it is worth, rounded half up (deliveries and returns by amount).
pub(crate) fn gross_of(line: &DocumentLine, quantity: Quantity) -> i64 {
    if quantity == line.quantity || line.quantity.is_zero() {
        return if quantity == line.quantity { line.gross } else { 0 };
    }
    money::round_half_up_div(i128::from(line.gross) * i128::from(quantity.milli()), i128::from(line.quantity.milli()))
        as i64
}

/// The sums of `lines`, refused when they leave the amount range.
pub(crate) fn totals(lines: &[DocumentLine]) -> DomainResult<Totals> {
    let mut t = Totals::default();
    for l in lines {
        t.net = t.net.checked_add(l.net).filter(|v| *v <= money::MAX_AMOUNT).ok_or_else(too_large)?;
        t.tax = t.tax.checked_add(l.tax).filter(|v| *v <= money::MAX_AMOUNT).ok_or_else(too_large)?;
        t.gross = t.gross.checked_add(l.gross).filter(|v| *v <= money::MAX_AMOUNT).ok_or_else(too_large)?;
    }
    Ok(t)
}

fn too_large() -> DomainError {
    DomainError::validation("lines", "the document's total is too large")
}

/// The number of lines a document may have: 1 to [`MAX_LINES`].
pub(crate) fn check_line_count(count: usize) -> DomainResult<()> {
    if count == 0 {
        return Err(DomainError::validation("lines", "a document needs at least one line"));
    }
    if count > MAX_LINES {
        return Err(DomainError::validation("lines", "has more than 500 lines"));
    }
    Ok(())
}

/// The largest discount of `lines`, in basis points.
pub(crate) fn max_discount(lines: &[DocumentLine]) -> i64 {
    lines.iter().map(|l| l.discount_bp).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(tax_rate_bp: i64) -> Product {
        Product {
            id: "p".into(),
            code: "P1".into(),
            name: "Pump".into(),
            unit: "pcs".into(),
            list_price: 0,
            currency: "CNY".into(),
            category: None,
            tax_rate_bp,
            warranty_months: 0,
            needs_installation: false,
            active: true,
            external_ref: None,
            created_at: chrono::DateTime::UNIX_EPOCH,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    fn req(quantity: &str, discount_bp: i64) -> LineRequest {
        LineRequest {
            product_id: "p".into(),
            quantity: Quantity::parse("q", quantity).unwrap(),
            unit_price: None,
            discount_bp: Some(discount_bp),
            description: None,
        }
    }

    #[test]
    fn doc_2_lines_round_half_up_once_per_line() {
        // 3 x 3.33 with 10% off = 8.991 -> 8.99; 13% tax = 1.1687 -> 1.17.
        let l = price_line("lines[0]", 1, &product(1300), &req("3", 1000), 333, "given".into()).unwrap();
        assert_eq!((l.net, l.tax, l.gross), (899, 117, 1016));
        // 0.5 x 0.01 = 0.005 -> 0.01 (half up).
        let l = price_line("lines[0]", 1, &product(0), &req("0.5", 0), 1, "given".into()).unwrap();
        assert_eq!(l.net, 1);
        let t = totals(&[l.clone(), l]).unwrap();
        assert_eq!(t, Totals { net: 2, tax: 0, gross: 2 });
    }

    #[test]
    fn doc_2_bad_lines_are_refused_on_their_field() {
        let zero = price_line("lines[1]", 2, &product(0), &req("0", 0), 100, "given".into()).unwrap_err();
        assert_eq!(zero.field(), Some("lines[1].quantity"));
        let discount = price_line("lines[0]", 1, &product(0), &req("1", 10_001), 100, "given".into()).unwrap_err();
        assert_eq!(discount.field(), Some("lines[0].discount_bp"));
        let negative = price_line("lines[0]", 1, &product(0), &req("1", 0), -5, "given".into()).unwrap_err();
        assert_eq!(negative.field(), Some("lines[0].unit_price"));
        assert!(check_line_count(0).is_err() && check_line_count(501).is_err() && check_line_count(1).is_ok());
    }

    #[test]
    fn a_part_of_a_line_is_worth_its_share_of_the_gross() {
        let l = price_line("l", 1, &product(1300), &req("3", 0), 1000, "given".into()).unwrap();
        assert_eq!(l.gross, 3390);
        assert_eq!(gross_of(&l, Quantity::units(1)), 1130);
        assert_eq!(gross_of(&l, Quantity::units(3)), 3390);
    }
}
