//! Orders on mobile (DOC-4): an order from the accepted quote or direct, submitted for approval, its credit check and status.

use rapport_core::IdRequest;
use rapport_core::approvals::Approval;
use rapport_core::mobile::{OrderPage, RapportError};
use rapport_core::sales::{CancelOrderRequest, CreditCheck, Order, OrderDraft, OrderListRequest, SubmitOrderRequest};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// A draft order from a quote's current version or direct with lines; see `orders.create`.
    pub fn create_order(&self, actor: Option<String>, draft: OrderDraft) -> Result<Order, RapportError> {
        self.with(|e| e.create_order(actor.as_deref(), draft))
    }

    /// One order with its lines, delivered and returned quantities.
    pub fn get_order(&self, actor: Option<String>, id: String) -> Result<Order, RapportError> {
        self.with(|e| e.order(actor.as_deref(), IdRequest::new(id)))
    }

    /// Orders on customers in the actor's scope, newest first, one page at a time.
    pub fn list_orders(&self, actor: Option<String>, request: OrderListRequest) -> Result<OrderPage, RapportError> {
        self.with(|e| e.list_orders(actor.as_deref(), request)).map(Into::into)
    }

    /// Submits a draft or rejected order along the order approval flow (`dry_run`: the route and the credit
    /// check only).
    pub fn submit_order(&self, actor: Option<String>, request: SubmitOrderRequest) -> Result<Approval, RapportError> {
        self.with(|e| e.submit_order(actor.as_deref(), request))
    }

    /// Whether credit would block the order's approval, and by how much.
    pub fn order_credit_check(&self, actor: Option<String>, id: String) -> Result<CreditCheck, RapportError> {
        self.with(|e| e.order_credit_check(actor.as_deref(), IdRequest::new(id)))
    }

    /// Cancels an order not yet delivered.
    pub fn cancel_order(&self, actor: Option<String>, request: CancelOrderRequest) -> Result<Order, RapportError> {
        self.with(|e| e.cancel_order(actor.as_deref(), request))
    }
}
