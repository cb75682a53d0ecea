//! Contacts on mobile (CUS-3): create, update, get, and a customer's contacts page by page.

use rapport_core::IdRequest;
use rapport_core::contacts::{Contact, ContactDraft, ContactListRequest, ContactPatch};
use rapport_core::mobile::{ContactPage, RapportError};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// Creates a contact of a visible customer (the first one becomes primary); see `contacts.create`.
    pub fn create_contact(&self, actor: Option<String>, draft: ContactDraft) -> Result<Contact, RapportError> {
        self.with(|e| e.create_contact(actor.as_deref(), draft))
    }

    /// Changes a contact; absent fields stay.
    pub fn update_contact(&self, actor: Option<String>, patch: ContactPatch) -> Result<Contact, RapportError> {
        self.with(|e| e.update_contact(actor.as_deref(), patch))
    }

    /// One contact, visible with its customer.
    pub fn get_contact(&self, actor: Option<String>, id: String) -> Result<Contact, RapportError> {
        self.with(|e| e.contact(actor.as_deref(), IdRequest::new(id)))
    }

    /// A customer's contacts in creation order, one page at a time.
    pub fn list_contacts(
        &self,
        actor: Option<String>,
        request: ContactListRequest,
    ) -> Result<ContactPage, RapportError> {
        self.with(|e| e.list_contacts(actor.as_deref(), request)).map(Into::into)
    }
}
