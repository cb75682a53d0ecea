//! Products (DOC-1): what is sold, at which list price, unit, category, tax rate and warranty.
//!
//! Prices are integer minor units of the product's currency; tax rates and discounts are basis points
//! (13% VAT is `1300`), so every document total is exact integer arithmetic.
//!
//! Price lists hold rules, each a fixed unit price for one product (in the product's currency) for
//! everyone, one customer or a customer tag, from a minimum quantity, within a validity window. The
//! price a line gets is the winning rule's, by the precedence [`choose_price`] documents, or the list
//! price; the answer names the rule and why it applied.

use std::cmp::Reverse;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::calendar;
use super::error::{DomainError, DomainResult};
use super::money;
use super::quantity::Quantity;
use super::text::{self, Patch};

/// The largest tax rate or discount in basis points: 100%.
pub const BASIS_POINTS_MAX: i64 = 10_000;

/// A product of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
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

/// The longest warranty a product may declare: 100 years.
pub const WARRANTY_MONTHS_MAX: i64 = 1_200;

impl Product {
    /// The product with every field checked and normalised (trimmed texts, upper-case currency):
    /// `validation` with the field otherwise. Uniqueness of `code` and `external_ref` is the engine's.
    pub(crate) fn normalised(mut self) -> DomainResult<Product> {
        self.code = text::code("code", &self.code)?;
        self.name = text::required("name", &self.name, text::NAME_MAX)?;
        self.unit = text::required("unit", &self.unit, text::SHORT_MAX)?;
        money::validate_amount("list_price", self.list_price)?;
        self.currency = self.currency.trim().to_uppercase();
        money::validate_currency("currency", &self.currency)?;
        self.category = text::optional("category", self.category.as_deref(), text::SHORT_MAX)?;
        validate_basis_points("tax_rate_bp", self.tax_rate_bp)?;
        if !(0..=WARRANTY_MONTHS_MAX).contains(&self.warranty_months) {
            return Err(DomainError::validation("warranty_months", "must be between 0 and 1200"));
        }
        self.external_ref = text::optional("external_ref", self.external_ref.as_deref(), text::SHORT_MAX)?;
        Ok(self)
    }

    /// A new product from a draft (`base_currency` when the draft names none), or `before` with every
    /// field the draft's (an upsert by `external_ref`: the ERP pushes whole records; an absent `active`
    /// keeps the stored flag).
    pub(crate) fn from_draft(
        id: String,
        draft: &ProductDraft,
        base_currency: &str,
        before: Option<&Product>,
        now: DateTime<Utc>,
    ) -> DomainResult<Product> {
        Product {
            id,
            code: draft.code.clone(),
            name: draft.name.clone(),
            unit: draft.unit.clone(),
            list_price: draft.list_price,
            currency: draft.currency.clone().unwrap_or_else(|| base_currency.to_string()),
            category: draft.category.clone(),
            tax_rate_bp: draft.tax_rate_bp,
            warranty_months: draft.warranty_months,
            needs_installation: draft.needs_installation,
            active: draft.active.unwrap_or(before.is_none_or(|b| b.active)),
            external_ref: draft.external_ref.clone().or_else(|| before.and_then(|b| b.external_ref.clone())),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        }
        .normalised()
    }

    /// The product with a patch applied, validated.
    pub(crate) fn patched(&self, p: &ProductPatch, now: DateTime<Utc>) -> DomainResult<Product> {
        let mut after = self.clone();
        if let Some(v) = &p.code {
            after.code = v.clone();
        }
        if let Some(v) = &p.name {
            after.name = v.clone();
        }
        if let Some(v) = &p.unit {
            after.unit = v.clone();
        }
        if let Some(v) = p.list_price {
            after.list_price = v;
        }
        if let Some(v) = &p.currency {
            after.currency = v.clone();
        }
        if let Some(v) = &p.category {
            after.category = v.clone();
        }
        if let Some(v) = p.tax_rate_bp {
            after.tax_rate_bp = v;
        }
        if let Some(v) = p.warranty_months {
            after.warranty_months = v;
        }
        if let Some(v) = p.needs_installation {
            after.needs_installation = v;
        }
        if let Some(v) = p.active {
            after.active = v;
        }
        if let Some(v) = &p.external_ref {
            after.external_ref = v.clone();
        }
        after.updated_at = now;
        after.normalised()
    }
}

