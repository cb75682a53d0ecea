//! Customers on mobile (CUS-1, CUS-5): create, update, get, scoped lists with filters and paging, and a customer's timeline.

use rapport_core::IdRequest;
use rapport_core::customers::{Customer, CustomerDraft, CustomerListRequest, CustomerPatch, TimelineRequest};
use rapport_core::mobile::{CustomerPage, RapportError, TimelinePage};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// Creates a customer (a known `external_ref` updates that one instead); see `customers.create`.
    pub fn create_customer(&self, actor: Option<String>, draft: CustomerDraft) -> Result<Customer, RapportError> {
        self.with(|e| e.create_customer(actor.as_deref(), draft))
    }

    /// A customer's documents and activities, newest first, a page at a time; see `customers.timeline`.
    pub fn customer_timeline(
        &self,
        actor: Option<String>,
        request: TimelineRequest,
    ) -> Result<TimelinePage, RapportError> {
        self.with(|e| e.customer_timeline(actor.as_deref(), request)).map(Into::into)
    }

    /// Changes a customer's fields; absent fields stay (clearing a field is `call("customers.update")` with `null`).
    pub fn update_customer(&self, actor: Option<String>, patch: CustomerPatch) -> Result<Customer, RapportError> {
        self.with(|e| e.update_customer(actor.as_deref(), patch))
    }

    /// One customer visible to the actor (`not_found` otherwise).
    pub fn get_customer(&self, actor: Option<String>, id: String) -> Result<Customer, RapportError> {
        self.with(|e| e.customer(actor.as_deref(), IdRequest::new(id)))
    }

    /// Customers in the actor's scope plus the public pool, filtered, one page at a time.
    pub fn list_customers(
        &self,
        actor: Option<String>,
        request: CustomerListRequest,
    ) -> Result<CustomerPage, RapportError> {
        self.with(|e| e.list_customers(actor.as_deref(), request)).map(Into::into)
    }
}
