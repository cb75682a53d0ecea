//! Quotes on mobile (DOC-2): a field rep quotes at the customer's site, sends, revises and records the customer's answer.

use rapport_core::IdRequest;
use rapport_core::mobile::{QuotePage, RapportError};
use rapport_core::quotes::{
    AcceptQuoteRequest, Quote, QuoteDraft, QuoteListRequest, QuotePatch, RejectQuoteRequest, SendQuoteRequest,
};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// A draft quote with priced lines for a visible customer; see `quotes.create`.
    pub fn create_quote(&self, actor: Option<String>, draft: QuoteDraft) -> Result<Quote, RapportError> {
        self.with(|e| e.create_quote(actor.as_deref(), draft))
    }

    /// Changes a draft quote (all its lines at once, repriced); see `quotes.update`.
    pub fn update_quote(&self, actor: Option<String>, patch: QuotePatch) -> Result<Quote, RapportError> {
        self.with(|e| e.update_quote(actor.as_deref(), patch))
    }

    /// One quote version, its status as of today.
    pub fn get_quote(&self, actor: Option<String>, id: String) -> Result<Quote, RapportError> {
        self.with(|e| e.quote(actor.as_deref(), IdRequest::new(id)))
    }

    /// Quotes in the actor's scope, newest first, one page at a time.
    pub fn list_quotes(&self, actor: Option<String>, request: QuoteListRequest) -> Result<QuotePage, RapportError> {
        self.with(|e| e.list_quotes(actor.as_deref(), request)).map(Into::into)
    }

    /// Sends a draft; a discount above the actor's ceiling submits it for approval instead; see `quotes.send`.
    pub fn send_quote(&self, actor: Option<String>, request: SendQuoteRequest) -> Result<Quote, RapportError> {
        self.with(|e| e.send_quote(actor.as_deref(), request))
    }

    /// A new draft version of a sent, expired or rejected quote; the old one becomes `superseded`.
    pub fn revise_quote(&self, actor: Option<String>, id: String) -> Result<Quote, RapportError> {
        self.with(|e| e.revise_quote(actor.as_deref(), IdRequest::new(id)))
    }

    /// The customer accepts the sent quote (optionally updating its opportunity).
    pub fn accept_quote(&self, actor: Option<String>, request: AcceptQuoteRequest) -> Result<Quote, RapportError> {
        self.with(|e| e.accept_quote(actor.as_deref(), request))
    }

    /// The customer rejects the sent quote.
    pub fn reject_quote(&self, actor: Option<String>, request: RejectQuoteRequest) -> Result<Quote, RapportError> {
        self.with(|e| e.reject_quote(actor.as_deref(), request))
    }
}