/// A new product, or (`products.push`, or `products.create` with a known `external_ref`) the whole
/// record of the product with that `external_ref`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductDraft {
    /// The product code (SKU), unique: 1 to 64 letters, digits or `_ - . /`.
    pub code: String,
    pub name: String,
    /// The unit of sale (`pcs`, `台`, `kg`, ...).
    pub unit: String,
    /// List price per unit, minor units of `currency`; not negative.
    pub list_price: i64,
    /// ISO 4217; default the organisation's base currency.
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    /// Tax rate in basis points, 0 to 10000 (13% is `1300`); default 0.
    #[serde(default)]
    pub tax_rate_bp: i64,
    /// Warranty from delivery, in months (0 to 1200); default 0.
    #[serde(default)]
    pub warranty_months: i64,
    #[serde(default)]
    pub needs_installation: bool,
    /// Default `true` for a new product; an upsert without it keeps the stored flag.
    #[serde(default)]
    pub active: Option<bool>,
    /// The host ERP's key: a known one updates that product (idempotent); required by `products.push`.
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// Changes to a product; absent fields stay as they are, `null` clears `category` or `external_ref`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductPatch {
    pub id: String,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub list_price: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub category: Patch<String>,
    #[serde(default)]
    pub tax_rate_bp: Option<i64>,
    #[serde(default)]
    pub warranty_months: Option<i64>,
    #[serde(default)]
    pub needs_installation: Option<bool>,
    /// `false` takes the product off new quotes and orders (it cannot be priced for a new line).
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "text::patch")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub external_ref: Patch<String>,
}

/// Which products to list, ordered by id and paged by cursor.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields, default)]
pub struct ProductListRequest {
    /// Products of this category exactly.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub category: Option<String>,
    /// Only active (`true`) or inactive (`false`) products; default both.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub active: Option<bool>,
    /// Text found in the code or the name.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub text: Option<String>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub cursor: Option<String>,
    /// Page size, 1 to 1000 (default 50).
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub limit: Option<u32>,
}

/// A quantity as a request writes it: a whole number or a decimal string with at most three decimal
/// places. Checked by the engine, so a negative or malformed one is `validation` with its field.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum QuantityInput {
    Whole(i64),
    Decimal(String),
}

impl QuantityInput {
    pub(crate) fn quantity(&self, field: &str) -> DomainResult<Quantity> {
        match self {
            QuantityInput::Whole(n) => Quantity::parse(field, &n.to_string()),
            QuantityInput::Decimal(s) => Quantity::parse(field, s),
        }
    }
}

// ---- Price lists ---------------------------------------------------------------------------------

/// One rule of a price list: a fixed unit price for a product, in minor units of the product's
/// currency, for everyone, one customer or the customers with a tag, optionally from a minimum quantity
/// and within a validity window (both ends inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceRule {
    pub id: String,
    pub product_id: String,
    /// Only this customer (or `customer_tag`, or neither: everyone).
    pub customer_id: Option<String>,
    /// Only customers with this tag.
    pub customer_tag: Option<String>,
    /// The unit price, minor units of the product's currency.
    pub unit_price: i64,
    /// The rule applies from this quantity on (`0`: any quantity).
    pub min_quantity: Quantity,
    /// First day it applies (`null`: always has).
    pub valid_from: Option<NaiveDate>,
    /// Last day it applies, inclusive (`null`: no end).
    pub valid_to: Option<NaiveDate>,
}

impl PriceRule {
    /// Whether two rules say the same (all but the id).
    pub(crate) fn same_terms(&self, other: &PriceRule) -> bool {
        PriceRule { id: other.id.clone(), ..self.clone() } == *other
    }

    /// How specific the rule is: a customer's (2), a tag's (1), everyone's (0).
    fn specificity(&self) -> u8 {
        match (&self.customer_id, &self.customer_tag) {
            (Some(_), _) => 2,
            (None, Some(_)) => 1,
            (None, None) => 0,
        }
    }

    fn applies(&self, customer_id: &str, tags: &[String], quantity: Quantity, on: NaiveDate) -> bool {
        self.customer_id.as_deref().is_none_or(|c| c == customer_id)
            && self.customer_tag.as_ref().is_none_or(|t| tags.contains(t))
            && self.min_quantity <= quantity
            && self.valid_from.is_none_or(|d| d <= on)
            && self.valid_to.is_none_or(|d| on <= d)
    }
}

