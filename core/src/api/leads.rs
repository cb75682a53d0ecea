//! Leads methods (LEAD-1 capture and status, LEAD-3 assignment, LEAD-4 conversion).

use super::method::methods;
pub use crate::domain::assignment::{AssignMethod, AssignRequest, Territory};
use crate::domain::common::Empty;
use crate::domain::common::{BatchRequest, BatchResult, IdRequest, Page};
pub use crate::domain::lead::{
    Conversion, ConvertOpportunity, ConvertRequest, DisqualifyRequest, Lead, LeadDraft, LeadListRequest, LeadPatch,
    LeadStatus,
};

methods! {
    /// Captures a lead (status `new`, or `assigned` when `owner_id` is given); a known `external_ref` updates that lead.
    CreateLead "leads.create" (LeadDraft) -> Lead,
        example r#"{"person_name": "陈静", "company_name": "深圳市前海科技有限公司", "title": "采购经理", "phone": "+86 138 0013 8000", "email": "chen.jing@qhtech.cn", "region": "44/4403", "industry": "electronics", "source": "trade_fair", "campaign": "2026 春季展会", "external_ref": "ERP-L-5521"}"#,
        |e, a, r| e.create_lead(a, r);
    /// Changes a lead's person, company and custom fields; `null` clears an optional field. Converted leads are immutable.
    UpdateLead "leads.update" (LeadPatch) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101", "title": "采购总监", "email": null}"#,
        |e, a, r| e.update_lead(a, r);
    /// One lead in the actor's scope.
    GetLead "leads.get" (IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.lead(a, r);
    /// Leads in scope (unassigned ones too for users above `own` scope), filtered, paged by id.
    ListLeads "leads.list" (LeadListRequest) -> Page<Lead>,
        example r#"{"status": "assigned", "source": "trade_fair", "limit": 20}"#,
        |e, a, r| e.list_leads(a, r);
    /// Archives a lead (converted leads too); archived leads leave lists unless `include_archived`.
    ArchiveLead "leads.archive" (IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.archive_lead(a, r);
    /// Restores an archived lead.
    RestoreLead "leads.restore" (IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.restore_lead(a, r);
    /// Creates or upserts (by `external_ref`) many leads in one transaction, with per-item errors.
    BatchLeads "leads.batch" (BatchRequest<LeadDraft>) -> BatchResult,
        example r#"{"items": [{"person_name": "刘洋", "phone": "13900139000", "source": "web", "external_ref": "WEB-881"}, {"person_name": "Li Mei", "email": "li.mei@example.com", "source": "web"}], "mode": "skip_invalid"}"#,
        |e, a, r| e.batch_leads(a, r);
    /// LEAD-1: the owner starts working an assigned lead (assigned -> working).
    StartWorkOnLead "leads.start_work" (IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.start_work_on_lead(a, r);
    /// LEAD-1: marks a worked lead as qualified (working -> qualified).
    QualifyLead "leads.qualify" (IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.qualify_lead(a, r);
    /// LEAD-1: disqualifies a new, assigned, working or qualified lead; the reason is required.
    DisqualifyLead "leads.disqualify" (DisqualifyRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101", "reason": "no budget this year"}"#,
        |e, a, r| e.disqualify_lead(a, r);
    /// LEAD-1: puts a disqualified lead back into the pool (status `recycled`, owner cleared).
    RecycleLead "leads.recycle" (IdRequest) -> Lead,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101"}"#,
        |e, a, r| e.recycle_lead(a, r);
    /// LEAD-3: assigns leads (`id` or `ids`, in order, atomically) manually, round robin, least loaded or by territory (managers in scope, admins, system).
    AssignLeads "leads.assign" (AssignRequest) -> Vec<Lead>,
        example r#"{"ids": ["0190a8b2-7c1e-7000-8000-000000000101", "0190a8b2-7c1e-7000-8000-000000000102"], "method": {"kind": "round_robin", "department_id": "0190a8b2-7c1e-7000-8000-000000000001"}}"#,
        |e, a, r| e.assign_leads(a, r);
    /// LEAD-3: routes leads whose region lies under `region_prefix` to a department's team (admin or system).
    SetLeadTerritory "leads.set_territory" (Territory) -> Territory,
        example r#"{"region_prefix": "44/4403", "department_id": "0190a8b2-7c1e-7000-8000-000000000001"}"#,
        |e, a, r| e.set_lead_territory(a, r);
    /// LEAD-4: converts a qualified lead: links `customer_id` or creates a customer (company when the lead names one,
    /// else the person), always creates the contact, optionally an opportunity; all or nothing.
    ConvertLead "leads.convert" (ConvertRequest) -> Conversion,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-000000000101", "opportunity": {"title": "前海科技 2026 设备采购", "amount": 8800000, "currency": "CNY", "expected_close_date": "2026-06-30"}}"#,
        |e, a, r| e.convert_lead(a, r);
    /// LEAD-3: the configured territories, by region prefix.
    ListLeadTerritories "leads.territories" (Empty) -> Vec<Territory>,
        example r#"{}"#,
        |e, a, _r| e.lead_territories(a);
}
