//! The catalogue on mobile (DOC-1): a field rep looks up products and the price a customer gets, with the rule that gave it.

use rapport_core::mobile::{ProductPage, RapportError};
use rapport_core::products::{LinePrice, PriceRequest, Product, ProductListRequest, QuantityInput};
use rapport_core::{IdRequest, Quantity};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// Products filtered by category, active flag and text in the code or name; see `products.list`.
    pub fn list_products(
        &self,
        actor: Option<String>,
        request: ProductListRequest,
    ) -> Result<ProductPage, RapportError> {
        self.with(|e| e.list_products(actor.as_deref(), request)).map(Into::into)
    }

    /// One product of the catalogue.
    pub fn get_product(&self, actor: Option<String>, id: String) -> Result<Product, RapportError> {
        self.with(|e| e.product(actor.as_deref(), IdRequest::new(id)))
    }

    /// The unit price `quantity` of a product gets for a customer on `date` (default today), and its source;
    /// see `products.price`.
    #[uniffi::method(default(date = None))]
    pub fn price_product(
        &self,
        actor: Option<String>,
        product_id: String,
        customer_id: String,
        quantity: Quantity,
        date: Option<String>,
    ) -> Result<LinePrice, RapportError> {
        let request =
            PriceRequest { product_id, customer_id, quantity: QuantityInput::Decimal(quantity.to_string()), date };
        self.with(|e| e.price_product(actor.as_deref(), request))
    }
}
