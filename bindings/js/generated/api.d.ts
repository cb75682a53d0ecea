// Generated from the method registry by `cargo run -p rapport-examples -- docs`. Do not edit.

/** Any JSON value (custom fields, audit changes). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Closes an opportunity as abandoned. */
export interface AbandonRequest {
  id: string;
  reason?: string | null;
}

/** An activity as stored and returned. */
export interface Activity {
  archived_at: string | null;
  /** When it was done (set by completion, or at creation of a done activity). */
  completed_at: string | null;
  contact_id: string | null;
  created_at: string;
  created_by: string | null;
  custom: Record<string, JsonValue>;
  customer_id: string | null;
  /** Calendar date a task is due. */
  due_date: string | null;
  duration_minutes: number | null;
  external_ref: string | null;
  id: string;
  kind: ActivityKind;
  opportunity_id: string | null;
  outcome: string | null;
  owner_id: string;
  /** When the owner wants to be reminded (shown on the agenda from then on while planned). */
  remind_at: string | null;
  /** Planned or actual start. */
  starts_at: string | null;
  status: ActivityStatus;
  subject: string;
  /** A ticket id (opaque here). */
  ticket_id: string | null;
  updated_at: string;
}

/** A new activity, or (with a known `external_ref`) the new state of an existing one. */
export interface ActivityDraft {
  /** Must belong to the customer. */
  contact_id?: string | null;
  /** Values of the custom fields declared for `activity`. */
  custom?: Record<string, JsonValue>;
  /** The customer by the host ERP's key, instead of `customer_id` (imports). */
  customer_external_ref?: string | null;
  /** Defaults to the customer of `contact_id` or `opportunity_id`. */
  customer_id?: string | null;
  due_date?: string | null;
  duration_minutes?: number | null;
  /** The host ERP's key: a known value updates that activity instead of creating one. */
  external_ref?: string | null;
  kind: ActivityKind;
  /** Must be an opportunity of the customer. */
  opportunity_id?: string | null;
  outcome?: string | null;
  /** Defaults to the acting user; reps may only create their own activities. */
  owner_id?: string | null;
  remind_at?: string | null;
  starts_at?: string | null;
  /** Defaults to `planned` (`done` for a note). */
  status?: ActivityStatus | null;
  subject: string;
  ticket_id?: string | null;
}

/** What kind of contact or work an activity is. */
export type ActivityKind = "call" | "visit" | "meeting" | "email" | "task" | "note";

/** Which activities to list (all filters combine). */
export interface ActivityListRequest {
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  customer_id?: string | null;
  /** Only activities starting within this local day (the organisation's UTC offset); combines with `from` and `to`. */
  date?: string | null;
  /** Only activities starting at or after this instant. */
  from?: string | null;
  include_archived?: boolean;
  kind?: ActivityKind | null;
  /** Page size (default 50, at most 1000). */
  limit?: number | null;
  opportunity_id?: string | null;
  owner_id?: string | null;
  status?: ActivityStatus | null;
  /** Only activities starting before this instant. */
  to?: string | null;
}

/**
 * Changes to an activity; absent fields stay, `null` clears. Status changes go
 * through `activities.complete` and `activities.cancel`.
 */
export interface ActivityPatch {
  contact_id?: string | null;
  /** Custom values to set (`null` removes one); others are kept. */
  custom?: Record<string, JsonValue> | null;
  customer_id?: string | null;
  due_date?: string | null;
  duration_minutes?: number | null;
  id: string;
  kind?: ActivityKind | null;
  opportunity_id?: string | null;
  outcome?: string | null;
  owner_id?: string | null;
  remind_at?: string | null;
  starts_at?: string | null;
  subject?: string | null;
  ticket_id?: string | null;
}

/** Where an activity is in its life: `planned -> done` or `planned -> cancelled`. */
export type ActivityStatus = "planned" | "done" | "cancelled";

/** Moves an open opportunity to another stage of its pipeline (forward or backward). */
export interface AdvanceRequest {
  id: string;
  /** Stage code (or id). */
  stage: string;
}

/** One user's day. */
export interface AgendaDay {
  /**
   * The customer alerts of CUS-8 (no activity for N days, no order for M
   * days, overdue receivables, birthdays, ...). Always empty until the
   * alerts module joins the agenda.
   */
  alerts: JsonValue[];
  date: string;
  overdue_tasks: Activity[];
  planned: Activity[];
  reminders: Activity[];
  user_id: string;
}

/** Whose agenda, for which day. */
export interface AgendaRequest {
  /** Calendar date; defaults to today in the organisation's UTC offset. */
  date?: string | null;
  /** Defaults to the acting user. Another user's agenda needs that user's records in scope. */
  user_id?: string | null;
}

/** The evaluation gate's state (OPP-3) for `approval_stage_id`. */
export type ApprovalStatus = "none" | "pending" | "approved" | "rejected";

export type Array_of_AuditEntry = AuditEntry[];

export type Array_of_CodeSequence = CodeSequence[];

export type Array_of_CustomFieldDef = CustomFieldDef[];

export type Array_of_Department = Department[];

export type Array_of_Lead = Lead[];

export type Array_of_Pipeline = Pipeline[];

export type Array_of_RelationshipNode = RelationshipNode[];

export type Array_of_RoleScope = RoleScope[];

export type Array_of_StageVisit = StageVisit[];

export type Array_of_Territory = Territory[];

export type Array_of_User = User[];

/** How to choose the owner. */
export type AssignMethod = {
  kind: "manual";
  user_id: string;
} | {
  department_id: string;
  kind: "round_robin";
} | {
  department_id: string;
  kind: "least_loaded";
} | {
  kind: "territory";
};

/** Assigns one lead (`id`) or several (`ids`, assigned atomically in order). */
export interface AssignRequest {
  id?: string | null;
  ids?: string[];
  method: AssignMethod;
}

/**
 * One mutation of one record. `seq` orders every committed mutation (the
 * change feed); `hlc` is its hybrid logical clock time.
 */
export interface AuditEntry {
  /** `create`, `update`, `archive`, `restore`, or a domain verb (`advance`, `convert`, ...). */
  action: string;
  /** The user id, or `system` for the host itself. */
  actor: string;
  at: string;
  /** Changed fields: `{"name": ["old", "new"]}`. */
  changes: Record<string, JsonValue>;
  entity: string;
  entity_id: string;
  hlc: string;
  seq: number;
}

export interface BatchItem {
  created: boolean;
  id: string;
  index: number;
}

