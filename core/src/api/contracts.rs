//! Contract methods (DOC-3, DOC-9): drafts with lines and a payment plan, approval, signing, amendments into versions, termination, and execution.

use super::method::methods;
use crate::domain::approval::Approval;
use crate::domain::common::{IdRequest, Page};
pub use crate::domain::contract::{
    Contract, ContractDraft, ContractExecution, ContractListRequest, ContractPatch, ContractStatus, ExecutionRequest,
    ExecutionTotals, Instalment, InstalmentExecution, InstalmentRequest, InstalmentStatus, LineExecution,
    SignContractRequest, SubmitContractRequest, TerminateContractRequest,
};

methods! {
    /// Writes a draft contract for a visible customer, from the current version of a sent or accepted quote (accepting a sent one; its customer, currency and lines) or direct with lines priced like a quote's (one line per product), with a validity period and a payment plan: instalments in date order, each an amount or a percentage (`percent_bp`) of the gross total, adding up to it exactly. A known `external_ref` answers the contract made with it.
    "contracts.create" => create_contract(ContractDraft) -> Contract,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "title": "2026 年度框架协议", "start_date": "2026-03-01", "end_date": "2026-12-31", "lines": [{"product_id": "0190a8b2-7c1e-7000-8000-000000000060", "quantity": 100, "discount_bp": 500}], "payment_plan": [{"due_date": "2026-03-15", "percent_bp": 3000, "note": "预付款"}, {"due_date": "2026-06-30", "percent_bp": 7000}]}"#;
    /// Changes a draft or rejected contract: title, period, lines (repriced), payment plan, note, custom values; without a new plan the old one is resolved against the new total.
    "contracts.update" => update_contract(ContractPatch) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "end_date": "2027-02-28"}"#;
    /// One contract version with its lines, payment plan, and invoiced and uninvoiced amounts; a signed contract past `end_date` reads as `expired`.
    "contracts.get" => contract(IdRequest) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090"}"#;
    /// Contracts on customers in the actor's scope, newest first, current versions unless `include_superseded`.
    "contracts.list" => list_contracts(ContractListRequest) -> Page<Contract>,
        example r#"{"customer_id": "0190a8b2-7c1e-7000-8000-000000000003", "status": "signed"}"#;
    /// Submits a draft or rejected contract along the `contract` approval flow (the submitter's manager; from 500,000.00 also the manager above); approved at once when no step applies. `dry_run` answers the route writing nothing.
    "contracts.submit" => submit_contract(SubmitContractRequest) -> Approval,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "note": "年度框架, 请审批"}"#;
    /// Records the customer's signature on an approved contract (`signed_date`, default today); orders are then made under it. Signing an amendment supersedes the version in force, whose orders move to it and owe along its payment plan.
    "contracts.sign" => sign_contract(SignContractRequest) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "signed_date": "2026-03-05"}"#;
    /// Amends a signed contract: a new draft version with the same code, lines and plan, changed, submitted and signed like the first; the signed version stays in force until then. An amendment keeps at least what was already ordered.
    "contracts.amend" => amend_contract(IdRequest) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090"}"#;
    /// Ends a signed contract early with a reason: no more orders under it; the orders made keep their receivables.
    "contracts.terminate" => terminate_contract(TerminateContractRequest) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "reason": "客户业务调整"}"#;
    /// Archives a draft, rejected, terminated or superseded contract.
    "contracts.archive" => archive_contract(IdRequest) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090"}"#;
    /// Restores an archived contract.
    "contracts.restore" => restore_contract(IdRequest) -> Contract,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090"}"#;
    /// A contract's execution as of today or `as_of`: per line and in total what was ordered (and is pending), delivered, invoiced and received under it, what remains to order, and each instalment's status (planned, open, due, overdue, paid) with what is owed and outstanding on it. Received and outstanding money is withheld from roles without `view_financial` on receivables.
    "contracts.execution" => contract_execution(ExecutionRequest) -> ContractExecution,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000090", "as_of": "2026-07-01"}"#;
}
