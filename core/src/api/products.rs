//! Products and price lists methods (DOC-1): the catalogue, its ERP push, price lists and the explainable price of a line.

use super::method::methods;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
pub use crate::domain::product::{
    LinePrice, PriceList, PriceListDraft, PriceListListRequest, PriceRequest, PriceRule, PriceRuleDraft, PriceSource,
    Product, ProductDraft, ProductListRequest, ProductPatch, QuantityInput, RuleMatch,
};

methods! {
    /// Creates a product (administrators and roles permitted `create` on products); a known `external_ref` updates that product instead.
    "products.create" => create_product(ProductDraft) -> Product,
        example r#"{"code": "PUMP-200", "name": "Circulation pump 200 W", "unit": "pcs", "list_price": 128000, "currency": "CNY", "category": "pumps", "tax_rate_bp": 1300, "warranty_months": 24, "needs_installation": true, "external_ref": "ERP-P-200"}"#;
    /// Changes a product's fields; `active: false` takes it off new lines, `null` clears `category` or `external_ref`.
    "products.update" => update_product(ProductPatch) -> Product,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000a1", "list_price": 125000, "category": null, "active": false}"#;
    /// One product of the catalogue (every user reads it).
    "products.get" => product(IdRequest) -> Product,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000a1"}"#;
    /// Products filtered by category, active flag and text in the code or name, paged by cursor.
    "products.list" => list_products(ProductListRequest) -> Page<Product>,
        example r#"{"category": "pumps", "active": true, "text": "PUMP", "limit": 50}"#;
    /// Pushes the ERP's catalogue: products created or updated by `external_ref` (required; idempotent); `all_or_nothing` (default) or `skip_invalid`.
    "products.push" => push_products(BatchRequest<ProductDraft>) -> BatchResult,
        example r#"{"mode": "skip_invalid", "items": [{"code": "VALVE-15", "name": "Ball valve DN15", "unit": "pcs", "list_price": 4500, "tax_rate_bp": 1300, "external_ref": "ERP-P-015"}]}"#;
    /// The unit price of a product for a customer, quantity and day (default today), and where it came from: the list price or the winning price list rule, with why it applied.
    "products.price" => price_product(PriceRequest) -> LinePrice,
        example r#"{"product_id": "0190a8b2-7c1e-7000-8000-0000000000a1", "customer_id": "0190a8b2-7c1e-7000-8000-0000000000c1", "quantity": "12.5", "date": "2026-03-02"}"#;
    /// Creates a price list, or replaces the name and rules of the list with this code (version raised, audited); rules give a product a fixed unit price for everyone, a customer or a tag, from a minimum quantity, within inclusive dates.
    "price_lists.define" => define_price_list(PriceListDraft) -> PriceList,
        example r#"{"code": "spring-2026", "name": "Spring 2026", "rules": [{"product_id": "0190a8b2-7c1e-7000-8000-0000000000a1", "customer_tag": "key-account", "unit_price": 115000, "min_quantity": 10, "valid_from": "2026-03-01", "valid_to": "2026-05-31"}]}"#;
    /// One price list with its rules.
    "price_lists.get" => price_list(IdRequest) -> PriceList,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000b1"}"#;
    /// Price lists with their rules, live ones unless `include_archived`, paged by cursor.
    "price_lists.list" => list_price_lists(PriceListListRequest) -> Page<PriceList>,
        example r#"{"include_archived": false, "limit": 50}"#;
    /// Archives a price list: kept and restorable, its rules no longer give prices.
    "price_lists.archive" => archive_price_list(IdRequest) -> PriceList,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000b1"}"#;
    /// Restores an archived price list.
    "price_lists.restore" => restore_price_list(IdRequest) -> PriceList,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000b1"}"#;
}