/// A named price list with its rules (DOC-1). Defining it again replaces its rules and raises its
/// `version`; every definition is audited with the rules before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PriceList {
    pub id: String,
    /// Unique code, the key `price_lists.define` replaces by.
    pub code: String,
    pub name: String,
    /// 1 when created, raised by every definition that changes it.
    pub version: i64,
    pub rules: Vec<PriceRule>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Archived lists give no prices.
    pub archived_at: Option<DateTime<Utc>>,
}

/// A rule as `price_lists.define` takes it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceRuleDraft {
    pub product_id: String,
    /// Only this customer (not with `customer_tag`).
    #[serde(default)]
    pub customer_id: Option<String>,
    /// Only customers with this tag (not with `customer_id`).
    #[serde(default)]
    pub customer_tag: Option<String>,
    /// The unit price, minor units of the product's currency; not negative.
    pub unit_price: i64,
    /// Applies from this quantity on; default 0 (any quantity).
    #[serde(default)]
    pub min_quantity: Option<QuantityInput>,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default)]
    pub valid_from: Option<String>,
    /// `YYYY-MM-DD`, inclusive; not before `valid_from`.
    #[serde(default)]
    pub valid_to: Option<String>,
}

impl PriceRuleDraft {
    /// The validated rule at position `i` (fields named `rules[i].<field>`). Whether its product and
    /// customer exist is the engine's.
    pub(crate) fn validated(&self, i: usize, id: String) -> DomainResult<PriceRule> {
        let f = |name: &str| format!("rules[{i}].{name}");
        let product_id = text::required(&f("product_id"), &self.product_id, text::SHORT_MAX)?;
        let customer_id = text::optional(&f("customer_id"), self.customer_id.as_deref(), text::SHORT_MAX)?;
        let customer_tag = match self.customer_tag.as_deref() {
            Some(t) => Some(text::code(&f("customer_tag"), t)?),
            None => None,
        };
        if customer_id.is_some() && customer_tag.is_some() {
            return Err(DomainError::validation(f("customer_tag"), "name a customer or a tag, not both"));
        }
        money::validate_amount(&f("unit_price"), self.unit_price)?;
        let min_quantity = match &self.min_quantity {
            Some(q) => q.quantity(&f("min_quantity"))?,
            None => Quantity::ZERO,
        };
        let date = |name: &str, v: &Option<String>| -> DomainResult<Option<NaiveDate>> {
            v.as_deref().map(|d| calendar::parse_date(&f(name), d)).transpose()
        };
        let valid_from = date("valid_from", &self.valid_from)?;
        let valid_to = date("valid_to", &self.valid_to)?;
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to < from
        {
            return Err(DomainError::validation(f("valid_to"), "must not be before valid_from"));
        }
        Ok(PriceRule {
            id,
            product_id,
            customer_id,
            customer_tag,
            unit_price: self.unit_price,
            min_quantity,
            valid_from,
            valid_to,
        })
    }
}

/// Creates a price list, or replaces the name and rules of the list with this `code`.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceListDraft {
    /// 1 to 64 letters, digits or `_ - . /`; unique.
    pub code: String,
    pub name: String,
    /// The complete rule list; a rule unchanged from the previous version keeps its id.
    #[serde(default)]
    pub rules: Vec<PriceRuleDraft>,
}

/// Which price lists to list, ordered by id and paged by cursor.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields, default)]
pub struct PriceListListRequest {
    pub include_archived: bool,
    pub cursor: Option<String>,
    /// Page size, 1 to 1000 (default 50).
    pub limit: Option<u32>,
}

/// The price of a product for a customer, a quantity and a day.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceRequest {
    pub product_id: String,
    pub customer_id: String,
    pub quantity: QuantityInput,
    /// `YYYY-MM-DD`; default today in the organisation's time zone.
    #[serde(default)]
    pub date: Option<String>,
}

/// Who a rule was for, when it gave the price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum RuleMatch {
    /// The rule names this customer.
    Customer,
    /// The rule names a tag the customer has.
    Tag,
    /// The rule is for every customer.
    Everyone,
}

