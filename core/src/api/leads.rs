//! Leads methods (LEAD-1 capture and status, LEAD-3 assignment, LEAD-4 conversion).

use super::method::methods;
pub use crate::domain::assignment::{AssignMethod, AssignRequest, Territory};
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
pub use crate::domain::lead::{
    Conversion, ConvertOpportunity, ConvertRequest, DisqualifyRequest, Lead, LeadDraft, LeadListRequest, LeadPatch,
    LeadStatus,
};

methods! {
    /// Captures a lead (status `new`, or `assigned` when `owner_id` is given); a known `external_ref` updates that lead.
    "leads.create" => create_lead(LeadDraft) -> Lead,
        example r#"{"person_name": "陈静", "company_name": "深圳市前海科技有限公司", "title": "采购经理", "phone": "+86 138 0013 8000", "email": "chen.jing@qhtech.cn", "region": "44/4403", "industry": "electronics", "source": "trade_fair", "campaign": "2026 春季展会", "external_ref": "ERP-L-5521"}"#;
    /// Changes a lead's person, company and custom fields; `null` clears an optional field. Converted leads are immutable.
    "leads.update" => update_lead(LeadPatch) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101", "title": "采购总监", "email": null}"#;
    /// One lead in the actor's scope.
    "leads.get" => lead(IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// Leads in scope (unassigned ones too for users above `own` scope), filtered, paged by id.
    "leads.list" => list_leads(LeadListRequest) -> Page<Lead>,
        example r#"{"status": "assigned", "source": "trade_fair", "limit": 20}"#;
    /// Archives a lead (converted leads too); archived leads leave lists unless `include_archived`.
    "leads.archive" => archive_lead(IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// Restores an archived lead.
    "leads.restore" => restore_lead(IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// Creates or upserts (by `external_ref`) many leads in one transaction, with per-item errors.
    "leads.batch" => batch_leads(BatchRequest<LeadDraft>) -> BatchResult,
        example r#"{"items": [{"person_name": "刘洋", "phone": "13900139000", "source": "web", "external_ref": "WEB-881"}, {"person_name": "Li Mei", "email": "li.mei@example.com", "source": "web"}], "mode": "skip_invalid"}"#;
    /// LEAD-1: the owner starts working an assigned lead (assigned -> working).
    "leads.start_work" => start_work_on_lead(IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// LEAD-1: marks a worked lead as qualified (working -> qualified).
    "leads.qualify" => qualify_lead(IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// LEAD-1: disqualifies a new, assigned, working or qualified lead; the reason is required.
    "leads.disqualify" => disqualify_lead(DisqualifyRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101", "reason": "no budget this year"}"#;
    /// LEAD-1: puts a disqualified lead back into the pool (status `recycled`, owner cleared).
    "leads.recycle" => recycle_lead(IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#;
    /// LEAD-3: assigns leads (`id` or `ids`, in order, atomically) manually, round robin, least loaded or by territory (managers in scope, admins, system).
    "leads.assign" => assign_leads(AssignRequest) -> Vec<Lead>,
        example r#"{"ids": ["0190a8b2-7c1e-7000-8000-000000000101", "0190a8b2-7c1e-7000-8000-000000000102"], "method": {"kind": "round_robin", "department_id": "0190a8b2-7c1e-7000-8000-000000000001"}}"#;
    /// LEAD-3: routes leads whose region lies under `region_prefix` to a department's team (admin or system).
    "leads.set_territory" => set_lead_territory(Territory) -> Territory,
        example r#"{"region_prefix": "44/4403", "department_id": "0190a8b2-7c1e-7000-8000-000000000001"}"#;
    /// LEAD-4: converts a qualified lead: links `customer_id` or creates a customer (company when the lead names one,
    /// else the person), always creates the contact, optionally an opportunity; all or nothing.
    "leads.convert" => convert_lead(ConvertRequest) -> Conversion,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101", "opportunity": {"title": "前海科技 2026 设备采购", "amount": 8800000, "currency": "CNY", "expected_close_date": "2026-06-30"}}"#;
    /// LEAD-3: the configured territories, by region prefix.
    "leads.territories" => lead_territories() -> Vec<Territory>,
        example r#"{}"#;
}
