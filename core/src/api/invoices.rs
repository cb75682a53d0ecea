//! Invoice request methods (DOC-10): a rep asks for an invoice on an order, a contract or service income; finance or the host reports it issued or rejects it.

use super::method::methods;
use crate::domain::common::{IdRequest, Page};
pub use crate::domain::invoice::{
    Invoice, InvoiceListRequest, InvoiceRequest, InvoiceStatus, InvoiceSubject, InvoiceType, IssueInvoiceRequest,
    RejectInvoiceRequest,
};

methods! {
    /// Asks for an invoice (开票申请) on an approved order, a signed contract, or (naming only `customer_id`) service income, for at most what is left to invoice on it (an order under a contract also within the contract's); `vat_special` needs the buyer's `tax_id`. Finance or the host then issues or rejects it. A known `external_ref` answers the request made with it.
    "invoices.request" => request_invoice(InvoiceRequest) -> Invoice,
        example r#"{"order_id": "0190a8b2-7c1e-7000-8000-000000000050", "amount": 6400000, "invoice_title": "华为技术有限公司", "tax_id": "914403001922038216", "invoice_type": "vat_special"}"#;
    /// Reports a requested invoice issued (finance: the `approve` permission on invoices, or the host): its number, date and amount (at most what was asked; default all of it). Orders and contracts count it as invoiced.
    "invoices.issue" => issue_invoice(IssueInvoiceRequest) -> Invoice,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000a0", "invoice_number": "44031234", "issue_date": "2026-03-12"}"#;
    /// Rejects a requested invoice with a reason (finance or the host); its amount may be requested again.
    "invoices.reject" => reject_invoice(RejectInvoiceRequest) -> Invoice,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000a0", "reason": "抬头与合同不符"}"#;
    /// One invoice request.
    "invoices.get" => invoice(IdRequest) -> Invoice,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000a0"}"#;
    /// Invoice requests in the actor's scope (a customer's, an order's or a contract's), newest first; `status: requested` lists the waiting ones oldest first (finance's and the host's queue).
    "invoices.list" => list_invoices(InvoiceListRequest) -> Page<Invoice>,
        example r#"{"status": "requested", "limit": 50}"#;
}