/// Where a line's unit price came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceSource {
    /// No rule applied: the product's list price.
    ListPrice,
    /// The winning rule of a live price list. Precedence among the applicable rules: a customer's rule
    /// beats a tag's, which beats a rule for everyone; then the highest minimum quantity reached; then
    /// the latest `valid_from` (none counts as earliest); then the lowest price; then the smallest rule id.
    Rule {
        price_list_id: String,
        price_list_code: String,
        price_list_name: String,
        /// The list's version when it priced.
        price_list_version: i64,
        rule_id: String,
        /// Customer-specific, by tag, or general.
        matched_by: RuleMatch,
        /// The tag it matched, for `matched_by: tag`.
        customer_tag: Option<String>,
        /// The rule's minimum quantity, which the line's quantity reaches.
        min_quantity: Quantity,
        /// The rule's validity window (inclusive), which holds the pricing day.
        valid_from: Option<NaiveDate>,
        valid_to: Option<NaiveDate>,
    },
}

/// The price a line gets, explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct LinePrice {
    pub product_id: String,
    pub customer_id: String,
    pub quantity: Quantity,
    /// The pricing day.
    pub date: NaiveDate,
    /// Minor units of `currency`, per unit.
    pub unit_price: i64,
    /// The product's currency.
    pub currency: String,
    /// The product's list price, for comparison.
    pub list_price: i64,
    pub source: PriceSource,
}

/// A price list's rule that names a product, with its list, as pricing reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceCandidate {
    pub price_list_id: String,
    pub price_list_code: String,
    pub price_list_name: String,
    pub price_list_version: i64,
    pub rule: PriceRule,
}