/** How a batch treats invalid items. */
export type BatchMode = "all_or_nothing" | "skip_invalid";

/** A batch of items of one kind. */
export interface BatchRequest_of_ActivityDraft {
  items: ActivityDraft[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_ContactDraft {
  items: ContactDraft[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_CustomerDraft {
  items: CustomerDraft[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_LeadDraft {
  items: LeadDraft[];
  mode?: BatchMode;
}

/** What a batch did, item by item. */
export interface BatchResult {
  created: number;
  /** Items skipped in `skip_invalid` mode. */
  rejected: ItemError[];
  updated: number;
  /** For each written item, in request order: its index, id, and whether it was created (else updated by `external_ref`). */
  written: BatchItem[];
}

/** Sets the prefix of an entity type's readable codes (`C-`). */
export interface CodePrefixRequest {
  entity: string;
  prefix: string;
}

export interface CodeSequence {
  entity: string;
  next_value: number;
  prefix: string;
}

/** A user the owner shares the opportunity with (OPP-5). */
export interface Collaborator {
  access: CollaboratorAccess;
  user_id: string;
}

/** How a collaborator shares an opportunity (OPP-5). */
export type CollaboratorAccess = "read" | "edit";

/** Shares an opportunity with a user (OPP-5); an existing collaborator gets the new access. */
export interface CollaboratorRequest {
  access: CollaboratorAccess;
  id: string;
  user_id: string;
}

/** Completes a planned activity. */
export interface CompleteRequest {
  /** When it was done; defaults to now. */
  completed_at?: string | null;
  id: string;
  outcome?: string | null;
}

/** A contact person of one customer (CUS-3). */
export interface Contact {
  archived_at: string | null;
  birthday: string | null;
  created_at: string;
  custom: Record<string, JsonValue>;
  customer_id: string;
  deal_role: DealRole | null;
  emails: string[];
  external_ref: string | null;
  id: string;
  /** Exactly one live contact of a customer with contacts is primary. */
  is_primary: boolean;
  name: string;
  phones: string[];
  /** Another contact of the same customer (the relationship map). */
  reports_to: string | null;
  title: string | null;
  updated_at: string;
}

/**
 * A new contact, or (with a known `external_ref`) the new state of an existing one.
 * The customer is named by `customer_id` or by `customer_external_ref` (ERP imports).
 */
export interface ContactDraft {
  /** `YYYY-MM-DD`. */
  birthday?: string | null;
  custom?: Record<string, JsonValue>;
  customer_external_ref?: string | null;
  customer_id?: string | null;
  deal_role?: DealRole | null;
  emails?: string[];
  external_ref?: string | null;
  /** Makes this the primary contact (the first contact of a customer is primary anyway). */
  is_primary?: boolean;
  name: string;
  phones?: string[];
  reports_to?: string | null;
  title?: string | null;
}

/** A customer's contacts, one page at a time. */
export interface ContactListRequest {
  cursor?: string | null;
  customer_id: string;
  include_archived?: boolean;
  /** Page size, default 50, at most 1000. */
  limit?: number | null;
}

/** Changes to a contact: absent fields stay, `null` clears a nullable field. */
export interface ContactPatch {
  birthday?: string | null;
  custom?: Record<string, JsonValue> | null;
  deal_role?: DealRole | null;
  emails?: string[] | null;
  external_ref?: string | null;
  id: string;
  /** `true` makes this the primary contact (the old one is demoted); `false` on the primary is refused. */
  is_primary?: boolean | null;
  name?: string | null;
  phones?: string[] | null;
  reports_to?: string | null;
  title?: string | null;
}

/** What a conversion made: the converted lead and the ids of the records it became. */
export interface Conversion {
  contact_id: string;
  /** Whether the customer was created by this conversion (else linked). */
  customer_created: boolean;
  customer_id: string;
  lead: Lead;
  opportunity_id: string | null;
}

/** The opportunity a conversion creates. */
export interface ConvertOpportunity {
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  expected_close_date?: string | null;
  /** Absent: the default pipeline. */
  pipeline_id?: string | null;
  title: string;
}

/** Converts a lead (LEAD-4): link an existing customer or create one from the lead. */
export interface ConvertRequest {
  /** An existing, visible customer to link; absent: a new customer is created from the lead. */
  customer_id?: string | null;
  id: string;
  /** Also create an opportunity for the customer. */
  opportunity?: ConvertOpportunity | null;
}

/** The declaration of one custom field of an entity type. */
export interface CustomFieldDef {
  /** Allowed values of a `choice` field (empty for other types). */
  choices: string[];
  field_type: CustomFieldType;
  /** Stable key, `^[a-z][a-z0-9_]{0,39}$`; the name in the values object. */
  key: string;
  /** Human label shown in forms. */
  label: string;
  /** Whether every record of the type must have a value. */
  required: boolean;
}

export interface CustomFieldKey {
  entity: string;
  key: string;
}

/** Declares (or redefines) a custom field of an entity type. */
export interface CustomFieldRequest {
  /** Allowed values of a `choice` field (empty for other types). */
  choices?: string[];
  /** `customer`, `contact`, `lead`, `opportunity` or `activity`. */
  entity: string;
  field_type: CustomFieldType;
  /** Stable key, `^[a-z][a-z0-9_]{0,39}$`; the name in the values object. */
  key: string;
  /** Human label shown in forms. */
  label: string;
  /** Whether every record of the type must have a value. */
  required?: boolean;
}

/** The type of a custom field's values. */
export type CustomFieldType = "text" | "number" | "date" | "bool" | "choice";

/** A custom field filter: customers whose field `key` equals `value` (given as text, typed by the definition). */
export interface CustomFilter {
  key: string;
  value: string;
}

/** A customer (CUS-1). `owner_id` `None`: in the public pool. */
export interface Customer {
  address: string | null;
  archived_at: string | null;
  /** Readable sequential code (`C-000123`). */
  code: string;
  created_at: string;
  created_by: string | null;
  /** Minor units of the organisation's base currency. */
  credit_limit: number | null;
  custom: Record<string, JsonValue>;
  /** The owner's department (`None` in the pool). */
  department_id: string | null;
  email: string | null;
  external_ref: string | null;
  id: string;
  industry: string | null;
  kind: CustomerKind;
  last_contact_at: string | null;
  name: string;
  owner_id: string | null;
  phone: string | null;
  /** Hierarchical region code (`44/4403`). */
  region: string | null;
  /** Source channel. */
  source: string | null;
  status: CustomerStatus;
  /** Sorted, distinct. */
  tags: string[];
  updated_at: string;
  website: string | null;
}

/** A new customer, or (with a known `external_ref`) the new state of an existing one. */
export interface CustomerDraft {
  address?: string | null;
  /** Minor units of the base currency. */
  credit_limit?: number | null;
  /** Custom field values; `null` removes one. */
  custom?: Record<string, JsonValue>;
  email?: string | null;
  external_ref?: string | null;
  industry?: string | null;
  /** Default `company` (an update keeps the current kind when absent). */
  kind?: CustomerKind | null;
  name: string;
  /** Absent: the acting user (system: the pool; an update keeps the owner). `null`: the public pool. */
  owner_id?: string | null;
  phone?: string | null;
  region?: string | null;
  source?: string | null;
  /** Default `potential`; `transaction` never goes back. */
  status?: CustomerStatus | null;
  tags?: string[];
  website?: string | null;
}

/** A company or an individual (CUS-1). */
export type CustomerKind = "company" | "individual";

/** Which customers to list; always limited to the actor's scope plus the public pool. */
export interface CustomerListRequest {
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  custom?: CustomFilter | null;
  include_archived?: boolean;
  /** Page size, default 50, at most 1000. */
  limit?: number | null;
  /** Name contains this text. */
  name?: string | null;
  owner_id?: string | null;
  /** Only customers in the public pool. */
  pool_only?: boolean;
  /** Region prefix: `44` covers `44` and `44/4403`. */
  region?: string | null;
  status?: CustomerStatus | null;
  tag?: string | null;
}

/** Changes to a customer: absent fields stay, `null` clears a nullable field. */
export interface CustomerPatch {
  address?: string | null;
  credit_limit?: number | null;
  /** Overlays the stored values; `null` removes one. */
  custom?: Record<string, JsonValue> | null;
  email?: string | null;
  external_ref?: string | null;
  id: string;
  industry?: string | null;
  kind?: CustomerKind | null;
  name?: string | null;
  phone?: string | null;
  region?: string | null;
  source?: string | null;
  /** `potential -> transaction` only. */
  status?: CustomerStatus | null;
  /** Replaces every tag. */
  tags?: string[] | null;
  website?: string | null;
}

/** Where a customer stands: `potential` until its first approved order (or an explicit conversion), then `transaction`. */
export type CustomerStatus = "potential" | "transaction";

/** A contact's role in the customer's buying decision. */
export type DealRole = "decision_maker" | "influencer" | "user" | "gatekeeper";

/** A department: a node of the organisation tree. */
export interface Department {
  archived_at: string | null;
  created_at: string;
  external_ref: string | null;
  id: string;
  name: string;
  parent_id: string | null;
  /** Materialised path of ids from the root, `/root/child/`. */
  path: string;
  updated_at: string;
}

/** A new department (or, with a known `external_ref`, an update of it). */
export interface DepartmentDraft {
  external_ref?: string | null;
  name: string;
  /** `None`: a root department. */
  parent_id?: string | null;
}

export interface DepartmentListRequest {
  include_archived?: boolean;
}

/** Changes to a department. */
export interface DepartmentPatch {
  id: string;
  name?: string | null;
  /** Moves the department (and its subtree) under another; `null` makes it a root. */
  parent_id?: string | null;
}

/** Disqualifies a lead; the reason is required. */
export interface DisqualifyRequest {
  id: string;
  reason?: string | null;
}

/** An empty request. */
export type Empty = Record<string, never>;

export interface EntityRequest {
  entity: string;
}

/**
 * Stable error codes. The table is fixed and only ever appended to;
 * the number is what C sees (`RAPPORT_*`).
 */
export type ErrorCode = "internal" | "misuse" | "not_found" | "permission_denied" | "validation" | "conflict" | "invalid_state" | "busy" | "unknown_method" | "malformed_request" | "unknown_actor" | "schema_too_new" | "too_large" | "io" | "read_only";

/** The forecast category a stage maps to (SCORE-7); won deals are `closed`. */
export type ForecastCategory = "pipeline" | "best_case" | "commit";

/** Names one record of one entity type. */
export interface HistoryRequest {
  /** `customer`, `contact`, `lead`, `opportunity`, `activity`, `user`, `department`, ... */
  entity: string;
  id: string;
}

/** A request naming one record. */
export interface IdRequest {
  id: string;
}

/** One rejected item of a batch. */
export interface ItemError {
  code: ErrorCode;
  field: string | null;
  /** Position of the item in the request's `items`, from 0. */
  index: number;
  message: string;
}

/** A lead (LEAD-1): a person and company that may become a customer. */
export interface Lead {
  archived_at: string | null;
  campaign: string | null;
  /** Readable code (`L-000001`). */
  code: string;
  company_name: string | null;
  converted_at: string | null;
  converted_contact_id: string | null;
  converted_customer_id: string | null;
  converted_opportunity_id: string | null;
  created_at: string;
  created_by: string | null;
  custom: Record<string, JsonValue>;
  /** Why it was disqualified (set while `disqualified`). */
  disqualify_reason: string | null;
  email: string | null;
  external_ref: string | null;
  id: string;
  industry: string | null;
  /** `None`: unassigned (in the lead pool). */
  owner_id: string | null;
  person_name: string;
  phone: string | null;
  /** Hierarchical region code (`44/4403`), used by territory assignment. */
  region: string | null;
  score: number;
  /** Source channel (`web`, `fair`, `referral`, ...). */
  source: string | null;
  status: LeadStatus;
  title: string | null;
  updated_at: string;
}

/** A new lead, or (with a known `external_ref`) the new values of an existing one. */
export interface LeadDraft {
  campaign?: string | null;
  company_name?: string | null;
  /** Values of the lead custom fields. */
  custom?: Record<string, JsonValue>;
  /** Must be a plausible email address. */
  email?: string | null;
  /** The host's key: a known one updates that lead instead of creating another. */
  external_ref?: string | null;
  industry?: string | null;
  /** Assigns the lead on creation (status `assigned`). Reps may only name themselves (the default for reps). */
  owner_id?: string | null;
  person_name: string;
  phone?: string | null;
  region?: string | null;
  source?: string | null;
  title?: string | null;
}

/** Which leads to list; every filter is optional. */
export interface LeadListRequest {
  campaign?: string | null;
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  include_archived?: boolean;
  /** Page size (default 50, at most 1000). */
  limit?: number | null;
  owner_id?: string | null;
  source?: string | null;
  status?: LeadStatus | null;
  /** Only leads nobody owns. */
  unassigned?: boolean;
}

/** Changes to a lead; absent fields stay, `null` clears an optional field. */
export interface LeadPatch {
  campaign?: string | null;
  company_name?: string | null;
  /** Custom values to set; `null` removes one. */
  custom?: Record<string, JsonValue>;
  email?: string | null;
  external_ref?: string | null;
  id: string;
  industry?: string | null;
  person_name?: string | null;
  phone?: string | null;
  region?: string | null;
  source?: string | null;
  title?: string | null;
}

/** Where a lead is in its life (LEAD-1). */
export type LeadStatus = "new" | "assigned" | "working" | "qualified" | "converted" | "disqualified" | "recycled";

/** A product line as given in a request. */
export interface LineDraft {
  description: string;
  product_code?: string | null;
  /** Positive decimal string with at most 3 decimals (`"2.5"`). */
  quantity: string;
  /** Minor units of the opportunity's currency. */
  unit_price: number;
}

/** Closes an opportunity as lost: a reason is required. */
export interface LoseRequest {
  competitor?: string | null;
  id: string;
  reason: string;
}

/** An opportunity and an optional note. */
export interface NoteRequest {
  id: string;
  note?: string | null;
}

/** An opportunity (OPP-2), with its stage, effective probability, lines and collaborators. */
export interface Opportunity {
  /** Minor units of `currency`. */
  amount: number;
  /** `amount` in minor units of the base currency (rounded half-up once). */
  amount_base: number;
  /** The stage the evaluation in `approval_status` is for. */
  approval_stage_id: string | null;
  approval_status: ApprovalStatus;
  archived_at: string | null;
  campaign: string | null;
  /** The lost or abandoned reason, or the win note. */
  close_reason: string | null;
  closed_at: string | null;
  code: string;
  collaborators: Collaborator[];
  competitor: string | null;
  created_at: string;
  created_by: string | null;
  currency: string;
  custom: Record<string, JsonValue>;
  customer_id: string;
  expected_close_date: string | null;
  external_ref: string | null;
  forecast_category: ForecastCategory;
  /** Rate to the organisation's base currency. */
  fx_rate: string;
  id: string;
  lines: OpportunityLine[];
  owner_id: string | null;
  pipeline_id: string;
  /** The stage's probability unless overridden. */
  probability: number;
  probability_override: number | null;
  source: string | null;
  /** The current stage's code. */
  stage: string;
  stage_id: string;
  stage_name: string;
  status: OpportunityStatus;
  title: string;
  updated_at: string;
}

/** A new opportunity; with a known `external_ref` it updates that opportunity instead. */
export interface OpportunityDraft {
  /** Minor units; computed from `lines` when omitted (then 0 without lines). */
  amount?: number | null;
  campaign?: string | null;
  /** ISO 4217; the base currency when omitted. */
  currency?: string | null;
  custom?: Record<string, JsonValue>;
  /** Must be visible to the actor (otherwise `not_found` on `customer_id`). */
  customer_id: string;
  expected_close_date?: string | null;
  external_ref?: string | null;
  /** Rate to the base currency (`"7.1"`); 1 when omitted. */
  fx_rate?: string | null;
  lines?: LineDraft[] | null;
  /** The acting user when omitted. */
  owner_id?: string | null;
  /** The default pipeline when omitted. */
  pipeline_id?: string | null;
  probability_override?: number | null;
  source?: string | null;
  /** Stage code or id; the first stage when omitted. */
  stage?: string | null;
  title: string;
}

/** A product line of an opportunity. `amount = quantity * unit_price`, rounded half-up to the minor unit per line. */
export interface OpportunityLine {
  amount: number;
  description: string;
  product_code: string | null;
  /** Decimal with a fixed scale of 3, as a string (`"2.500"`). */
  quantity: string;
  /** Minor units of the opportunity's currency. */
  unit_price: number;
}

/** Which opportunities to list (always within the actor's scope, plus collaborations). */
export interface OpportunityListRequest {
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  customer_id?: string | null;
  include_archived?: boolean;
  /** Page size (default 50, at most 1000). */
  limit?: number | null;
  /** Only the actor's own opportunities and those they collaborate on. */
  mine?: boolean;
  owner_id?: string | null;
  pipeline_id?: string | null;
  /** A stage code. */
  stage?: string | null;
  status?: OpportunityStatus | null;
}

/**
 * Changes to an open opportunity; absent fields stay as they are.
 * Stage, status and collaborators change through their own methods.
 */
export interface OpportunityPatch {
  /** With `lines`, must equal their sum (or be omitted). */
  amount?: number | null;
  campaign?: string | null;
  currency?: string | null;
  /** Merged into the stored values; `null` removes a key. */
  custom?: Record<string, JsonValue>;
  customer_id?: string | null;
  expected_close_date?: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate?: string | null;
  id: string;
  /** Replaces every line; `[]` removes them. */
  lines?: LineDraft[] | null;
  owner_id?: string | null;
  probability_override?: number | null;
  source?: string | null;
  title?: string | null;
}

/** Where an opportunity stands (OPP-1 outcomes). */
export type OpportunityStatus = "open" | "won" | "lost" | "abandoned";

/** Organisation-wide settings. */
export interface Organisation {
  /** ISO 4217 code; statistics, scores and reports are in this currency. */
  base_currency: string;
  /** Default country calling code for phone dedupe keys (`86`). */
  country_code: string;
  name: string;
  /** Minutes east of UTC; defines "today" for alerts, agendas and reports. */
  utc_offset_minutes: number;
}

/** Changes to the organisation settings; absent fields stay as they are. */
export interface OrganisationPatch {
  base_currency?: string | null;
  country_code?: string | null;
  name?: string | null;
  utc_offset_minutes?: number | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Activity {
  items: Activity[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Contact {
  items: Contact[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Customer {
  items: Customer[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Lead {
  items: Lead[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Opportunity {
  items: Opportunity[];
  next_cursor: string | null;
}

/** A sales pipeline: ordered stages (OPP-1). */
export interface Pipeline {
  archived_at: string | null;
  code: string;
  created_at: string;
  id: string;
  /** New opportunities without a `pipeline_id` use the default pipeline; exactly one is default. */
  is_default: boolean;
  name: string;
  /** The live stages in order. */
  stages: Stage[];
  updated_at: string;
}

/** A new pipeline (admin or system). */
export interface PipelineDraft {
  /** Unique code (`standard`). */
  code: string;
  /** Make this the default pipeline (the first pipeline always is). */
  is_default?: boolean;
  name: string;
  /** The stages in order; at least one. */
  stages: StageDraft[];
}

/** Which pipelines to list. */
export interface PipelineListRequest {
  include_archived?: boolean;
}

/** Changes to a pipeline; absent fields stay as they are. */
export interface PipelinePatch {
  id: string;
  /** `true` moves the default flag here; the default pipeline cannot be un-defaulted directly. */
  is_default?: boolean | null;
  name?: string | null;
  /**
   * The complete new stage list in order. Stages whose code exists keep their id;
   * stages left out are retired (refused while open opportunities are at them).
   */
  stages?: StageDraft[] | null;
}

/** One node of the relationship map: a contact and the contacts reporting to it. */
export interface RelationshipNode {
  contact: Contact;
  reports: RelationshipNode[];
}

/** Stops sharing an opportunity with a user. */
export interface RemoveCollaboratorRequest {
  id: string;
  user_id: string;
}

/** Reopens a closed opportunity (managers only), at `stage` or the stage it closed at. */
export interface ReopenRequest {
  id: string;
  stage?: string | null;
}

/** A user's role (ORG-1). A user may hold several. */
export type Role = "admin" | "sales_manager" | "sales_rep" | "service_manager" | "service_agent" | "marketer" | "viewer";

/** A role with its configured and default scope (ORG-2). */
export interface RoleScope {
  default_scope: Scope;
  role: Role;
  scope: Scope;
}

/** Sets the data scope of a role (ORG-2). */
export interface RoleScopeRequest {
  role: Role;
  scope: Scope;
}

/** How much of the organisation's data a role reaches (ORG-2), narrowest first. */
export type Scope = "own" | "department" | "department_tree" | "all";

/** One stage of a pipeline. */
export interface Stage {
  code: string;
  forecast_category: ForecastCategory;
  id: string;
  name: string;
  /** Order within the pipeline, from 1. */
  position: number;
  /** Win probability, 0-100. */
  probability: number;
  /** OPP-3: an opportunity at this stage needs an approved evaluation to move past it. */
  requires_approval: boolean;
}

/** A stage as declared in a create or update request. */
export interface StageDraft {
  code: string;
  forecast_category?: ForecastCategory;
  name: string;
  /** Win probability, 0-100. */
  probability: number;
  requires_approval?: boolean;
}

/** One visit of an opportunity to a stage (OPP-4). */
export interface StageVisit {
  /** Who moved it there (`None`: system). */
  actor_id: string | null;
  entered_at: string;
  /** `None` while the opportunity is still at the stage. */
  left_at: string | null;
  stage: string;
  stage_id: string;
}

/** A territory: leads whose region lies under `region_prefix` go to the team of `department_id`. */
export interface Territory {
  department_id: string;
  /** A region code (`44` or `44/4403`); covers itself and every region below it. */
  region_prefix: string;
}

/** A user of the engine (ORG-1). */
export interface User {
  active: boolean;
  created_at: string;
  department_id: string;
  email: string | null;
  external_ref: string | null;
  id: string;
  manager_id: string | null;
  name: string;
  phone: string | null;
  roles: Role[];
  updated_at: string;
}

/** A new user (or, with a known `external_ref`, an update of it). */
export interface UserDraft {
  department_id: string;
  email?: string | null;
  external_ref?: string | null;
  manager_id?: string | null;
  name: string;
  phone?: string | null;
  roles: Role[];
}

/** Which users to list. */
export interface UserListRequest {
  /** Only users of this department and the departments below it. */
  department_id?: string | null;
  include_inactive?: boolean;
  role?: Role | null;
}

/** Changes to a user; absent fields stay as they are. */
export interface UserPatch {
  department_id?: string | null;
  email?: string | null;
  id: string;
  manager_id?: string | null;
  name?: string | null;
  phone?: string | null;
  roles?: Role[] | null;
}

/** Every method by name: its request and response types. */
export interface RapportMethods {
  "org.get": { request: Empty; response: Organisation };
  "org.configure": { request: OrganisationPatch; response: Organisation };
  "departments.create": { request: DepartmentDraft; response: Department };
  "departments.update": { request: DepartmentPatch; response: Department };
  "departments.list": { request: DepartmentListRequest; response: Array_of_Department };
  "departments.archive": { request: IdRequest; response: Department };
  "departments.restore": { request: IdRequest; response: Department };
  "users.create": { request: UserDraft; response: User };
  "users.update": { request: UserPatch; response: User };
  "users.get": { request: IdRequest; response: User };
  "users.list": { request: UserListRequest; response: Array_of_User };
  "users.deactivate": { request: IdRequest; response: User };
  "users.activate": { request: IdRequest; response: User };
  "roles.list": { request: Empty; response: Array_of_RoleScope };
  "roles.set_scope": { request: RoleScopeRequest; response: Array_of_RoleScope };
  "codes.list": { request: Empty; response: Array_of_CodeSequence };
  "codes.set_prefix": { request: CodePrefixRequest; response: Array_of_CodeSequence };
  "custom_fields.define": { request: CustomFieldRequest; response: Array_of_CustomFieldDef };
  "custom_fields.list": { request: EntityRequest; response: Array_of_CustomFieldDef };
  "custom_fields.remove": { request: CustomFieldKey; response: Array_of_CustomFieldDef };
  "customers.create": { request: CustomerDraft; response: Customer };
  "customers.update": { request: CustomerPatch; response: Customer };
  "customers.get": { request: IdRequest; response: Customer };
  "customers.list": { request: CustomerListRequest; response: Page_of_Customer };
  "customers.archive": { request: IdRequest; response: Customer };
  "customers.restore": { request: IdRequest; response: Customer };
  "customers.batch": { request: BatchRequest_of_CustomerDraft; response: BatchResult };
  "customers.relationship_map": { request: IdRequest; response: Array_of_RelationshipNode };
  "contacts.create": { request: ContactDraft; response: Contact };
  "contacts.update": { request: ContactPatch; response: Contact };
  "contacts.get": { request: IdRequest; response: Contact };
  "contacts.list": { request: ContactListRequest; response: Page_of_Contact };
  "contacts.archive": { request: IdRequest; response: Contact };
  "contacts.restore": { request: IdRequest; response: Contact };
  "contacts.batch": { request: BatchRequest_of_ContactDraft; response: BatchResult };
  "leads.create": { request: LeadDraft; response: Lead };
  "leads.update": { request: LeadPatch; response: Lead };
  "leads.get": { request: IdRequest; response: Lead };
  "leads.list": { request: LeadListRequest; response: Page_of_Lead };
  "leads.archive": { request: IdRequest; response: Lead };
  "leads.restore": { request: IdRequest; response: Lead };
  "leads.batch": { request: BatchRequest_of_LeadDraft; response: BatchResult };
  "leads.start_work": { request: IdRequest; response: Lead };
  "leads.qualify": { request: IdRequest; response: Lead };
  "leads.disqualify": { request: DisqualifyRequest; response: Lead };
  "leads.recycle": { request: IdRequest; response: Lead };
  "leads.assign": { request: AssignRequest; response: Array_of_Lead };
  "leads.set_territory": { request: Territory; response: Territory };
  "leads.convert": { request: ConvertRequest; response: Conversion };
  "leads.territories": { request: Empty; response: Array_of_Territory };
  "pipelines.create": { request: PipelineDraft; response: Pipeline };
  "pipelines.update": { request: PipelinePatch; response: Pipeline };
  "pipelines.get": { request: IdRequest; response: Pipeline };
  "pipelines.list": { request: PipelineListRequest; response: Array_of_Pipeline };
  "pipelines.archive": { request: IdRequest; response: Pipeline };
  "pipelines.restore": { request: IdRequest; response: Pipeline };
  "opportunities.create": { request: OpportunityDraft; response: Opportunity };
  "opportunities.update": { request: OpportunityPatch; response: Opportunity };
  "opportunities.get": { request: IdRequest; response: Opportunity };
  "opportunities.list": { request: OpportunityListRequest; response: Page_of_Opportunity };
  "opportunities.archive": { request: IdRequest; response: Opportunity };
  "opportunities.restore": { request: IdRequest; response: Opportunity };
  "opportunities.advance": { request: AdvanceRequest; response: Opportunity };
  "opportunities.submit_for_approval": { request: NoteRequest; response: Opportunity };
  "opportunities.approve": { request: NoteRequest; response: Opportunity };
  "opportunities.reject": { request: NoteRequest; response: Opportunity };
  "opportunities.win": { request: NoteRequest; response: Opportunity };
  "opportunities.lose": { request: LoseRequest; response: Opportunity };
  "opportunities.abandon": { request: AbandonRequest; response: Opportunity };
  "opportunities.reopen": { request: ReopenRequest; response: Opportunity };
  "opportunities.add_collaborator": { request: CollaboratorRequest; response: Opportunity };
  "opportunities.remove_collaborator": { request: RemoveCollaboratorRequest; response: Opportunity };
  "opportunities.stage_history": { request: IdRequest; response: Array_of_StageVisit };
  "activities.create": { request: ActivityDraft; response: Activity };
  "activities.update": { request: ActivityPatch; response: Activity };
  "activities.get": { request: IdRequest; response: Activity };
  "activities.complete": { request: CompleteRequest; response: Activity };
  "activities.cancel": { request: IdRequest; response: Activity };
  "activities.list": { request: ActivityListRequest; response: Page_of_Activity };
  "activities.archive": { request: IdRequest; response: Activity };
  "activities.restore": { request: IdRequest; response: Activity };
  "activities.batch": { request: BatchRequest_of_ActivityDraft; response: BatchResult };
  "agenda.day": { request: AgendaRequest; response: AgendaDay };
  "audit.history": { request: HistoryRequest; response: Array_of_AuditEntry };
}

/** A method name (`"customers.create"`). */
export type MethodName = keyof RapportMethods;

/** The typed client of one actor: `engine.as(actorId).customers.create({...})`. */
export interface RapportClient {
  org: {
    /** The organisation settings: name, base currency, UTC offset, phone country code. */
    get(request?: RapportMethods["org.get"]["request"]): RapportMethods["org.get"]["response"];
    /** Changes organisation settings (admin or system). The base currency is fixed once money is recorded. */
    configure(request?: RapportMethods["org.configure"]["request"]): RapportMethods["org.configure"]["response"];
  };
  departments: {
    /** Creates a department under `parent_id` (none: a root). A known `external_ref` updates that department instead. */
    create(request: RapportMethods["departments.create"]["request"]): RapportMethods["departments.create"]["response"];
    /** Renames or moves a department; its subtree moves with it. */
    update(request: RapportMethods["departments.update"]["request"]): RapportMethods["departments.update"]["response"];
    /** Every department in tree order (parents first). */
    list(request?: RapportMethods["departments.list"]["request"]): RapportMethods["departments.list"]["response"];
    /** Archives a department with no active users. */
    archive(request: RapportMethods["departments.archive"]["request"]): RapportMethods["departments.archive"]["response"];
    /** Restores an archived department. */
    restore(request: RapportMethods["departments.restore"]["request"]): RapportMethods["departments.restore"]["response"];
  };
  users: {
    /** Creates a user with roles in a department. A known `external_ref` updates that user instead. */
    create(request: RapportMethods["users.create"]["request"]): RapportMethods["users.create"]["response"];
    /** Changes a user's name, contact details, department, manager or roles. */
    update(request: RapportMethods["users.update"]["request"]): RapportMethods["users.update"]["response"];
    /** One user. */
    get(request: RapportMethods["users.get"]["request"]): RapportMethods["users.get"]["response"];
    /** Users, optionally of a department subtree and a role. */
    list(request?: RapportMethods["users.list"]["request"]): RapportMethods["users.list"]["response"];
    /** Deactivates a user: they can no longer act; their records stay until handed over. */
    deactivate(request: RapportMethods["users.deactivate"]["request"]): RapportMethods["users.deactivate"]["response"];
    /** Reactivates a user. */
    activate(request: RapportMethods["users.activate"]["request"]): RapportMethods["users.activate"]["response"];
  };
  roles: {
    /** Every role with its configured and default data scope. */
    list(request?: RapportMethods["roles.list"]["request"]): RapportMethods["roles.list"]["response"];
    /** Sets the data scope of a role (`own`, `department`, `department_tree`, `all`). */
    set_scope(request: RapportMethods["roles.set_scope"]["request"]): RapportMethods["roles.set_scope"]["response"];
  };
  codes: {
    /** The readable code sequences (prefix and next value) per entity type. */
    list(request?: RapportMethods["codes.list"]["request"]): RapportMethods["codes.list"]["response"];
    /** Sets the prefix of an entity type's readable codes; numbers continue, never reused. */
    set_prefix(request: RapportMethods["codes.set_prefix"]["request"]): RapportMethods["codes.set_prefix"]["response"];
  };
  custom_fields: {
    /** Declares or redefines a custom field of an entity type. */
    define(request: RapportMethods["custom_fields.define"]["request"]): RapportMethods["custom_fields.define"]["response"];
    /** The custom fields of an entity type. */
    list(request: RapportMethods["custom_fields.list"]["request"]): RapportMethods["custom_fields.list"]["response"];
    /** Removes a custom field definition; stored values are kept. */
    remove(request: RapportMethods["custom_fields.remove"]["request"]): RapportMethods["custom_fields.remove"]["response"];
  };
  customers: {
    /** Creates a customer (owner: the acting user unless given; `null` puts it in the public pool). A known `external_ref` updates that customer instead. */
    create(request: RapportMethods["customers.create"]["request"]): RapportMethods["customers.create"]["response"];
    /** Changes a customer's fields; `null` clears a field, status only moves `potential -> transaction`. */
    update(request: RapportMethods["customers.update"]["request"]): RapportMethods["customers.update"]["response"];
    /** One customer visible to the actor. */
    get(request: RapportMethods["customers.get"]["request"]): RapportMethods["customers.get"]["response"];
    /** Customers in the actor's scope plus the public pool, filtered (owner, status, region prefix, tag, custom field, name), paged by cursor. */
    list(request?: RapportMethods["customers.list"]["request"]): RapportMethods["customers.list"]["response"];
    /** Archives a customer: kept and restorable, hidden from lists unless `include_archived`. */
    archive(request: RapportMethods["customers.archive"]["request"]): RapportMethods["customers.archive"]["response"];
    /** Restores an archived customer. */
    restore(request: RapportMethods["customers.restore"]["request"]): RapportMethods["customers.restore"]["response"];
    /** Creates or upserts (by `external_ref`) many customers at once; `all_or_nothing` (default) or `skip_invalid` with per-item errors. */
    batch(request: RapportMethods["customers.batch"]["request"]): RapportMethods["customers.batch"]["response"];
    /** The relationship map of a customer: its live contacts as a reports-to tree (roots report to nobody). */
    relationship_map(request: RapportMethods["customers.relationship_map"]["request"]): RapportMethods["customers.relationship_map"]["response"];
  };
  contacts: {
    /** Creates a contact of a customer (by `customer_id` or `customer_external_ref`); the first contact becomes primary. A known `external_ref` updates that contact instead. */
    create(request: RapportMethods["contacts.create"]["request"]): RapportMethods["contacts.create"]["response"];
    /** Changes a contact; `is_primary: true` demotes the old primary, `reports_to` must be a contact of the same customer without cycles. */
    update(request: RapportMethods["contacts.update"]["request"]): RapportMethods["contacts.update"]["response"];
    /** One contact, visible with its customer. */
    get(request: RapportMethods["contacts.get"]["request"]): RapportMethods["contacts.get"]["response"];
    /** A customer's contacts in creation order, paged by cursor. */
    list(request: RapportMethods["contacts.list"]["request"]): RapportMethods["contacts.list"]["response"];
    /** Archives a contact; an archived primary hands the role to the oldest live contact. */
    archive(request: RapportMethods["contacts.archive"]["request"]): RapportMethods["contacts.archive"]["response"];
    /** Restores an archived contact (primary again if its customer has none). */
    restore(request: RapportMethods["contacts.restore"]["request"]): RapportMethods["contacts.restore"]["response"];
    /** Creates or upserts (by `external_ref`) many contacts at once, naming customers by id or `customer_external_ref`; per-item errors. */
    batch(request: RapportMethods["contacts.batch"]["request"]): RapportMethods["contacts.batch"]["response"];
  };
  leads: {
    /** Captures a lead (status `new`, or `assigned` when `owner_id` is given); a known `external_ref` updates that lead. */
    create(request: RapportMethods["leads.create"]["request"]): RapportMethods["leads.create"]["response"];
    /** Changes a lead's person, company and custom fields; `null` clears an optional field. Converted leads are immutable. */
    update(request: RapportMethods["leads.update"]["request"]): RapportMethods["leads.update"]["response"];
    /** One lead in the actor's scope. */
    get(request: RapportMethods["leads.get"]["request"]): RapportMethods["leads.get"]["response"];
    /** Leads in scope (unassigned ones too for users above `own` scope), filtered, paged by id. */
    list(request?: RapportMethods["leads.list"]["request"]): RapportMethods["leads.list"]["response"];
    /** Archives a lead (converted leads too); archived leads leave lists unless `include_archived`. */
    archive(request: RapportMethods["leads.archive"]["request"]): RapportMethods["leads.archive"]["response"];
    /** Restores an archived lead. */
    restore(request: RapportMethods["leads.restore"]["request"]): RapportMethods["leads.restore"]["response"];
    /** Creates or upserts (by `external_ref`) many leads in one transaction, with per-item errors. */
    batch(request: RapportMethods["leads.batch"]["request"]): RapportMethods["leads.batch"]["response"];
    /** LEAD-1: the owner starts working an assigned lead (assigned -> working). */
    start_work(request: RapportMethods["leads.start_work"]["request"]): RapportMethods["leads.start_work"]["response"];
    /** LEAD-1: marks a worked lead as qualified (working -> qualified). */
    qualify(request: RapportMethods["leads.qualify"]["request"]): RapportMethods["leads.qualify"]["response"];
    /** LEAD-1: disqualifies a new, assigned, working or qualified lead; the reason is required. */
    disqualify(request: RapportMethods["leads.disqualify"]["request"]): RapportMethods["leads.disqualify"]["response"];
    /** LEAD-1: puts a disqualified lead back into the pool (status `recycled`, owner cleared). */
    recycle(request: RapportMethods["leads.recycle"]["request"]): RapportMethods["leads.recycle"]["response"];
    /** LEAD-3: assigns leads (`id` or `ids`, in order, atomically) manually, round robin, least loaded or by territory (managers in scope, admins, system). */
    assign(request: RapportMethods["leads.assign"]["request"]): RapportMethods["leads.assign"]["response"];
    /** LEAD-3: routes leads whose region lies under `region_prefix` to a department's team (admin or system). */
    set_territory(request: RapportMethods["leads.set_territory"]["request"]): RapportMethods["leads.set_territory"]["response"];
    /** LEAD-4: converts a qualified lead: links `customer_id` or creates a customer (company when the lead names one, */
    convert(request: RapportMethods["leads.convert"]["request"]): RapportMethods["leads.convert"]["response"];
    /** LEAD-3: the configured territories, by region prefix. */
    territories(request?: RapportMethods["leads.territories"]["request"]): RapportMethods["leads.territories"]["response"];
  };
  pipelines: {
    /** Creates a pipeline with ordered stages (admin or system); the first pipeline becomes the default. */
    create(request: RapportMethods["pipelines.create"]["request"]): RapportMethods["pipelines.create"]["response"];
    /** Renames a pipeline, makes it the default, or replaces its stages (known codes keep their ids). */
    update(request: RapportMethods["pipelines.update"]["request"]): RapportMethods["pipelines.update"]["response"];
    /** One pipeline with its stages. */
    get(request: RapportMethods["pipelines.get"]["request"]): RapportMethods["pipelines.get"]["response"];
    /** Every pipeline with its stages, the default first. */
    list(request?: RapportMethods["pipelines.list"]["request"]): RapportMethods["pipelines.list"]["response"];
    /** Archives a pipeline other than the default. */
    archive(request: RapportMethods["pipelines.archive"]["request"]): RapportMethods["pipelines.archive"]["response"];
    /** Restores an archived pipeline. */
    restore(request: RapportMethods["pipelines.restore"]["request"]): RapportMethods["pipelines.restore"]["response"];
  };
  opportunities: {
    /** Creates an opportunity for a visible customer (lines priced half-up per line); a known `external_ref` updates it instead. */
    create(request: RapportMethods["opportunities.create"]["request"]): RapportMethods["opportunities.create"]["response"];
    /** Changes an open opportunity's fields (stage, status and sharing have their own methods). */
    update(request: RapportMethods["opportunities.update"]["request"]): RapportMethods["opportunities.update"]["response"];
    /** One opportunity with its stage, effective probability, lines and collaborators. */
    get(request: RapportMethods["opportunities.get"]["request"]): RapportMethods["opportunities.get"]["response"];
    /** Opportunities in the actor's scope and those shared with them, filtered, by id, a page at a time. */
    list(request?: RapportMethods["opportunities.list"]["request"]): RapportMethods["opportunities.list"]["response"];
    /** Archives an opportunity. */
    archive(request: RapportMethods["opportunities.archive"]["request"]): RapportMethods["opportunities.archive"]["response"];
    /** Restores an archived opportunity. */
    restore(request: RapportMethods["opportunities.restore"]["request"]): RapportMethods["opportunities.restore"]["response"];
    /** Moves an open opportunity to a stage, forward or backward; past an approval stage only once approved. */
    advance(request: RapportMethods["opportunities.advance"]["request"]): RapportMethods["opportunities.advance"]["response"];
    /** Submits the evaluation at the current stage when it requires approval. */
    submit_for_approval(request: RapportMethods["opportunities.submit_for_approval"]["request"]): RapportMethods["opportunities.submit_for_approval"]["response"];
    /** A manager in scope approves the pending evaluation. */
    approve(request: RapportMethods["opportunities.approve"]["request"]): RapportMethods["opportunities.approve"]["response"];
    /** A manager in scope rejects the pending evaluation. */
    reject(request: RapportMethods["opportunities.reject"]["request"]): RapportMethods["opportunities.reject"]["response"];
    /** Closes an opportunity as won. */
    win(request: RapportMethods["opportunities.win"]["request"]): RapportMethods["opportunities.win"]["response"];
    /** Closes an opportunity as lost, with a reason and optionally the competitor. */
    lose(request: RapportMethods["opportunities.lose"]["request"]): RapportMethods["opportunities.lose"]["response"];
    /** Closes an opportunity as abandoned. */
    abandon(request: RapportMethods["opportunities.abandon"]["request"]): RapportMethods["opportunities.abandon"]["response"];
    /** A manager in scope reopens a closed opportunity, at a stage or where it closed. */
    reopen(request: RapportMethods["opportunities.reopen"]["request"]): RapportMethods["opportunities.reopen"]["response"];
    /** Shares an opportunity with a user, `read` or `edit`. */
    add_collaborator(request: RapportMethods["opportunities.add_collaborator"]["request"]): RapportMethods["opportunities.add_collaborator"]["response"];
    /** Stops sharing an opportunity with a user. */
    remove_collaborator(request: RapportMethods["opportunities.remove_collaborator"]["request"]): RapportMethods["opportunities.remove_collaborator"]["response"];
    /** Every stage visit of an opportunity (stage, entered_at, left_at), oldest first. */
    stage_history(request: RapportMethods["opportunities.stage_history"]["request"]): RapportMethods["opportunities.stage_history"]["response"];
  };
  activities: {
    /** Logs or plans an activity (call, visit, meeting, email, task, note). A done one moves its customer's last contact forward; a known `external_ref` updates that activity instead. */
    create(request: RapportMethods["activities.create"]["request"]): RapportMethods["activities.create"]["response"];
    /** Changes an activity's fields, related records or owner; `null` clears a field. Status changes use complete or cancel. */
    update(request: RapportMethods["activities.update"]["request"]): RapportMethods["activities.update"]["response"];
    /** One activity. */
    get(request: RapportMethods["activities.get"]["request"]): RapportMethods["activities.get"]["response"];
    /** Completes a planned activity (at `completed_at`, default now) with an optional outcome; moves the customer's last contact forward. */
    complete(request: RapportMethods["activities.complete"]["request"]): RapportMethods["activities.complete"]["response"];
    /** Cancels a planned activity. */
    cancel(request: RapportMethods["activities.cancel"]["request"]): RapportMethods["activities.cancel"]["response"];
    /** Activities in scope (own, or of a visible customer), filtered by owner, customer, opportunity, kind, status and start time; paged by cursor. */
    list(request?: RapportMethods["activities.list"]["request"]): RapportMethods["activities.list"]["response"];
    /** Archives an activity (hidden from lists and the agenda, restorable). */
    archive(request: RapportMethods["activities.archive"]["request"]): RapportMethods["activities.archive"]["response"];
    /** Restores an archived activity. */
    restore(request: RapportMethods["activities.restore"]["request"]): RapportMethods["activities.restore"]["response"];
    /** Creates or upserts (by `external_ref`) many activities at once; items may name the customer by `customer_external_ref`. */
    batch(request: RapportMethods["activities.batch"]["request"]): RapportMethods["activities.batch"]["response"];
  };
  agenda: {
    /** A user's agenda for a local day: planned activities, overdue tasks, reminders due (and, later, the CUS-8 alerts). */
    day(request?: RapportMethods["agenda.day"]["request"]): RapportMethods["agenda.day"]["response"];
  };
  audit: {
    /** Every audit entry of one record, oldest first (actor, time, action, changed fields old -> new). */
    history(request: RapportMethods["audit.history"]["request"]): RapportMethods["audit.history"]["response"];
  };
}