/// The price of `quantity` of `product` for a customer (id and tags) on day `on` (DOC-1).
///
/// The applicable rules are those of live price lists naming the product whose customer (if any) is
/// this one, whose tag (if any) the customer has, whose minimum quantity the quantity reaches, and
/// whose validity window (both ends inclusive, open ends unbounded) holds the day. Among them the
/// winner is, in order of precedence:
///
/// 1. the most specific: a customer's rule beats a tag's, which beats a rule for everyone;
/// 2. the highest minimum quantity reached (the quantity break);
/// 3. the latest `valid_from` (a rule without one counts as the earliest);
/// 4. the lowest unit price;
/// 5. the smallest rule id (ids are time ordered: the oldest rule).
///
/// No applicable rule: the list price.
pub(crate) fn choose_price(
    product: &Product,
    customer_id: &str,
    tags: &[String],
    quantity: Quantity,
    on: NaiveDate,
    candidates: &[PriceCandidate],
) -> LinePrice {
    let best = candidates
        .iter()
        .filter(|c| c.rule.product_id == product.id && c.rule.applies(customer_id, tags, quantity, on))
        .min_by(|a, b| {
            let key = |c: &PriceCandidate| {
                (
                    Reverse(c.rule.specificity()),
                    Reverse(c.rule.min_quantity),
                    Reverse(c.rule.valid_from),
                    c.rule.unit_price,
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.rule.id.cmp(&b.rule.id))
        });
    let (unit_price, source) = match best {
        None => (product.list_price, PriceSource::ListPrice),
        Some(c) => (
            c.rule.unit_price,
            PriceSource::Rule {
                price_list_id: c.price_list_id.clone(),
                price_list_code: c.price_list_code.clone(),
                price_list_name: c.price_list_name.clone(),
                price_list_version: c.price_list_version,
                rule_id: c.rule.id.clone(),
                matched_by: match c.rule.specificity() {
                    2 => RuleMatch::Customer,
                    1 => RuleMatch::Tag,
                    _ => RuleMatch::Everyone,
                },
                customer_tag: c.rule.customer_tag.clone(),
                min_quantity: c.rule.min_quantity,
                valid_from: c.rule.valid_from,
                valid_to: c.rule.valid_to,
            },
        ),
    };
    LinePrice {
        product_id: product.id.clone(),
        customer_id: customer_id.to_string(),
        quantity,
        date: on,
        unit_price,
        currency: product.currency.clone(),
        list_price: product.list_price,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product() -> Product {
        let t = DateTime::<Utc>::from_timestamp(0, 0).unwrap();
        Product {
            id: "p".into(),
            code: "SKU-1".into(),
            name: "Pump".into(),
            unit: "pcs".into(),
            list_price: 1000,
            currency: "CNY".into(),
            category: None,
            tax_rate_bp: 1300,
            warranty_months: 12,
            needs_installation: false,
            active: true,
            external_ref: None,
            created_at: t,
            updated_at: t,
        }
    }

    fn rule(id: &str, price: i64) -> PriceRule {
        PriceRule {
            id: id.into(),
            product_id: "p".into(),
            customer_id: None,
            customer_tag: None,
            unit_price: price,
            min_quantity: Quantity::ZERO,
            valid_from: None,
            valid_to: None,
        }
    }

    fn cand(rule: PriceRule) -> PriceCandidate {
        PriceCandidate {
            price_list_id: "l".into(),
            price_list_code: "L".into(),
            price_list_name: "List".into(),
            price_list_version: 1,
            rule,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    fn winner(rules: Vec<PriceRule>, qty: i64, on: NaiveDate) -> Option<String> {
        let c: Vec<_> = rules.into_iter().map(cand).collect();
        match choose_price(&product(), "c1", &["vip".to_string()], Quantity::units(qty), on, &c).source {
            PriceSource::ListPrice => None,
            PriceSource::Rule { rule_id, .. } => Some(rule_id),
        }
    }

    #[test]
    fn doc_1_precedence_is_specificity_then_quantity_then_validity_then_price_then_id() {
        let customer = PriceRule { customer_id: Some("c1".into()), ..rule("a", 900) };
        let tag = PriceRule { customer_tag: Some("vip".into()), ..rule("b", 800) };
        let general = rule("c", 700);
        assert_eq!(winner(vec![general.clone(), tag.clone(), customer.clone()], 1, day(1)).as_deref(), Some("a"));
        assert_eq!(winner(vec![general.clone(), tag.clone()], 1, day(1)).as_deref(), Some("b"));
        let other_customer = PriceRule { customer_id: Some("c2".into()), ..rule("d", 1) };
        let other_tag = PriceRule { customer_tag: Some("gold".into()), ..rule("e", 1) };
        assert_eq!(winner(vec![other_customer, other_tag, general.clone()], 1, day(1)).as_deref(), Some("c"));
        let bulk = PriceRule { min_quantity: Quantity::units(10), ..rule("f", 750) };
        assert_eq!(winner(vec![general.clone(), bulk.clone()], 10, day(1)).as_deref(), Some("f"));
        assert_eq!(winner(vec![general.clone(), bulk], 9, day(1)).as_deref(), Some("c"));
        let later = PriceRule { valid_from: Some(day(1)), ..rule("g", 990) };
        assert_eq!(winner(vec![general.clone(), later], 1, day(1)).as_deref(), Some("g"));
        assert_eq!(winner(vec![rule("i", 600), rule("h", 500)], 1, day(1)).as_deref(), Some("h"));
        assert_eq!(winner(vec![rule("k", 500), rule("j", 500)], 1, day(1)).as_deref(), Some("j"));
        assert_eq!(winner(vec![], 1, day(1)), None);
    }

    #[test]
    fn doc_1_validity_windows_are_inclusive() {
        let window = PriceRule { valid_from: Some(day(5)), valid_to: Some(day(10)), ..rule("w", 1) };
        for (d, applies) in [(4, false), (5, true), (10, true), (11, false)] {
            assert_eq!(winner(vec![window.clone()], 1, day(d)).is_some(), applies, "day {d}");
        }
    }

    #[test]
    fn doc_1_drafts_are_validated_with_their_fields() {
        let field = |e: DomainError| e.field().unwrap_or_default().to_string();
        let d = PriceRuleDraft {
            product_id: "p".into(),
            customer_id: None,
            customer_tag: None,
            unit_price: 1,
            min_quantity: None,
            valid_from: Some("2026-03-10".into()),
            valid_to: Some("2026-03-09".into()),
        };
        assert_eq!(field(d.validated(2, "r".into()).unwrap_err()), "rules[2].valid_to");
        let d = PriceRuleDraft { valid_to: None, min_quantity: Some(QuantityInput::Whole(-1)), ..d };
        assert_eq!(field(d.validated(0, "r".into()).unwrap_err()), "rules[0].min_quantity");
        let d = PriceRuleDraft { min_quantity: None, unit_price: -5, ..d };
        assert_eq!(field(d.validated(0, "r".into()).unwrap_err()), "rules[0].unit_price");
        let p = Product { tax_rate_bp: 10_001, ..product() };
        assert_eq!(field(p.normalised().unwrap_err()), "tax_rate_bp");
        let p = Product { currency: "XXQ".into(), ..product() };
        assert_eq!(field(p.normalised().unwrap_err()), "currency");
        let p = Product { warranty_months: -1, ..product() };
        assert_eq!(field(p.normalised().unwrap_err()), "warranty_months");
    }
}
