// Generated from the method registry by `cargo run -p rapport-examples -- docs`. Do not edit.

/** Any JSON value (custom fields, audit changes). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Closes an opportunity as abandoned. */
export interface AbandonRequest {
  id: string;
  reason?: string | null;
}

/** An ABC class (Pareto by window revenue). */
export type AbcClass = "A" | "B" | "C";

/** The ABC thresholds on the revenue share ahead of a customer (default A < 0.80, B < 0.95). */
export interface AbcThresholds {
  a: number;
  b: number;
}

/** A customer's ABC class and the revenue share of everyone ahead of it (SCORE-5). */
export interface AbcView {
  class: AbcClass;
  /** 0-1, six decimals. */
  share_before: number;
}

/** The customer accepts a sent quote. */
export interface AcceptQuoteRequest {
  id: string;
  /** Also set the quote's opportunity's lines and amount from the quote (net of discount, before tax). */
  update_opportunity?: boolean;
}

/**
 * A grant of read or edit scope over a department and the departments below it, to a user or to
 * every holder of a role (ORG-6).
 */
export interface AccessGrant {
  access: GrantAccess;
  created_at: string;
  department_id: string;
  id: string;
  /** The role (built-in or custom code) whose holders it is granted to (or `user_id`). */
  role: string | null;
  /** The user it is granted to (or `role`). */
  user_id: string | null;
}

/** What a permission lets an actor do on a kind's records (ORG-6). */
export type Action = "create" | "edit" | "archive" | "assign" | "approve" | "export" | "view_financial";

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
export type ActivityKind = "call" | "visit" | "meeting" | "email" | "task" | "note" | "message";

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
   * The customer alerts of CUS-8 on the user's own customers: no activity for N days, no order
   * for M days, overdue receivables, contact birthdays within K days, opportunities past their
   * expected close (thresholds: `alerts.configure`).
   */
  alerts: CustomerAlert[];
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

/** One bucket of days overdue. */
export interface AgingBucket {
  amount: number;
  /** `1-30`, ..., `90+`. */
  label: string;
  /** Most days overdue in the bucket (inclusive); `null` for the last. */
  max_days: number | null;
  /** Fewest days overdue in the bucket (inclusive). */
  min_days: number;
  /** Open receivables in the bucket. */
  receivables: number;
}

/** One group of the aging report: a customer, an owner or a department (`id` null: customers without one). */
export interface AgingGroup {
  /** Amount per bucket, in the order of the report's `buckets`. */
  buckets: number[];
  id: string | null;
  name: string | null;
  not_due: number;
  total: number;
}

/**
 * How the aging report groups open receivables: by the customer, the customer's owner, or the owner's
 * department.
 */
export type AgingGrouping = "customer" | "owner" | "department";

/** The aging report. Amounts are minor units of the base currency. */
export interface AgingReport {
  as_of: string;
  buckets: AgingBucket[];
  /** With `group_by`: one page of groups, largest total first, then id. */
  groups: AgingGroup[] | null;
  next_cursor: string | null;
  /** Outstanding on receivables due on `as_of` or later. */
  not_due: number;
  /** Everything outstanding: `not_due` plus every bucket. */
  total: number;
}

/** DOC-6 aging: open receivables by days overdue as of a date, in totals and optionally per group. */
export interface AgingRequest {
  /** `YYYY-MM-DD`, default the organisation's today. */
  as_of?: string | null;
  /**
   * Ascending positive upper bounds in days overdue (default `[30, 60, 90]`: 1-30, 31-60, 61-90, 90+);
   * at most 12. Receivables due on `as_of` or later are `not_due`.
   */
  buckets?: number[] | null;
  /** The `next_cursor` of the previous page. */
  cursor?: string | null;
  /** Groups to page through (absent: totals only). */
  group_by?: AgingGrouping | null;
  /** Groups per page (default 50, at most 1000). */
  limit?: number | null;
}

/** What an alert is about. */
export type AlertKind = "no_activity" | "no_order" | "overdue_receivable" | "birthday" | "opportunity_overdue" | "instalment_due" | "contract_ending";

/** The alert thresholds (organisation-wide). */
export interface AlertSettings {
  /** A contact's birthday within this many days from the agenda's day (0: that day only). */
  birthday_days?: number;
  /**
   * The host's template for birthday greetings (ORG-7): when set, `inbox.refresh` queues one to each
   * contact on their birthday (SMS to the first phone, else email), once a year.
   */
  birthday_greeting_template?: string | null;
  /** A signed contract's instalment falling due, or the contract ending, within this many days (DOC-9). */
  contract_days?: number;
  /** A customer without an activity (or, never contacted, since its creation) for this many days. */
  no_activity_days?: number;
  /** A transaction customer without an order for this many days. */
  no_order_days?: number;
}

/** The alert thresholds (organisation-wide). */
export interface AlertSettings_response {
  /** A contact's birthday within this many days from the agenda's day (0: that day only). */
  birthday_days: number;
  /**
   * The host's template for birthday greetings (ORG-7): when set, `inbox.refresh` queues one to each
   * contact on their birthday (SMS to the first phone, else email), once a year.
   */
  birthday_greeting_template?: string | null;
  /** A signed contract's instalment falling due, or the contract ending, within this many days (DOC-9). */
  contract_days: number;
  /** A customer without an activity (or, never contacted, since its creation) for this many days. */
  no_activity_days: number;
  /** A transaction customer without an order for this many days. */
  no_order_days: number;
}

/** A posted announcement. */
export interface Announcement {
  author_id: string | null;
  body: string;
  created_at: string;
  department_ids: string[];
  id: string;
  include_subdepartments: boolean;
  /** Active users whose inbox received it. */
  recipients: number;
  title: string;
}

/** An announcement to post to departments. */
export interface AnnouncementDraft {
  body: string;
  /** 1 to 100 departments. */
  department_ids: string[];
  /** Also the departments below them (default true). */
  include_subdepartments?: boolean;
  title: string;
}

/** A document's submission and its route through the flow in force when it was submitted. */
export interface Approval {
  /** The step that waits (`None` once decided). */
  current_step: number | null;
  decided_at: string | null;
  document_id: string;
  document_type: DocumentType;
  /** The flow version it was submitted under (0: the built-in default); it finishes under it. */
  flow_version: number;
  history: ApprovalEvent[];
  id: string;
  note: string | null;
  /** Why it was rejected. */
  reason: string | null;
  status: ApprovalState;
  steps: ApprovalStep[];
  submitted_at: string;
  submitted_by: string | null;
}

/** What happened to an approval (its history). */
export type ApprovalAction = "submitted" | "approved" | "rejected" | "sent_back";

/** One entry of an approval's history. */
export interface ApprovalEvent {
  action: ApprovalAction;
  /** The user who acted (`None`: the host). */
  actor_id: string | null;
  at: string;
  /** The submission's note, the decision's comment, or a rejection's reason. */
  comment: string | null;
  /** The step decided (`None` for the submission). */
  position: number | null;
}

/** Where an approval stands. */
export type ApprovalState = "approved" | "rejected" | "pending";

/** The evaluation gate's state (OPP-3) for `approval_stage_id`. */
export type ApprovalStatus = "none" | "pending" | "approved" | "rejected";

/** One step of a submitted document's route, with the users it is addressed to. */
export interface ApprovalStep {
  /** Who may decide it (empty for a skipped step). */
  approvers: string[];
  name: string;
  /** 1 for the flow's first step. */
  position: number;
  status: StepStatus;
}

/** Who approves a step. */
export type Approver = {
  kind: "manager_in_scope";
} | {
  kind: "manager";
  levels?: number;
} | {
  kind: "nearest_role";
  role: Role;
} | {
  department_id?: string | null;
  kind: "role";
  role: Role;
} | {
  kind: "user";
  user_id: string;
};

/** Who approves a step. */
export type Approver_response = {
  kind: "manager_in_scope";
} | {
  kind: "manager";
  levels: number;
} | {
  kind: "nearest_role";
  role: Role;
} | {
  department_id: string | null;
  kind: "role";
  role: Role;
} | {
  kind: "user";
  user_id: string;
};

export type Array_of_AccessGrant = AccessGrant[];

export type Array_of_Approval = Approval[];

export type Array_of_AuditEntry = AuditEntry[];

export type Array_of_CodeSequence = CodeSequence[];

export type Array_of_CustomFieldDef = CustomFieldDef[];

export type Array_of_Delivery = Delivery[];

export type Array_of_Department = Department[];

export type Array_of_Lead = Lead[];

export type Array_of_OutboxMessage = OutboxMessage[];

export type Array_of_Pipeline = Pipeline[];

export type Array_of_RelationshipNode = RelationshipNode[];

export type Array_of_Return = Return[];

export type Array_of_RoleDefinition = RoleDefinition[];

export type Array_of_StageVisit = StageVisit[];

export type Array_of_Territory = Territory[];

export type Array_of_User = User[];

export type Array_of_UserPermissions = UserPermissions[];

export type Array_of_ValueModel = ValueModel[];

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
  /** Financial fields whose changes the actor may not see (ORG-6), left out of `changes`. */
  withheld?: string[];
}

/** One band: values in `[min, max)` (an absent bound is open) score `points`. */
export interface Band {
  max?: number | null;
  min?: number | null;
  /** 0 to 100. */
  points: number;
}

/** One band: values in `[min, max)` (an absent bound is open) score `points`. */
export interface Band_response {
  max: number | null;
  min: number | null;
  /** 0 to 100. */
  points: number;
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
export interface BatchRequest_of_DeliveryPush {
  items: DeliveryPush[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_LeadDraft {
  items: LeadDraft[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_OrderPush {
  items: OrderPush[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_ProductDraft {
  items: ProductDraft[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_ReceiptPush {
  items: ReceiptPush[];
  mode?: BatchMode;
}

/** A batch of items of one kind. */
export interface BatchRequest_of_ReceivablePush {
  items: ReceivablePush[];
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

/** Cancels an order (not once delivery is complete). */
export interface CancelOrderRequest {
  id: string;
  reason?: string | null;
}

/** How an outbox message leaves. */
export type Channel = "push" | "sms" | "email";

/** A customer's orders through one channel partner (CUS-4). Amounts are minor units of the base currency. */
export interface ChannelFigures {
  channel_partner: string;
  last_order_date: string | null;
  order_amount: number;
  order_count: number;
}

export interface ChurnReport {
  as_of: string | null;
  /** Highest ratio first. */
  customers: ChurnRisk[];
  k: number | null;
  /** Pass as `cursor` for the next page; `null` on the last one. */
  next_cursor: string | null;
}

/** SCORE-10: the churn list from the last rescoring. */
export interface ChurnRequest {
  /** The `next_cursor` of the previous page. */
  cursor?: string | null;
  /** Page size (default 50, at most 1000). */
  limit?: number | null;
}

/** A customer at risk of churning: days since its last order exceed `k` times its mean order interval. */
export interface ChurnRisk {
  code: string;
  customer_id: string;
  days_since_last_order: number;
  mean_interval_days: number;
  name: string;
  owner_id: string | null;
  /** days_since_last_order / mean_interval_days, two decimals (`null` when every order fell on one day). */
  ratio: number | null;
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

/** How a condition compares the document's value with the threshold. */
export type CompareOp = "gt" | "gte" | "lt" | "lte" | "eq" | "ne";

/** Completes a planned activity. */
export interface CompleteRequest {
  /** When it was done; defaults to now. */
  completed_at?: string | null;
  id: string;
  outcome?: string | null;
}

/** A condition on the document: the step applies only when it holds. */
export interface Condition {
  /** One of the document type's fields (`amount`, ...) or `custom.<key>`. */
  field: string;
  op: CompareOp;
  /** A number, a `YYYY-MM-DD` date, a text or a boolean, as the field is. */
  value: JsonValue;
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

/** DOC-3 and DOC-9: a contract (one version). */
export interface Contract {
  /** `totals.gross` in minor units of the base currency. */
  amount_base: number;
  archived_at: string | null;
  /** The readable code (`K-000012`), shared by every version. */
  code: string;
  created_at: string;
  created_by: string | null;
  currency: string;
  custom: Record<string, JsonValue>;
  customer_id: string;
  /** When the approval flow decided it. */
  decided_at: string | null;
  end_date: string;
  external_ref: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate: string;
  id: string;
  /** Invoice requests waiting on them. */
  invoice_requested_amount: number;
  /** Invoices issued on the contract (any version) and on the orders made under it (DOC-10). */
  invoiced_amount: number;
  /** One line per product. */
  lines: DocumentLine[];
  note: string | null;
  opportunity_id: string | null;
  /** Instalments in date order adding up to `totals.gross`; empty: orders follow their payment terms. */
  payment_plan: Instalment[];
  /** The version this one amends. */
  previous_id: string | null;
  /** The quote it was made from. */
  quote_id: string | null;
  signed_date: string | null;
  /** The validity period: orders are made under it from `start_date` to `end_date`. */
  start_date: string;
  status: ContractStatus;
  termination_reason: string | null;
  title: string;
  totals: Totals;
  /** What a new invoice request may take: the gross total less invoiced and waiting. */
  uninvoiced_amount: number;
  updated_at: string;
  /** 1 for the first version; an amendment is the next. */
  version: number;
}

/** A new contract (a draft): from a quote (its customer, currency, lines) or direct with lines. */
export interface ContractDraft {
  currency?: string | null;
  custom?: Record<string, JsonValue>;
  /** The customer (required without a quote; with one it must be the quote's). */
  customer_id?: string | null;
  /** `YYYY-MM-DD`, the last day of the validity period. */
  end_date: string;
  /** The host's key (a known one answers the contract made with it). */
  external_ref?: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate?: string | null;
  /** Lines (required without a quote; with one, the quote's lines are taken when absent). */
  lines?: LineRequest[] | null;
  note?: string | null;
  opportunity_id?: string | null;
  /** Instalments in date order adding up to the gross total (default none: orders follow their terms). */
  payment_plan?: InstalmentRequest[];
  /** The current version of a sent or accepted quote (a sent one is accepted). */
  quote_id?: string | null;
  /** `YYYY-MM-DD` (default today). */
  start_date?: string | null;
  title: string;
}

/** DOC-9: a contract's execution as of a day. */
export interface ContractExecution {
  as_of: string;
  code: string;
  contract_id: string;
  currency: string;
  instalments: InstalmentExecution[];
  lines: LineExecution[];
  /** Orders made under the contract (any version), cancelled and rejected ones left out. */
  order_ids: string[];
  status: ContractStatus;
  totals: ExecutionTotals;
  version: number;
  /** The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON. */
  withheld?: string[];
}

/** Lists contracts in the actor's scope, newest first. */
export interface ContractListRequest {
  cursor?: string | null;
  customer_id?: string | null;
  include_archived?: boolean;
  /** Also list superseded versions (default: current versions only). */
  include_superseded?: boolean;
  limit?: number | null;
  /** Only contracts in this status as of today (`expired` finds signed ones past their end date). */
  status?: ContractStatus | null;
}

/**
 * Changes to a draft or rejected contract; absent fields stay. `lines` replaces every line, and the
 * plan is resolved again against the new total (give `payment_plan` when fixed amounts no longer fit).
 */
export interface ContractPatch {
  custom?: Record<string, JsonValue> | null;
  end_date?: string | null;
  id: string;
  lines?: LineRequest[] | null;
  note?: string | null;
  payment_plan?: InstalmentRequest[] | null;
  start_date?: string | null;
  title?: string | null;
}

/** A contract's state. */
export type ContractStatus = "draft" | "submitted" | "approved" | "rejected" | "signed" | "expired" | "terminated" | "superseded";

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

/** The credit check of an order's approval (DOC-4), in minor units of the base currency. */
export interface CreditCheck {
  /** Whether approval would be refused for credit (exceeding and no override on record). */
  blocked: boolean;
  /** `None`: the customer has no credit limit and is not checked. */
  credit_limit: number | null;
  customer_id: string;
  /** How far the exposure exceeds the limit (0 within it). */
  excess: number | null;
  /** Outstanding plus this order. */
  exposure: number | null;
  /** This order, net of approved returns. */
  order_amount: number;
  order_id: string;
  /** The customer's open receivables (instalments not yet due included). */
  outstanding: number | null;
  /** A manager's override on record. */
  override_reason: string | null;
  /** Fields the actor's roles may not see (credit limit and receivables are financial). */
  withheld?: string[];
}

/** A manager's override of the credit check, with its reason (audited). */
export interface CreditOverrideRequest {
  id: string;
  reason: string;
}

/** The declaration of one custom field of an entity type. */
export interface CustomFieldDef {
  /**
   * When `custom_fields.remove` archived it (listed only with `include_archived`): records keep their
   * values, readable as before, but no new value is accepted until the key is defined again.
   */
  archived_at?: string | null;
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

export interface CustomFieldListRequest {
  /** `customer`, `contact`, `lead`, `opportunity` or `activity`. */
  entity: string;
  /** Also list archived definitions (their `archived_at` set); their stored values stay readable. */
  include_archived?: boolean;
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
  /** The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON. */
  withheld?: string[];
}

/** One alert on the agenda. */
export interface CustomerAlert {
  /** The overdue amount, or an instalment's share still to receive, minor units of the base currency. */
  amount: number | null;
  customer_id: string;
  customer_name: string;
  /**
   * The date concerned: last activity or order, the birthday this year, the expected close, the
   * instalment's due date, the contract's end.
   */
  date: string | null;
  /**
   * Days since the last activity or order, until the birthday, instalment or contract end, or past the
   * expected close.
   */
  days: number | null;
  kind: AlertKind;
  /** The contact (birthday), opportunity (past its close date) or contract (instalment, end) concerned. */
  record_id: string | null;
  record_name: string | null;
  /** `["amount"]` when the actor may not see the customer's financial fields (ORG-6). */
  withheld?: string[];
}

export interface CustomerDistributionRequest {
  by: CustomerGrouping;
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

/** A customer attribute to count by. */
export type CustomerGrouping = "source" | "status" | "kind" | "industry" | "region";

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

/** The customer 360 overview (CUS-4). Money in minor units of the base currency. */
export interface CustomerOverview {
  abc_class: AbcClass | null;
  as_of: string;
  /**
   * What the customer bought through each channel partner (counting orders up to `as_of` that name
   * one), largest amount first.
   */
  channel_partners: ChannelFigures[];
  /** `credit_limit - outstanding`; `null` without a limit. */
  credit_available: number | null;
  credit_limit: number | null;
  customer_id: string;
  open_opportunities: number;
  /** Sum over open opportunities of `amount * probability / 100`, rounded half-up per opportunity. */
  open_opportunities_weighted: number;
  rfm_segment: RfmSegment | null;
  statistics: CustomerStatistics;
  value_grade: Grade | null;
  /** The default value model's score (0-100) and grade from the last rescoring, if any. */
  value_score: number | null;
  /**
   * The financial figures the actor may not see (ORG-6), dotted for those of `statistics`: absent from
   * the JSON (zero in `statistics` for Rust callers).
   */
  withheld?: string[];
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

/** Every score of a customer, from the last rescoring. */
export interface CustomerScores {
  abc: AbcView | null;
  as_of: string | null;
  customer_id: string;
  /** `null` outside the RFM population (no order on or before `as_of`) or before the first rescoring. */
  rfm: RfmView | null;
  scores: ScoreView[];
  window_days: number | null;
}

/**
 * A customer's statistics as of `as_of` (documents dated after it do not count).
 * Amounts are minor units of the base currency.
 */
export interface CustomerStatistics {
  /** Done activities up to `as_of`. */
  activity_count: number;
  as_of: string | null;
  first_order_date: string | null;
  largest_order: number;
  last_activity_date: string | null;
  last_order_date: string | null;
  order_amount: number;
  order_count: number;
  /** Order amounts not yet settled by receipts. */
  outstanding_amount: number;
  /** The outstanding part of receivables due before `as_of`. */
  overdue_amount: number;
  receipts_amount: number;
  /** Done activities in the 90 days ending at `as_of`. */
  recent_activity_count: number;
  window_order_amount: number;
  /** Orders in the scoring window (`window_days` ending at `as_of`, inclusive). */
  window_order_count: number;
  year_order_amount: number;
  /** Orders of the calendar year of `as_of`, up to `as_of`. */
  year_order_count: number;
  /** What the orders of the calendar year of `as_of` still owe (本年累计欠款额). */
  year_outstanding_amount: number;
  /** Receipts of the calendar year of `as_of`, up to `as_of` (本年累计收款额). */
  year_receipts_amount: number;
}

/** Where a customer stands: `potential` until its first approved order (or an explicit conversion), then `transaction`. */
export type CustomerStatus = "potential" | "transaction";

/** A contact's role in the customer's buying decision. */
export type DealRole = "decision_maker" | "influencer" | "user" | "gatekeeper";

/** Approves the waiting step of an approval, or sends it back to the step before. */
export interface DecisionRequest {
  comment?: string | null;
  /**
   * Answers what the decision would do (the next step, or the document's approval and its checks,
   * such as an order's credit check), writing nothing.
   */
  dry_run?: boolean;
  /** The approval's id (from `approvals.pending`). */
  id: string;
}

/** A delivery of quantities per order line (DOC-5). */
export interface DeliverRequest {
  /** `YYYY-MM-DD` (default today). */
  delivery_date?: string | null;
  /** The host's key (a known one answers the delivery made with it). */
  external_ref?: string | null;
  lines: LineQuantity[];
  order_id: string;
  /** Default: the order's. */
  shipping_address?: string | null;
}

export interface Delivery {
  amount: number;
  created_at: string;
  /** The order's customer (follows the order should it move). */
  customer_id: string;
  delivery_date: string;
  /** The host's key; `None` for a delivery recorded in the engine without one. */
  external_ref: string | null;
  id: string;
  /** Quantities per order line (empty for a delivery by amount). */
  lines: QuantityLine[];
  order_id: string;
  /** An exchange's replacement delivery names its return (it changes no delivered quantity). */
  return_id: string | null;
  shipping_address: string | null;
}

/** The outcome of one delivery. */
export type DeliveryOutcome = "sent" | "failed";

/** A delivery against an order (DOC-5): never more than ordered minus already delivered. */
export interface DeliveryPush {
  /**
   * Delivered value in minor units of the order's currency (at least 0): required for an order
   * without lines; with `lines`, the lines' gross shares, which a given amount must equal.
   */
  amount?: number | null;
  delivery_date: string;
  external_ref: string;
  /** Quantities per order line, for an order with lines (DOC-5). */
  lines?: LineQuantity[] | null;
  /** ... or by the ERP's order key. */
  order_external_ref?: string | null;
  /** The order, by id... */
  order_id?: string | null;
  shipping_address?: string | null;
}

/**
 * What to seed, as every host gives it (`{"customers": 300}` from JavaScript, `--customers 300` in the CLI):
 * every field is optional, and the counts not given scale from `customers`.
 */
export interface DemoOptions {
  /** Activities (default: as many as customers). */
  activities?: number | null;
  /** Customers (default 3000). */
  customers?: number | null;
  /** Leads (default: a third of the customers). */
  leads?: number | null;
  /** Opportunities (default: a quarter of the customers). */
  opportunities?: number | null;
  /**
   * Orders pushed as from an ERP, most by a fifth of the customers, with receipts for most of them
   * (default: three per customer).
   */
  orders?: number | null;
  /** Seed of the generator: the same seed gives the same organisation (default 20260301). */
  seed?: number | null;
}

/** What the seeder wrote. */
export interface DemoSummary {
  activities: number;
  contacts: number;
  customers: number;
  departments: number;
  leads: number;
  leads_assigned: number;
  opportunities: number;
  opportunities_lost: number;
  opportunities_won: number;
  orders: number;
  pipelines: number;
  receipts: number;
  /** Parts skipped because their methods are not in the registry (`customers.batch`, ...). */
  skipped: string[];
  users: number;
  value_models: number;
}

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

/** One dimension of a model. */
export interface Dimension {
  /** The custom field's key, for `custom_field`. */
  field?: string | null;
  metric: Metric;
  rule: Rule;
  /** At least 0; the weights of a model sum to more than 0. */
  weight: number;
}

/** One dimension's part of a score (SCORE-2). */
export interface DimensionScore {
  /** `weight * points / sum of weights`, rounded to two decimals. */
  contribution: number;
  field?: string | null;
  metric: Metric;
  /** Points, 0-100, rounded to two decimals. */
  points: number;
  /** The raw value (`null` when missing: 0 points). */
  value: number | null;
  weight: number;
}

/** Where a quote stands with the discount approval (DOC-2). */
export type DiscountApproval = "pending" | "approved" | "rejected" | "not_needed";

/** The discount ceilings of roles (DOC-2): a role may give line discounts up to its ceiling without approval. */
export interface DiscountCeilings {
  /**
   * Basis points by role: a built-in role (`sales_rep`) or a custom role's code. Roles not named
   * keep their default (administrators and managers 10000, everyone else 1000).
   */
  ceilings: Record<string, number>;
}

/** Disqualifies a lead; the reason is required. */
export interface DisqualifyRequest {
  id: string;
  reason?: string | null;
}

/** A priced line of a document. */
export interface DocumentLine {
  description: string;
  discount_bp: number;
  gross: number;
  /** 1, 2, ... in the document. */
  line_no: number;
  net: number;
  /** Where the unit price came from (`list_price`, `price_list:<rule>`, `given`). */
  price_source: string;
  product_code: string;
  product_id: string;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
  tax: number;
  tax_rate_bp: number;
  unit: string;
  unit_price: number;
}

/** A document's approvals. */
export interface DocumentRequest {
  document_id: string;
  document_type: DocumentType;
}

/**
 * What can be submitted for approval. Each module that approves something adds its type here with
 * its default flow; none writes an approval rule of its own.
 */
export type DocumentType = "opportunity_evaluation" | "quote_discount" | "sales_order" | "sales_return" | "contract";

/** What to do with a row whose `external_ref` names a record that already exists. */
export type DuplicatePolicy = "update" | "skip" | "create";

/** An empty request. */
export type Empty = Record<string, never>;

/**
 * Stable error codes. The table is fixed and only ever appended to;
 * the number is what C sees (`RAPPORT_*`).
 */
export type ErrorCode = "internal" | "misuse" | "not_found" | "permission_denied" | "validation" | "conflict" | "invalid_state" | "busy" | "unknown_method" | "malformed_request" | "unknown_actor" | "schema_too_new" | "too_large" | "io" | "read_only" | "cancelled";

/** One group of the order execution report. Minor units of the base currency. */
export interface ExecutionGroup {
  delivered: number;
  /** Invoices issued on the orders. */
  invoiced: number;
  key: string | null;
  name: string | null;
  /** Ordered, less credit returns. */
  ordered: number;
  orders: number;
  /** Received on the orders' receivables (financial: withheld without `view_financial` on receivables). */
  received: number | null;
}

/** What an order execution report groups by. */
export type ExecutionGrouping = "owner" | "department" | "customer" | "month";

/** Asks for a contract's execution as of a day. */
export interface ExecutionRequest {
  /** `YYYY-MM-DD` (default today): instalments are due or overdue as of this day. */
  as_of?: string | null;
  id: string;
}

/** The contract's totals: lines summed, and the money owed and received (financial). */
export interface ExecutionTotals {
  amount: number;
  delivered_amount: number;
  /** Invoice requests waiting on them. */
  invoice_requested_amount: number;
  /** Invoices issued on the contract and on its orders. */
  invoiced_amount: number;
  ordered_amount: number;
  /** Minor units of the base currency. */
  outstanding_base: number | null;
  overdue_base: number | null;
  pending_amount: number;
  received_amount: number | null;
  /** The gross total less what was invoiced and what waits: what a new request may take. */
  uninvoiced_amount: number;
}

/** One feature's part in a prediction. */
export interface FeatureLikelihood {
  feature: string;
  given_lost: number;
  /** P(value | won) and P(value | lost), six decimals. */
  given_won: number;
  value: string;
}

/** DOC-10: sets who owns receivables. */
export interface FinanceConfigureRequest {
  /**
   * Required once money is recorded: the documented migration. To the ERP, the engine's open
   * receivables are closed (kept, nothing owed) and the ERP pushes its own; to the engine, the pushed
   * ones are closed and the engine derives every customer's receivables from its orders and receipts.
   */
  migrate?: boolean;
  receivables_owner: ReceivablesOwner;
}

/** DOC-10: the finance settings. */
export interface FinanceSettings {
  receivables_owner: ReceivablesOwner;
}

/**
 * A document type's flow at one version. Version 0 is the built-in default, in force until an
 * administrator configures one.
 */
export interface Flow {
  created_at: string | null;
  created_by: string | null;
  document_type: DocumentType;
  steps: FlowStep[];
  version: number;
}

/** A document type's flow: the one in force, or a given version. */
export interface FlowRequest {
  document_type: DocumentType;
  /** A version (0: the built-in default); absent: the one in force. */
  version?: number | null;
}

/** One step of a flow. */
export interface FlowStep {
  approver: Approver;
  /** When absent the step always applies; otherwise only when the condition holds. */
  condition?: Condition | null;
  name: string;
}

/** The weighted forecast over the opportunities in the actor's scope (minor units of the base currency). */
export interface Forecast {
  from: string;
  months: ForecastMonth[];
  to: string;
}

/** The forecast category a stage maps to (SCORE-7); won deals are `closed`. */
export type ForecastCategory = "pipeline" | "best_case" | "commit";

/**
 * One month of the forecast (SCORE-7): open opportunities weighted by probability, by the month of
 * their expected close date and forecast category, and the won amount closed in the month.
 */
export interface ForecastMonth {
  best_case: number;
  /** Won in the month (category `closed`). */
  closed: number;
  commit: number;
  /** `YYYY-MM`; `null` for open opportunities without an expected close date. */
  month: string | null;
  open_opportunities: number;
  pipeline: number;
  /** The month's target; `null` until targets (TGT) exist. */
  target: number | null;
  /** pipeline + best_case + commit. */
  weighted: number;
}

/** The funnel (SCORE-8) over the opportunities in the actor's scope. */
export interface FunnelReport {
  abandoned: number;
  /** Mean days from creation to won. */
  average_cycle_days: number | null;
  /** Mean amount of the won, minor units of the base currency (rounded half-up). */
  average_deal_size: number | null;
  /** Opportunities created in the period. */
  created: number;
  from: string;
  lost: number;
  pipeline_id: string;
  stages: FunnelStage[];
  to: string;
  /** won / (won + lost), `null` when none closed. */
  win_rate: number | null;
  /** Closed in the period. */
  won: number;
}

/** A funnel report request: a pipeline (default: the default one) and a span of creation months. */
export interface FunnelRequest {
  /** First month, `YYYY-MM` (default: eleven months before `to`). */
  from?: string | null;
  /** Only this owner's opportunities (within the actor's scope). */
  owner_id?: string | null;
  pipeline_id?: string | null;
  /** Last month, `YYYY-MM` (default: this month). */
  to?: string | null;
}

/** One stage of the funnel. */
export interface FunnelStage {
  /** Mean days of completed visits to the stage (`null` without one). */
  average_days_in_stage: number | null;
  code: string;
  /** `reached(next) / reached(this)`; `null` for the last stage or when none reached this one. */
  conversion_to_next: number | null;
  name: string;
  position: number;
  /** Opportunities created in the period that entered this stage or a later one. */
  reached: number;
  /** Their amount, minor units of the base currency. */
  reached_amount: number;
  stage_id: string;
}

/** A customer grade. */
export type Grade = "A" | "B" | "C" | "D";

/** How grades are given. */
export type Grading = {
  a: number;
  b: number;
  c: number;
  method: "score";
} | {
  a: number;
  b: number;
  c: number;
  method: "percentage";
};

/** How far a department grant reaches: reading, or reading and editing. */
export type GrantAccess = "read" | "edit";

/** Which grants to list: all, or a user's or a role's. */
export interface GrantListRequest {
  role?: string | null;
  user_id?: string | null;
}

/**
 * Grants a user or a role read or edit scope over a department's records (owned by users of the
 * department or any below it). Granting the same grantee the same department again changes its access.
 */
export interface GrantRequest {
  access: GrantAccess;
  department_id: string;
  /** A built-in role or a custom role's code. */
  role?: string | null;
  user_id?: string | null;
}

/** A report group: its key, customers and an amount. */
export interface GroupCount {
  /**
   * Order amount of the group's customers, minor units of the base currency: every counting order as
   * of the statistics date (value pyramid, customer distribution), or the window's (RFM, ABC).
   */
  amount: number;
  customers: number;
  /** The group (`null`: customers outside the population or not yet scored). */
  key: string | null;
}

/** Counts per group over the customers in the actor's scope. */
export interface GroupReport {
  groups: GroupCount[];
}

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

/** The file's format. */
export type ImportFormat = "csv" | "jsonl";

/** The kinds of records an import writes. */
export type ImportKind = "customers" | "contacts" | "leads" | "products" | "receipts" | "orders";

/** `imports.list`: newest first, paged by cursor. */
export interface ImportListRequest {
  cursor?: string | null;
  entity?: ImportKind | null;
  limit?: number | null;
}

/** Which source column fills which field, constants, and how dates are written. */
export interface ImportMapping {
  /**
   * Source column -> field of the record (`"客户名称": "name"`, `"员工数": "custom.employees"`, for
   * orders `"数量": "lines.quantity"`). Empty: every column fills the field of its own name.
   */
  columns?: Record<string, string>;
  /** Field -> value given to every row (`{"source": "trade_show"}`); a mapped column wins when not empty. */
  constants?: Record<string, JsonValue>;
  /** How date cells are written, as a chrono format (`"%Y/%m/%d"`, `"%d.%m.%Y"`); default `YYYY-MM-DD`. */
  date_format?: string | null;
}

/** A recorded import, as `imports.list` shows it. */
export interface ImportRecord {
  /** Who ran it (`null`: the host). */
  actor_id: string | null;
  created: number;
  created_at: string;
  duplicates: DuplicatePolicy;
  entity: ImportKind;
  format: ImportFormat;
  id: string;
  mode: BatchMode;
  rejected: number;
  /** When it was reverted, and by whom. */
  reverted_at: string | null;
  reverted_by: string | null;
  rows: number;
  skipped: number;
  /** The file's name (no directories), or `null` for text. */
  source: string | null;
  updated: number;
}

/** What an import did (or, with `dry_run`, would do). */
export interface ImportReport {
  /** Records created, updated, rows skipped as duplicates, rows rejected. */
  created: number;
  dry_run: boolean;
  /** The rejected rows, at most 1,000 of them, in file order. */
  errors: RowError[];
  /** The import's id (`imports.get`, `imports.revert`); `null` for a dry run. */
  import_id: string | null;
  rejected: number;
  /** Data rows read. */
  rows: number;
  skipped: number;
  updated: number;
}

/** An import (LIFE-1): where the rows come from, how they map, and what to do with duplicates and bad rows. */
export interface ImportRequest {
  /** The CSV field delimiter, one ASCII character (default `,`; `;` and tab are common). */
  delimiter?: string | null;
  /** Read and check every row as the import would, write nothing, and report every row that would fail. */
  dry_run?: boolean;
  duplicates?: DuplicatePolicy;
  /** The file's encoding (default UTF-8; a byte order mark is skipped). */
  encoding?: TextEncoding;
  /** The kind of records the rows are. */
  entity: ImportKind;
  format?: ImportFormat;
  mapping?: ImportMapping;
  /**
   * `all_or_nothing` (default): any bad row refuses the import, nothing is written. `skip_invalid`:
   * good rows are written, bad ones reported.
   */
  mode?: BatchMode;
  /** A file to read (native hosts). Exactly one of `path` and `text`. */
  path?: string | null;
  /** The file's content as text (browsers, small imports). */
  text?: string | null;
}

/** One entry of a user's inbox. */
export interface InboxEntry {
  created_at: string;
  /** The kind of record it concerns (`opportunity`, `customer`, `announcement`, ...), if any. */
  entity: string | null;
  id: string;
  kind: InboxKind;
  /** What a host needs to word the entry in its language (`{"step": "区域经理审批"}`). */
  params: Record<string, JsonValue>;
  read_at: string | null;
  record_id: string | null;
  /** The record's name or code, or the announcement's title. */
  title: string;
  user_id: string;
}

/** What raised an inbox entry. */
export type InboxKind = "approval" | "approval_decided" | "assignment" | "alert" | "reminder" | "announcement";

/** The acting user's inbox, unread first, newest first, a page at a time. */
export interface InboxListRequest {
  cursor?: string | null;
  /** Default 50, at most 1000. */
  limit?: number | null;
  /** Raise first what came due by this moment (RFC 3339; alerts of its local day, reminders up to it). */
  now?: string | null;
  /** Only entries not read yet. */
  unread_only?: boolean;
}

/** A page of an inbox and how many entries are unread in all. */
export interface InboxPage {
  items: InboxEntry[];
  next_cursor: string | null;
  unread: number;
}

/** One instalment of a contract's payment plan. */
export interface Instalment {
  /** Minor units of the contract's currency. */
  amount: number;
  due_date: string;
  note: string | null;
  /** Set when the instalment was given as a percentage of the gross total. */
  percent_bp: number | null;
  /** 1, 2, ... in date order; an order's receivables carry the same numbers. */
  seq: number;
}

/** Execution of one instalment: its plan and what the orders under the contract owe and paid on it. */
export interface InstalmentExecution {
  due_date: string;
  outstanding_base: number | null;
  /** Days past the due date while anything is outstanding. */
  overdue_days: number;
  /** What the orders' receivables owe on it, minor units of the base currency (financial). */
  owed_base: number | null;
  /** The plan's amount, minor units of the contract's currency. */
  planned_amount: number;
  received_base: number | null;
  seq: number;
  status: InstalmentStatus;
}

/**
 * One instalment of a payment plan as a request gives it: a date and either an amount or a percentage
 * of the contract's gross total.
 */
export interface InstalmentRequest {
  /** Minor units of the contract's currency. */
  amount?: number | null;
  /** `YYYY-MM-DD`; instalments come in date order. */
  due_date: string;
  note?: string | null;
  /** Basis points of the contract's gross total (30% is `3000`); the amount follows the lines. */
  percent_bp?: number | null;
}

/** Where an instalment stands. */
export type InstalmentStatus = "planned" | "open" | "due" | "overdue" | "paid";

/** DOC-10: an invoice request and, once issued, the invoice. */
export interface Invoice {
  /** Asked, minor units of `currency` (the order's or contract's). */
  amount: number;
  /** The readable code (`INV-000012`). */
  code: string;
  contract_id: string | null;
  created_at: string;
  currency: string;
  customer_id: string;
  decided_at: string | null;
  description: string | null;
  external_ref: string | null;
  id: string;
  /** The issued invoice: its number, date and amount. */
  invoice_number: string | null;
  /** The buyer's name on the invoice (发票抬头). */
  invoice_title: string;
  invoice_type: InvoiceType;
  issue_date: string | null;
  issued_amount: number | null;
  order_id: string | null;
  rejection_reason: string | null;
  requested_by: string | null;
  status: InvoiceStatus;
  subject: InvoiceSubject;
  /** The buyer's taxpayer id (纳税人识别号). */
  tax_id: string | null;
  updated_at: string;
}

/**
 * Lists invoice requests in the actor's scope: a customer's, an order's, a contract's, or (none named)
 * every one, newest first; `status: requested` is finance's queue, oldest first.
 */
export interface InvoiceListRequest {
  contract_id?: string | null;
  cursor?: string | null;
  customer_id?: string | null;
  limit?: number | null;
  order_id?: string | null;
  status?: InvoiceStatus | null;
}

/** A rep asks for an invoice on an order, a contract, or service income of a customer. */
export interface InvoiceRequest {
  /** Minor units of the document's currency (service income: `currency`, default the base currency). */
  amount: number;
  /** ...or a signed contract... */
  contract_id?: string | null;
  currency?: string | null;
  /** ...or, naming neither, service income of this customer (with a `description`). */
  customer_id?: string | null;
  description?: string | null;
  /** The host's key (a known one answers the request made with it). */
  external_ref?: string | null;
  invoice_title: string;
  invoice_type: InvoiceType;
  order_external_ref?: string | null;
  /** An approved (or later) order, by id or by the ERP's key... */
  order_id?: string | null;
  /** Required for a `vat_special` invoice. */
  tax_id?: string | null;
}

/** Where an invoice request stands. */
export type InvoiceStatus = "requested" | "issued" | "rejected";

/** What an invoice request is for. */
export type InvoiceSubject = "order" | "contract" | "service";

/** The kind of invoice asked for (the Chinese VAT invoice types). */
export type InvoiceType = "vat_special" | "vat_general" | "electronic";

/** Finance or the host reports the invoice issued. */
export interface IssueInvoiceRequest {
  /** At most the amount requested (default: all of it). */
  amount?: number | null;
  id: string;
  invoice_number: string;
  /** `YYYY-MM-DD`. */
  issue_date: string;
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

export interface LeadConversionGroup {
  /** converted / leads, four decimals. */
  conversion_rate: number | null;
  converted: number;
  disqualified: number;
  key: string | null;
  leads: number;
}

export interface LeadConversionReport {
  from: string;
  groups: LeadConversionGroup[];
  to: string;
}

export interface LeadConversionRequest {
  by: LeadGrouping;
  /** Creation months, `YYYY-MM` (default: the last twelve). */
  from?: string | null;
  to?: string | null;
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

/** Lead conversion grouped by source or campaign. */
export type LeadGrouping = "source" | "campaign";

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

/** A lead's rule score and its predicted conversion probability. */
export interface LeadPrediction {
  /** The probability of conversion learned from converted versus disqualified leads. */
  conversion: Prediction;
  lead_id: string;
  /** The rule score (also stored on the lead as `score`). */
  score: number;
}

/** The rule set of lead scoring; a lead's score is the sum of the matching rules' points, within 0..=cap. */
export interface LeadScoringRules {
  /** The highest score (default 100). */
  cap?: number;
  rules: ScoringRule[];
}

/** The rule set of lead scoring; a lead's score is the sum of the matching rules' points, within 0..=cap. */
export interface LeadScoringRules_response {
  /** The highest score (default 100). */
  cap: number;
  rules: ScoringRule[];
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

/**
 * Execution of one contract line: what was ordered, delivered, invoiced and received against it.
 * Quantities are the contract line's unit; amounts minor units of the contract's currency.
 */
export interface LineExecution {
  amount: number;
  delivered_amount: number;
  /** Delivered less returned for credit. */
  delivered_quantity: string | number;
  description: string;
  /** The line's share of the invoices issued on its orders. */
  invoiced_amount: number;
  line_no: number;
  ordered_amount: number;
  /** In approved and later orders, less approved credit returns. */
  ordered_quantity: string | number;
  /** In draft and submitted orders. */
  pending_quantity: string | number;
  product_code: string;
  product_id: string;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
  /** The line's share of what its orders' receivables have received (financial). */
  received_amount: number | null;
  /** What is left to order: quantity less ordered and pending. */
  remaining_quantity: string | number;
}

/** The price a line gets, explained. */
export interface LinePrice {
  /** The product's currency. */
  currency: string;
  customer_id: string;
  /** The pricing day. */
  date: string;
  /** The product's list price, for comparison. */
  list_price: number;
  product_id: string;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
  source: PriceSource;
  /** Minor units of `currency`, per unit. */
  unit_price: number;
}

/** A quantity of one order line. */
export interface LineQuantity {
  /** The order line's `line_no`. */
  line_no: number;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
}

/** A line as a request gives it. */
export interface LineRequest {
  /** Shown instead of the product's name. */
  description?: string | null;
  /** Discount in basis points (10% is `1000`; default 0). */
  discount_bp?: number | null;
  product_id: string;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
  /**
   * Unit price before discount and tax, minor units of the document's currency (default: the price
   * the product's price lists give this customer, else its list price).
   */
  unit_price?: number | null;
}

/** Closes an opportunity as lost: a reason is required. */
export interface LoseRequest {
  competitor?: string | null;
  id: string;
  reason: string;
}

/** Marks entries of the acting user's inbox read: the named ones, or all. */
export interface MarkReadRequest {
  /** Every unread entry instead. */
  all?: boolean;
  /** At most 1000 entry ids. */
  ids?: string[];
}

/** What marking read did. */
export interface MarkReadResult {
  /** Entries that were unread and now are read. */
  marked: number;
  /** Entries still unread. */
  unread: number;
}

/** A message a user or the host queues to a user, a contact or a customer. */
export interface MessageDraft {
  channel: Channel;
  /** At most 8 KB as JSON. */
  params?: Record<string, JsonValue>;
  recipient_id: string;
  recipient_kind: RecipientKind;
  /** Letters, digits, `_ - . /`; at most 64. */
  template_key: string;
}

/** Where an outbox message is. */
export type MessageStatus = "sent" | "failed" | "pending";

/** What a dimension measures. Money is in minor units of the base currency. */
export type Metric = "order_amount" | "year_order_amount" | "receipts_amount" | "year_receipts_amount" | "year_outstanding_amount" | "order_count" | "days_since_last_order" | "recent_activities" | "overdue_amount" | "custom_field";

export interface ModelSummary {
  code: string;
  grades: {
    A?: number;
    B?: number;
    C?: number;
    D?: number;
  };
  model_id: string;
  version: number;
}

/** An opportunity and an optional note. */
export interface NoteRequest {
  id: string;
  note?: string | null;
}

/**
 * How to open a database. Every field has a default; hosts pass JSON such as
 * `{"read_only": true}` or `{"test_mode": {"start": "2026-01-05T08:00:00Z", "id_seed": 1}}`.
 */
export interface OpenOptions {
  /** How long a write waits for a lock held by another process, in ms (default 5000, at most 2147483647). */
  busy_timeout_ms?: number;
  /**
   * Page cache ceiling per connection, in MiB (default 32; memory is taken only as pages are read).
   * Hosts with databases of several GB and memory to spare raise it for fewer page reads.
   */
  cache_mib?: number;
  /** Create the file when it does not exist (default true). */
  create_if_missing?: boolean;
  /** Requests larger than this are refused with `too_large` (default 16 MiB). */
  max_request_bytes?: number;
  /** Refuse every write with `read_only` (default false). */
  read_only?: boolean;
  /** WAL reader connections of a file database (default 4, at most 64). */
  reader_connections?: number;
  /** `synchronous=FULL`: commits also survive power loss, not only a killed process (default false). */
  synchronous_full?: boolean;
  /** Deterministic clock and ids, so every binding reproduces the same JSON. */
  test_mode?: TestMode | null;
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

/** A stored order. */
export interface Order {
  amount: number;
  /** `amount` in minor units of the base currency. */
  amount_base: number;
  archived_at: string | null;
  channel_partner: string | null;
  /** The readable code (`SO-000123`): sequential and unique (§0 codes). */
  code: string;
  /**
   * The contract it was made under (the version in force): its receivables follow the contract's
   * payment plan (DOC-9).
   */
  contract_id: string | null;
  created_at: string;
  created_by: string | null;
  credit_override_by: string | null;
  /** A manager's credit override (DOC-4). */
  credit_override_reason: string | null;
  currency: string;
  custom: Record<string, JsonValue>;
  customer_id: string;
  /** Delivered so far, minor units of `currency`. */
  delivered_amount: number;
  due_date: string;
  /** The ERP's own order number, as pushed (`number`). */
  erp_number: string | null;
  /** The host's key; `None` for an order written in the engine without one. */
  external_ref: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate: string;
  id: string;
  /** Invoice requests waiting on it. */
  invoice_requested_amount: number;
  /** Invoices issued on the order, minor units of `currency` (DOC-10). */
  invoiced_amount: number;
  /** Its lines (none for an order pushed without lines). */
  lines: OrderLine[];
  /** With lines: the lines' net and tax sums (`amount` is their gross). */
  net_amount: number | null;
  note: string | null;
  order_date: string;
  /** Pushed by the ERP or written in the engine. */
  origin: OrderOrigin;
  /** Days from approval to the receivable's due date. */
  payment_terms_days: number;
  /** The quote version it was made from. */
  quote_id: string | null;
  /** Approved credit returns, minor units of `currency`; the order counts `amount - returned_amount`. */
  returned_amount: number;
  returned_base: number;
  shipping_address: string | null;
  status: OrderStatus;
  tax_amount: number | null;
  /** What a new invoice request may take: `amount - returned_amount` less invoiced and waiting. */
  uninvoiced_amount: number;
  updated_at: string;
}

/**
 * A new order, written as a draft: from a quote (its current version, sent or accepted: its customer,
 * currency and lines) or direct with lines.
 */
export interface OrderDraft {
  /** The channel partner it was sold through. */
  channel_partner?: string | null;
  /**
   * A signed contract (any of its versions: the one in force is used): its customer, currency and
   * prices; `lines` name its products and quantities within what remains, or, absent, order all that
   * remains. Its receivables follow the contract's payment plan (DOC-9).
   */
  contract_id?: string | null;
  currency?: string | null;
  custom?: Record<string, JsonValue>;
  /** The customer (required without a quote; with one it must be the quote's). */
  customer_id?: string | null;
  /** The host's key (a known one answers the order made with it). */
  external_ref?: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate?: string | null;
  /** Lines (required without a quote or contract; with one, its lines are taken when absent). */
  lines?: LineRequest[] | null;
  note?: string | null;
  /** `YYYY-MM-DD` (default today). */
  order_date?: string | null;
  /** Days from approval to the receivable's due date (default 30). */
  payment_terms_days?: number | null;
  quote_id?: string | null;
  shipping_address?: string | null;
}

/** SCORE-9: ordered, delivered, invoiced and received, per group. */
export interface OrderExecutionReport {
  by: ExecutionGrouping;
  from: string;
  groups: ExecutionGroup[];
  to: string;
  /** The financial fields the actor may not see (ORG-6), dotted for the groups': absent from the JSON. */
  withheld?: string[];
}

/** The execution of the counting orders dated in `from..=to` (`YYYY-MM`, default the last twelve months). */
export interface OrderExecutionRequest {
  by: ExecutionGrouping;
  from?: string | null;
  limit?: number | null;
  to?: string | null;
}

/** An order line with what was delivered and returned of it. */
export interface OrderLine {
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  delivered: string | number;
  description: string;
  discount_bp: number;
  gross: number;
  /** 1, 2, ... in the document. */
  line_no: number;
  net: number;
  /** Where the unit price came from (`list_price`, `price_list:<rule>`, `given`). */
  price_source: string;
  product_code: string;
  product_id: string;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
  /** Approved returns (credit and exchange alike). */
  returned: string | number;
  tax: number;
  tax_rate_bp: number;
  unit: string;
  unit_price: number;
}

/** Lists orders on customers in the actor's scope, newest first. */
export interface OrderListRequest {
  cursor?: string | null;
  customer_id?: string | null;
  /** Also list archived orders. */
  include_archived?: boolean;
  limit?: number | null;
  status?: OrderStatus | null;
}

/** Where an order was made. */
export type OrderOrigin = "erp" | "engine";

/** Changes to a draft or rejected order; absent fields stay; `lines` replaces every line. */
export interface OrderPatch {
  channel_partner?: string | null;
  custom?: Record<string, JsonValue> | null;
  id: string;
  lines?: LineRequest[] | null;
  note?: string | null;
  payment_terms_days?: number | null;
  shipping_address?: string | null;
}

/** A sales order as the ERP pushes it; `external_ref` makes the push idempotent (a known one updates). */
export interface OrderPush {
  /** Total in minor units of `currency` (at least 0). */
  amount: number;
  /** The channel partner it was sold through. */
  channel_partner?: string | null;
  /** ISO 4217 (default: the base currency). */
  currency?: string | null;
  /** ... or by the ERP's customer key. */
  customer_external_ref?: string | null;
  /** The customer, by id... */
  customer_id?: string | null;
  /** When the receivable falls due (default: the order date). */
  due_date?: string | null;
  /** The ERP's order key (required: pushes are idempotent by it). */
  external_ref: string;
  /** Rate to the base currency (default 1). */
  fx_rate?: string | null;
  /**
   * The order's lines (DOC-8: optional; an order pushed without lines takes deliveries by amount).
   * With lines, `amount` must equal their gross total.
   */
  lines?: LineRequest[] | null;
  /**
   * The ERP's own order number, kept as `erp_number` (the order's `code` is always the engine's
   * readable, unique `SO-` code: ERP numbers are neither sequential nor unique).
   */
  number?: string | null;
  /** The order date (local calendar date, `YYYY-MM-DD`). */
  order_date: string;
  shipping_address?: string | null;
  status: OrderStatus;
}

/** An order's state (DOC-4), as the ERP reports it. */
export type OrderStatus = "draft" | "submitted" | "approved" | "rejected" | "partially_delivered" | "delivered" | "completed" | "cancelled";

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

/** The outbox, for review: by status, oldest first. */
export interface OutboxListRequest {
  cursor?: string | null;
  limit?: number | null;
  status?: MessageStatus | null;
}

/** A message in the outbox. */
export interface OutboxMessage {
  /** The activity that logs its delivery to a customer. */
  activity_id: string | null;
  /**
   * The phone (sms) or email address (email) at the time it was queued; `null` for push (the host
   * knows the user's devices).
   */
  address: string | null;
  /** How many times the host took it. */
  attempts: number;
  channel: Channel;
  created_at: string;
  created_by: string | null;
  /** The customer it concerns: a delivery to a contact or customer is logged as its activity. */
  customer_id: string | null;
  entity: string | null;
  error: string | null;
  id: string;
  params: Record<string, JsonValue>;
  recipient_id: string;
  recipient_kind: RecipientKind;
  record_id: string | null;
  reported_at: string | null;
  status: MessageStatus;
  taken_at: string | null;
  /** The host's template (`approval.requested`, `contact.birthday`). */
  template_key: string;
}

/** One customer's 360 overview, as of a date. */
export interface OverviewRequest {
  /** Local date (default today). */
  as_of?: string | null;
  id: string;
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
export interface Page_of_Contract {
  items: Contract[];
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
export interface Page_of_ImportRecord {
  items: ImportRecord[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Invoice {
  items: Invoice[];
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

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Order {
  items: Order[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_OutboxMessage {
  items: OutboxMessage[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_PendingApproval {
  items: PendingApproval[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_PriceList {
  items: PriceList[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Product {
  items: Product[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Quote {
  items: Quote[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_Receivable {
  items: Receivable[];
  next_cursor: string | null;
}

/**
 * One page of a list. Pass `next_cursor` back as `cursor` for the next page;
 * `None` means this was the last page. Cursors stay valid while records are
 * added (ordering is by id, which is time ordered).
 */
export interface Page_of_TimelineEntry {
  items: TimelineEntry[];
  next_cursor: string | null;
}

/** One approval waiting for the actor: which step, since when, and what the document is. */
export interface PendingApproval {
  /** Minor units of `currency`. */
  amount: number | null;
  /** The document's readable code and title. */
  code: string | null;
  currency: string | null;
  customer_id: string | null;
  /** Readable by the approver even outside their scope, while the step waits. */
  customer_name: string | null;
  document_id: string;
  document_type: DocumentType;
  /** The approval's id, to decide it. */
  id: string;
  note: string | null;
  owner_id: string | null;
  step: number;
  step_name: string;
  submitted_at: string;
  submitted_by: string | null;
  title: string;
  /** Since when the step waits. */
  waiting_since: string;
}

/** A page of what waits for the actor's decision, oldest first. */
export interface PendingRequest {
  /** `next_cursor` of the previous page. */
  cursor?: string | null;
  /** Page size, default 50, at most 1000. */
  limit?: number | null;
}

/** A span of local months, `YYYY-MM` (default: the last twelve up to this month), optionally one owner's records. */
export interface PeriodRequest {
  from?: string | null;
  owner_id?: string | null;
  to?: string | null;
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

/** Open opportunities of one owner or department. */
export interface PipelineGroup {
  amount: number;
  /** The user or department id (`null`: no owner). */
  id: string | null;
  name: string | null;
  opportunities: number;
  /** Sum of amount x probability / 100, rounded half-up per opportunity. */
  weighted: number;
}

/** How to group a report. */
export type PipelineGrouping = "owner" | "department";

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

export interface PipelineReport {
  groups: PipelineGroup[];
}

export interface PipelineReportRequest {
  by: PipelineGrouping;
}

/** A predicted probability (SCORE-6) with its parts. */
export interface Prediction {
  features: FeatureLikelihood[];
  lost: number;
  /** `naive_bayes`, or `stage` when there is no history yet (opportunities). */
  method: string;
  /** Percent, two decimals; `null` without any closed history (and no stage to fall back on). */
  probability: number | null;
  /** Closed records learned from. */
  won: number;
}

/**
 * A named price list with its rules (DOC-1). Defining it again replaces its rules and raises its
 * `version`; every definition is audited with the rules before and after.
 */
export interface PriceList {
  /** Archived lists give no prices. */
  archived_at: string | null;
  /** Unique code, the key `price_lists.define` replaces by. */
  code: string;
  created_at: string;
  id: string;
  name: string;
  rules: PriceRule[];
  updated_at: string;
  /** 1 when created, raised by every definition that changes it. */
  version: number;
}

/** Creates a price list, or replaces the name and rules of the list with this `code`. */
export interface PriceListDraft {
  /** 1 to 64 letters, digits or `_ - . /`; unique. */
  code: string;
  name: string;
  /** The complete rule list; a rule unchanged from the previous version keeps its id. */
  rules?: PriceRuleDraft[];
}

/** Which price lists to list, ordered by id and paged by cursor. */
export interface PriceListListRequest {
  cursor?: string | null;
  include_archived?: boolean;
  /** Page size, 1 to 1000 (default 50). */
  limit?: number | null;
}

/** The price of a product for a customer, a quantity and a day. */
export interface PriceRequest {
  customer_id: string;
  /** `YYYY-MM-DD`; default today in the organisation's time zone. */
  date?: string | null;
  product_id: string;
  quantity: QuantityInput;
}

/**
 * One rule of a price list: a fixed unit price for a product, in minor units of the product's
 * currency, for everyone, one customer or the customers with a tag, optionally from a minimum quantity
 * and within a validity window (both ends inclusive).
 */
export interface PriceRule {
  /** Only this customer (or `customer_tag`, or neither: everyone). */
  customer_id: string | null;
  /** Only customers with this tag. */
  customer_tag: string | null;
  id: string;
  /** The rule applies from this quantity on (`0`: any quantity). */
  min_quantity: string | number;
  product_id: string;
  /** The unit price, minor units of the product's currency. */
  unit_price: number;
  /** First day it applies (`null`: always has). */
  valid_from: string | null;
  /** Last day it applies, inclusive (`null`: no end). */
  valid_to: string | null;
}

/** A rule as `price_lists.define` takes it. */
export interface PriceRuleDraft {
  /** Only this customer (not with `customer_tag`). */
  customer_id?: string | null;
  /** Only customers with this tag (not with `customer_id`). */
  customer_tag?: string | null;
  /** Applies from this quantity on; default 0 (any quantity). */
  min_quantity?: QuantityInput | null;
  product_id: string;
  /** The unit price, minor units of the product's currency; not negative. */
  unit_price: number;
  /** `YYYY-MM-DD`, inclusive. */
  valid_from?: string | null;
  /** `YYYY-MM-DD`, inclusive; not before `valid_from`. */
  valid_to?: string | null;
}

/** Where a line's unit price came from. */
export type PriceSource = {
  kind: "list_price";
} | {
  /** The tag it matched, for `matched_by: tag`. */
  customer_tag: string | null;
  kind: "rule";
  /** Customer-specific, by tag, or general. */
  matched_by: RuleMatch;
  /** The rule's minimum quantity, which the line's quantity reaches. */
  min_quantity: string | number;
  price_list_code: string;
  price_list_id: string;
  price_list_name: string;
  /** The list's version when it priced. */
  price_list_version: number;
  rule_id: string;
  /** The rule's validity window (inclusive), which holds the pricing day. */
  valid_from: string | null;
  valid_to: string | null;
};

/** A product of the catalogue. */
export interface Product {
  /** Whether it may be put on new quotes and orders. */
  active: boolean;
  category: string | null;
  /** The product code (SKU), unique. */
  code: string;
  created_at: string;
  /** ISO 4217. */
  currency: string;
  external_ref: string | null;
  id: string;
  /** List price per unit, minor units of `currency`. */
  list_price: number;
  name: string;
  /** Whether delivering it opens an installation ticket (SVC-8). */
  needs_installation: boolean;
  /** Tax rate in basis points (13% is `1300`). */
  tax_rate_bp: number;
  /** The unit of sale (`pcs`, `台`, `kg`, ...). */
  unit: string;
  updated_at: string;
  /** Warranty from delivery, in months (the service module reads it, SVC-3). */
  warranty_months: number;
}

/**
 * A new product, or (`products.push`, or `products.create` with a known `external_ref`) the whole
 * record of the product with that `external_ref`.
 */
export interface ProductDraft {
  /** Default `true` for a new product; an upsert without it keeps the stored flag. */
  active?: boolean | null;
  category?: string | null;
  /** The product code (SKU), unique: 1 to 64 letters, digits or `_ - . /`. */
  code: string;
  /** ISO 4217; default the organisation's base currency. */
  currency?: string | null;
  /** The host ERP's key: a known one updates that product (idempotent); required by `products.push`. */
  external_ref?: string | null;
  /** List price per unit, minor units of `currency`; not negative. */
  list_price: number;
  name: string;
  needs_installation?: boolean;
  /** Tax rate in basis points, 0 to 10000 (13% is `1300`); default 0. */
  tax_rate_bp?: number;
  /** The unit of sale (`pcs`, `台`, `kg`, ...). */
  unit: string;
  /** Warranty from delivery, in months (0 to 1200); default 0. */
  warranty_months?: number;
}

/** Which products to list, ordered by id and paged by cursor. */
export interface ProductListRequest {
  /** Only active (`true`) or inactive (`false`) products; default both. */
  active?: boolean | null;
  /** Products of this category exactly. */
  category?: string | null;
  cursor?: string | null;
  /** Page size, 1 to 1000 (default 50). */
  limit?: number | null;
  /** Text found in the code or the name. */
  text?: string | null;
}

/** Changes to a product; absent fields stay as they are, `null` clears `category` or `external_ref`. */
export interface ProductPatch {
  /** `false` takes the product off new quotes and orders (it cannot be priced for a new line). */
  active?: boolean | null;
  category?: string | null;
  code?: string | null;
  currency?: string | null;
  external_ref?: string | null;
  id: string;
  list_price?: number | null;
  name?: string | null;
  needs_installation?: boolean | null;
  tax_rate_bp?: number | null;
  unit?: string | null;
  warranty_months?: number | null;
}

export interface PyramidLevel {
  customers: number;
  grade: Grade | null;
  order_amount: number;
}

/** Which model's pyramid (default: the default model). */
export interface PyramidRequest {
  model_id?: string | null;
}

/**
 * A quantity as a request writes it: a whole number or a decimal string with at most three decimal
 * places. Checked by the engine, so a negative or malformed one is `validation` with its field.
 */
export type QuantityInput = number | string;

/** A delivered or returned quantity of one order line, with its share of the line's gross. */
export interface QuantityLine {
  amount: number;
  line_no: number;
  /** A quantity: a whole number, or a decimal string with at most 3 decimal places (answers always give the string) */
  quantity: string | number;
}

/** A quote. */
export interface Quote {
  /** `totals.gross` in minor units of the base currency. */
  amount_base: number;
  archived_at: string | null;
  /** The readable code (`Q-000012`), shared by every version. */
  code: string;
  created_at: string;
  created_by: string | null;
  currency: string;
  custom: Record<string, JsonValue>;
  customer_id: string;
  decided_at: string | null;
  discount_approval: DiscountApproval;
  external_ref: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate: string;
  id: string;
  lines: DocumentLine[];
  /** The largest line discount, basis points. */
  max_discount_bp: number;
  note: string | null;
  opportunity_id: string | null;
  /** The version this one revises. */
  previous_id: string | null;
  rejection_reason: string | null;
  sent_at: string | null;
  status: QuoteStatus;
  totals: Totals;
  updated_at: string;
  valid_until: string;
  /** 1 for the first version. */
  version: number;
}

/** A new quote (a draft). */
export interface QuoteDraft {
  /** ISO 4217 (default: the base currency). */
  currency?: string | null;
  custom?: Record<string, JsonValue>;
  customer_id: string;
  external_ref?: string | null;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate?: string | null;
  lines: LineRequest[];
  note?: string | null;
  /** The opportunity it prices: it must have passed its evaluation gate (OPP-3). */
  opportunity_id?: string | null;
  /** The last day the offer holds (`YYYY-MM-DD`; default 30 days from today). */
  valid_until?: string | null;
}

/** Lists quotes in the actor's scope, newest first. */
export interface QuoteListRequest {
  cursor?: string | null;
  customer_id?: string | null;
  include_archived?: boolean;
  /** Also list superseded versions (default: current versions only). */
  include_superseded?: boolean;
  limit?: number | null;
  opportunity_id?: string | null;
  /** Only quotes in this status (as of today: `expired` finds sent quotes past their validity). */
  status?: QuoteStatus | null;
}

/** Changes to a draft quote; absent fields stay. `lines` replaces every line. */
export interface QuotePatch {
  custom?: Record<string, JsonValue> | null;
  id: string;
  lines?: LineRequest[] | null;
  note?: string | null;
  valid_until?: string | null;
}

/** A quote's state. */
export type QuoteStatus = "draft" | "sent" | "accepted" | "rejected" | "expired" | "superseded";

/**
 * A receipt (payment received, DOC-6). One naming a receivable settles it first, one naming an order
 * settles that order's receivables first (earliest due first); the rest settles the customer's oldest
 * receivables first.
 */
export interface ReceiptPush {
  /** Minor units of `currency` (at least 0). */
  amount: number;
  currency?: string | null;
  customer_external_ref?: string | null;
  customer_id?: string | null;
  external_ref: string;
  /** Exchange rate to the base currency: a positive decimal with at most 6 decimal places, as a string */
  fx_rate?: string | null;
  order_external_ref?: string | null;
  /** The order it pays, by id or ERP key (optional). */
  order_id?: string | null;
  receipt_date: string;
  /** The receivable it pays (optional; of the same customer, and of the named order if one is named). */
  receivable_id?: string | null;
}

/** DOC-6: a receivable, stored and settled. Amounts are minor units of the base currency. */
export interface Receivable {
  /** What is owed (financial: withheld without `view_financial` on receivables). */
  amount_base: number | null;
  /**
   * Set when its order stopped counting (cancelled), or the other side took receivables over
   * (DOC-10): nothing is owed on it any more.
   */
  closed_at: string | null;
  created_at: string;
  customer_id: string;
  due_date: string;
  /** The ERP's key of a receivable it pushed (DOC-10); `None` for one the engine derived. */
  external_ref: string | null;
  id: string;
  order_id: string;
  /** What the customer's receipts leave unpaid (financial). */
  outstanding_base: number | null;
  /** Days past the due date as of today (or the request's `as_of`) while anything is outstanding; 0 otherwise. */
  overdue_days: number;
  /** The instalment number, 1 for an order's single receivable. */
  seq: number;
  updated_at: string;
  /** The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON. */
  withheld?: string[];
}

/** Which receivables to list: a customer's, an order's, or (neither) the open ones in the actor's scope. */
export interface ReceivableListRequest {
  /** The date overdue days are counted to (`YYYY-MM-DD`, default the organisation's today). */
  as_of?: string | null;
  /** The `next_cursor` of the previous page. */
  cursor?: string | null;
  customer_id?: string | null;
  /** Page size (default 50, at most 1000). */
  limit?: number | null;
  /** Only those with something outstanding (default false; always so without a customer or order). */
  open_only?: boolean;
  order_id?: string | null;
}

/**
 * DOC-10: a receivable the ERP owns, created or updated by `external_ref`: what an order owes, when, and
 * what is still open (its settlement). Amounts are minor units of the base currency.
 */
export interface ReceivablePush {
  amount: number;
  /** `YYYY-MM-DD`. */
  due_date: string;
  external_ref: string;
  order_external_ref?: string | null;
  /** The order it belongs to, by id or by the ERP's key (exactly one); its customer owes it. */
  order_id?: string | null;
  /** What is still open (default the whole amount); 0 settles it. */
  outstanding?: number | null;
}

/** One receivable, with its overdue days as of a date. */
export interface ReceivableRequest {
  /** `YYYY-MM-DD`, default the organisation's today. */
  as_of?: string | null;
  id: string;
}

/** DOC-10: who owns receivables. */
export type ReceivablesOwner = "engine" | "erp";

/** Who an outbox message goes to. */
export type RecipientKind = "user" | "contact" | "customer";

/** Raises what came due by `now` for every active user (the host calls it, e.g. each morning). */
export interface RefreshRequest {
  /** RFC 3339; default the engine's clock. */
  now?: string | null;
}

/** What a refresh raised. */
export interface RefreshResult {
  /** New inbox entries (an alert or reminder already raised is not raised again). */
  entries: number;
  /** New outbox messages (birthday greetings). */
  messages: number;
  users: number;
}

/** Rejects an approval at its waiting step: a reason is required. */
export interface RejectApprovalRequest {
  comment?: string | null;
  id: string;
  reason: string;
}

/** Finance refuses an invoice request. */
export interface RejectInvoiceRequest {
  id: string;
  reason: string;
}

/** The customer rejects a sent quote. */
export interface RejectQuoteRequest {
  id: string;
  reason?: string | null;
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

/** The host reports how a delivery went; each message is reported once. */
export interface ReportRequest {
  /** Why it failed (at most 2000 characters). */
  error?: string | null;
  id: string;
  outcome: DeliveryOutcome;
}

/** Rescoring: value models, RFM and ABC over every customer, as of a date. */
export interface RescoreRequest {
  /** ABC thresholds on the revenue share ahead (default 0.80 and 0.95). */
  abc?: AbcThresholds | null;
  /** Local date (default today). */
  as_of?: string | null;
  /** Churn risk when days since the last order exceed `churn_k` times the mean order interval (default 2). */
  churn_k?: number | null;
  /**
   * A preview: the same rescoring runs in the transaction and is rolled back, so the summary is what
   * the real one would answer and nothing changes.
   */
  dry_run?: boolean;
  /** The RFM and ABC window in days (default 365, at most 3660). */
  window_days?: number | null;
}

/** What a rescoring did. */
export interface RescoreSummary {
  abc: {
    A?: number;
    B?: number;
    C?: number;
  };
  as_of: string;
  /** Customers at churn risk (SCORE-10). */
  churn_risks: number;
  /** Live customers scored by every model. */
  customers: number;
  models: ModelSummary[];
  /** Customers with an order on or before `as_of` (the RFM and ABC population). */
  rfm_population: number;
  /**
   * Stored score and segment rows this rescoring wrote (changed, new or removed); unchanged rows are
   * left as they are, and a dry run writes none.
   */
  rows_written: number;
  segments: {
    about_to_sleep?: number;
    at_risk?: number;
    cannot_lose?: number;
    champions?: number;
    hibernating?: number;
    lost?: number;
    loyal?: number;
    need_attention?: number;
    new?: number;
    others?: number;
    potential_loyalist?: number;
    promising?: number;
  };
  window_days: number;
}

/** A return. */
export interface Return {
  /** The lines' gross shares, minor units of the order's currency. */
  amount: number;
  amount_base: number;
  /** `RT-000001`. */
  code: string;
  created_at: string;
  created_by: string | null;
  customer_id: string;
  decided_at: string | null;
  external_ref: string | null;
  id: string;
  kind: ReturnKind;
  lines: QuantityLine[];
  order_id: string;
  reason: string;
  /** An approved exchange's replacement delivery. */
  replacement_delivery_id: string | null;
  status: ReturnStatus;
  updated_at: string;
}

/** Whether a return credits the customer or is exchanged for a replacement delivery (DOC-7). */
export type ReturnKind = "credit" | "exchange";

/** A return against delivered order lines (DOC-7), submitted through the `sales_return` flow. */
export interface ReturnRequest {
  /** The host's key (a known one answers the return made with it). */
  external_ref?: string | null;
  kind: ReturnKind;
  lines: LineQuantity[];
  note?: string | null;
  order_id: string;
  reason: string;
}

/** A return's state. */
export type ReturnStatus = "submitted" | "approved" | "rejected";

/** What `imports.revert` did. */
export interface RevertReport {
  /** Records the import created, now archived (products: made inactive). */
  archived: number;
  import: ImportRecord;
  /** Records changed since the import by someone else, left as they are (their ids). */
  left_changed: string[];
  /** Records the import updated, now as they were before it. */
  restored: number;
}

/** The RFM segments; the first matching row of Appendix A's table wins. */
export type RfmSegment = "champions" | "loyal" | "new" | "promising" | "potential_loyalist" | "need_attention" | "about_to_sleep" | "cannot_lose" | "at_risk" | "lost" | "hibernating" | "others";

/** A customer's RFM scores and segment (SCORE-4). */
export interface RfmView {
  f: number;
  frequency: number;
  m: number;
  monetary: number;
  r: number;
  recency_days: number;
  segment: RfmSegment;
}

/** A user's role (ORG-1). A user may hold several. */
export type Role = "admin" | "sales_manager" | "sales_rep" | "service_manager" | "service_agent" | "marketer" | "viewer";

/** A custom role by code. */
export interface RoleCodeRequest {
  code: string;
}

/** A role as `roles.list` shows it: built-in or custom, its scope and permission set. */
export interface RoleDefinition {
  archived_at: string | null;
  built_in: boolean;
  /** A built-in role's scope before any configuration. */
  default_scope: Scope | null;
  name: string;
  permissions: Record<string, Action[]>;
  /** A built-in role (`sales_rep`) or a custom role's code. */
  role: string;
  /** The data scope its holders get (for a built-in role, as configured with `roles.set_scope`). */
  scope: Scope;
}

/** Defines a custom role, or redefines one with the same code (ORG-6). */
export interface RoleDraft {
  /** Lower-case letters, digits and `_`, starting with a letter; not a built-in role's name. */
  code: string;
  name: string;
  /** Per kind, the actions the role permits: `{"customer": ["create", "edit", "view_financial"]}`. */
  permissions?: Record<string, Action[]>;
  scope: Scope;
}

/** Sets the data scope of a role (ORG-2). */
export interface RoleScopeRequest {
  role: Role;
  scope: Scope;
}

/** One row the import could not take. */
export interface RowError {
  code: ErrorCode;
  /** The source column, when the error is about one. */
  column: string | null;
  /** The record's field, when the error is about one. */
  field: string | null;
  message: string;
  /** The data row, from 1 (the header is not counted). */
  row: number;
}

/** How a dimension's value becomes points. */
export type Rule = {
  bands: Band[];
  kind: "bands";
} | {
  hi: number;
  kind: "linear";
  lo: number;
};

/** Who a rule was for, when it gave the price. */
export type RuleMatch = "customer" | "tag" | "everyone";

/** One group of a sales report. */
export interface SalesGroup {
  /** Minor units of the base currency. */
  amount: number;
  /** The product, category, region, user, department, customer or channel partner (`null`: none). */
  key: string | null;
  name: string | null;
  /** Orders with a sale in the group. */
  orders: number;
  /** `2026-03`, `2026-Q1` or `2026` when split by period. */
  period: string | null;
  /** Quantity sold (product groups only), less credit returns. */
  quantity: string | number | null;
}

/** What a sales report groups by. */
export type SalesGrouping = "customer" | "channel_partner" | "product" | "category" | "region" | "owner" | "department" | "period";

/** A period of the calendar. */
export type SalesPeriod = "month" | "quarter" | "year";

/** SCORE-9: a sales report. */
export interface SalesReport {
  by: SalesGrouping;
  from: string;
  groups: SalesGroup[];
  to: string;
  total_amount: number;
  /** Every sale in the months and the actor's scope, groups beyond `limit` included. */
  total_orders: number;
}

/**
 * Sales over the months `from..=to` (`YYYY-MM`, default the last twelve), grouped, optionally also by
 * period.
 */
export interface SalesReportRequest {
  by: SalesGrouping;
  from?: string | null;
  /** The largest groups first, at most this many (default 50, at most 1000); the totals count every sale. */
  limit?: number | null;
  /** Also split every group by this period (with `by: period`, the period grouped by; default month). */
  period?: SalesPeriod | null;
  to?: string | null;
}

/** How much of the organisation's data a role reaches (ORG-2), narrowest first. */
export type Scope = "own" | "subordinates" | "department" | "department_tree" | "all";

/** A customer's score under one model, with its breakdown (SCORE-2). */
export interface ScoreView {
  as_of: string;
  breakdown: DimensionScore[];
  grade: Grade;
  model_code: string;
  model_id: string;
  model_version: number;
  /** 0-100, two decimals. */
  score: number;
}

/** Points when a field meets a condition (`{"field": "source", "op": "equals", "value": "web", "points": 30}`). */
export type ScoringRule = {
  op: "equals";
  value: string;
} | {
  op: "in";
  values: string[];
} | {
  op: "present";
} | {
  op: "prefix";
  value: string;
} | {
  number: number;
  op: "at_least";
};

/** Sends a draft quote; a discount above the actor's ceiling submits it for approval instead. */
export interface SendQuoteRequest {
  /** Answers what sending would do (sent, or the approval route), writing nothing. */
  dry_run?: boolean;
  id: string;
  /** A note for the approvers, when the discount needs approval. */
  note?: string | null;
}

/** Configures a document type's flow: a new version, in force for every later submission. */
export interface SetFlowRequest {
  document_type: DocumentType;
  /** Ordered steps, 1 to 20. */
  steps: FlowStep[];
}

/** Records the customer's signature on an approved contract. */
export interface SignContractRequest {
  id: string;
  /** `YYYY-MM-DD` (default today). */
  signed_date?: string | null;
}

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

/** Where one step of an approval stands. */
export type StepStatus = "approved" | "rejected" | "skipped" | "upcoming" | "waiting";

/** Submits a draft or rejected contract along the `contract` approval flow. */
export interface SubmitContractRequest {
  /** Answers the approval route, writing nothing. */
  dry_run?: boolean;
  id: string;
  note?: string | null;
}

/** Submits a draft or rejected order for approval. */
export interface SubmitOrderRequest {
  /** Answers the route and whether credit would block approval, writing nothing. */
  dry_run?: boolean;
  id: string;
  note?: string | null;
}

/** Submits a document for approval. */
export interface SubmitRequest {
  document_id: string;
  document_type: DocumentType;
  /** Answer which steps would apply and to whom, writing nothing. */
  dry_run?: boolean;
  note?: string | null;
}

/**
 * Takes pending messages for delivery: each is leased to the host for `lease_seconds` and offered
 * again after that unless reported.
 */
export interface TakeRequest {
  /** Only this channel. */
  channel?: Channel | null;
  /** Default 300, 1 to 86400. */
  lease_seconds?: number | null;
  /** Default 50, at most 1000. */
  limit?: number | null;
}

/** Ends a signed contract early. */
export interface TerminateContractRequest {
  id: string;
  reason: string;
}

/** A territory: leads whose region lies under `region_prefix` go to the team of `department_id`. */
export interface Territory {
  department_id: string;
  /** A region code (`44` or `44/4403`); covers itself and every region below it. */
  region_prefix: string;
}

/** The documented test mode: a fixed or stepping clock and seeded ids. */
export interface TestMode {
  /** Seed of the id generator. */
  id_seed?: number;
  /** The first instant the clock reads (RFC 3339). */
  start: string;
  /** Milliseconds the clock advances at each reading; 0 keeps it fixed. */
  step_ms?: number;
}

/** The source's text encoding. */
export type TextEncoding = "utf8" | "gbk" | "gb18030";

/** One entry of a customer's timeline. */
export interface TimelineEntry {
  /** Its amount in `currency`, minor units (financial amounts withheld as the record's are). */
  amount: number | null;
  /**
   * When it happened, RFC 3339 UTC: the instant it was written or starts, or for dated documents
   * (orders, deliveries, receipts) their date at the time of day they were written; newest first.
   */
  at: string;
  currency: string | null;
  id: string;
  /** The kind of record (`order`, `receipt`, `activity`, ...). */
  kind: string;
  /** Its status as of today (a sent quote or a signed contract past its date reads `expired`). */
  status: string | null;
  /** How people name it: a code, a title or a subject. */
  title: string | null;
  /** The financial fields the actor may not see (ORG-6): `null` here, absent from the JSON. */
  withheld?: string[];
}

/** A customer's timeline, a page at a time. */
export interface TimelineRequest {
  cursor?: string | null;
  /** The customer. */
  id: string;
  /** Only these kinds (default every kind on the timeline). */
  kinds?: string[] | null;
  limit?: number | null;
}

/** A document's totals: the sums of its lines. */
export interface Totals {
  gross: number;
  net: number;
  tax: number;
}

/** A user of the engine (ORG-1). */
export interface User {
  active: boolean;
  created_at: string;
  /** Custom roles' codes (ORG-6). */
  custom_roles: string[];
  department_id: string;
  email: string | null;
  external_ref: string | null;
  id: string;
  manager_id: string | null;
  name: string;
  phone: string | null;
  /** Built-in roles. */
  roles: Role[];
  updated_at: string;
}

/** A new user (or, with a known `external_ref`, an update of it). */
export interface UserDraft {
  /** Custom roles' codes (`roles.define`). */
  custom_roles?: string[];
  department_id: string;
  email?: string | null;
  external_ref?: string | null;
  manager_id?: string | null;
  name: string;
  phone?: string | null;
  /** Built-in roles; a user holds at least one role, built-in or custom. */
  roles?: Role[];
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
  /** Replaces the custom roles the user holds. */
  custom_roles?: string[] | null;
  department_id?: string | null;
  email?: string | null;
  id: string;
  manager_id?: string | null;
  name?: string | null;
  phone?: string | null;
  roles?: Role[] | null;
}

/** One user's access for periodic review (ORG-6's permission report). */
export interface UserPermissions {
  active: boolean;
  department_id: string;
  /** Department grants to the user and to their roles. */
  grants: AccessGrant[];
  name: string;
  /** The union of the roles' permissions. */
  permissions: Record<string, Action[]>;
  /** Built-in roles and custom role codes. */
  roles: string[];
  /** The scope of each role, distinct. */
  scopes: Scope[];
  user_id: string;
}

/** A stored value model. */
export interface ValueModel {
  archived_at: string | null;
  code: string;
  created_at: string;
  dimensions: Dimension[];
  grading: Grading;
  id: string;
  is_default: boolean;
  name: string;
  updated_at: string;
  /** Raised by every change; each score names the version it was computed with. */
  version: number;
}

/** A value model to create. */
export interface ValueModelDraft {
  code: string;
  dimensions: Dimension[];
  grading?: Grading;
  /** The default model's score and grade show in the customer overview; the first model is the default. */
  is_default?: boolean;
  name: string;
}

/** Which value models to list. */
export interface ValueModelListRequest {
  include_archived?: boolean;
}

/** Changes to a model; each change raises its version and rescores every customer. */
export interface ValueModelPatch {
  dimensions?: Dimension[] | null;
  grading?: Grading | null;
  id: string;
  is_default?: boolean | null;
  name?: string | null;
}

/** Customers and cumulative order amount per grade, over the customers in the actor's scope (SCORE-3). */
export interface ValuePyramid {
  /** A to D, then customers without a score (`grade` null). */
  levels: PyramidLevel[];
  model_code: string;
  model_id: string;
}

/** Won and lost opportunities closed in the months, by reason and competitor. */
export interface WonLostGroup {
  amount: number;
  competitor: string | null;
  opportunities: number;
  reason: string | null;
  /** `won` or `lost`. */
  status: string;
}

export interface WonLostReport {
  from: string;
  groups: WonLostGroup[];
  to: string;
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
  "codes.list": { request: Empty; response: Array_of_CodeSequence };
  "codes.set_prefix": { request: CodePrefixRequest; response: Array_of_CodeSequence };
  "custom_fields.define": { request: CustomFieldRequest; response: Array_of_CustomFieldDef };
  "custom_fields.list": { request: CustomFieldListRequest; response: Array_of_CustomFieldDef };
  "custom_fields.remove": { request: CustomFieldKey; response: Array_of_CustomFieldDef };
  "roles.list": { request: Empty; response: Array_of_RoleDefinition };
  "roles.set_scope": { request: RoleScopeRequest; response: Array_of_RoleDefinition };
  "roles.define": { request: RoleDraft; response: RoleDefinition };
  "roles.archive": { request: RoleCodeRequest; response: RoleDefinition };
  "roles.permission_report": { request: Empty; response: Array_of_UserPermissions };
  "grants.grant": { request: GrantRequest; response: AccessGrant };
  "grants.revoke": { request: IdRequest; response: AccessGrant };
  "grants.list": { request: GrantListRequest; response: Array_of_AccessGrant };
  "customers.create": { request: CustomerDraft; response: Customer };
  "customers.update": { request: CustomerPatch; response: Customer };
  "customers.get": { request: IdRequest; response: Customer };
  "customers.timeline": { request: TimelineRequest; response: Page_of_TimelineEntry };
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
  "approvals.set_flow": { request: SetFlowRequest; response: Flow };
  "approvals.get_flow": { request: FlowRequest; response: Flow };
  "approvals.submit": { request: SubmitRequest; response: Approval };
  "approvals.approve": { request: DecisionRequest; response: Approval };
  "approvals.reject": { request: RejectApprovalRequest; response: Approval };
  "approvals.send_back": { request: DecisionRequest; response: Approval };
  "approvals.pending": { request: PendingRequest; response: Page_of_PendingApproval };
  "approvals.get": { request: IdRequest; response: Approval };
  "approvals.history": { request: DocumentRequest; response: Array_of_Approval };
  "inbox.list": { request: InboxListRequest; response: InboxPage };
  "inbox.mark_read": { request: MarkReadRequest; response: MarkReadResult };
  "inbox.refresh": { request: RefreshRequest; response: RefreshResult };
  "announcements.post": { request: AnnouncementDraft; response: Announcement };
  "outbox.send": { request: MessageDraft; response: OutboxMessage };
  "outbox.take": { request: TakeRequest; response: Array_of_OutboxMessage };
  "outbox.report": { request: ReportRequest; response: OutboxMessage };
  "outbox.get": { request: IdRequest; response: OutboxMessage };
  "outbox.list": { request: OutboxListRequest; response: Page_of_OutboxMessage };
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
  "alerts.configure": { request: AlertSettings; response: AlertSettings_response };
  "alerts.get": { request: Empty; response: AlertSettings_response };
  "quotes.create": { request: QuoteDraft; response: Quote };
  "quotes.update": { request: QuotePatch; response: Quote };
  "quotes.get": { request: IdRequest; response: Quote };
  "quotes.list": { request: QuoteListRequest; response: Page_of_Quote };
  "quotes.send": { request: SendQuoteRequest; response: Quote };
  "quotes.accept": { request: AcceptQuoteRequest; response: Quote };
  "quotes.reject": { request: RejectQuoteRequest; response: Quote };
  "quotes.revise": { request: IdRequest; response: Quote };
  "quotes.archive": { request: IdRequest; response: Quote };
  "quotes.restore": { request: IdRequest; response: Quote };
  "quotes.discount_ceilings": { request: Empty; response: DiscountCeilings };
  "quotes.set_discount_ceilings": { request: DiscountCeilings; response: DiscountCeilings };
  "contracts.create": { request: ContractDraft; response: Contract };
  "contracts.update": { request: ContractPatch; response: Contract };
  "contracts.get": { request: IdRequest; response: Contract };
  "contracts.list": { request: ContractListRequest; response: Page_of_Contract };
  "contracts.submit": { request: SubmitContractRequest; response: Approval };
  "contracts.sign": { request: SignContractRequest; response: Contract };
  "contracts.amend": { request: IdRequest; response: Contract };
  "contracts.terminate": { request: TerminateContractRequest; response: Contract };
  "contracts.archive": { request: IdRequest; response: Contract };
  "contracts.restore": { request: IdRequest; response: Contract };
  "contracts.execution": { request: ExecutionRequest; response: ContractExecution };
  "orders.create": { request: OrderDraft; response: Order };
  "orders.update": { request: OrderPatch; response: Order };
  "orders.get": { request: IdRequest; response: Order };
  "orders.list": { request: OrderListRequest; response: Page_of_Order };
  "orders.submit": { request: SubmitOrderRequest; response: Approval };
  "orders.credit_check": { request: IdRequest; response: CreditCheck };
  "orders.override_credit": { request: CreditOverrideRequest; response: Order };
  "orders.cancel": { request: CancelOrderRequest; response: Order };
  "orders.archive": { request: IdRequest; response: Order };
  "orders.restore": { request: IdRequest; response: Order };
  "orders.complete": { request: IdRequest; response: Order };
  "orders.deliver": { request: DeliverRequest; response: Delivery };
  "orders.deliveries": { request: IdRequest; response: Array_of_Delivery };
  "orders.returns": { request: IdRequest; response: Array_of_Return };
  "orders.push": { request: BatchRequest_of_OrderPush; response: BatchResult };
  "deliveries.push": { request: BatchRequest_of_DeliveryPush; response: BatchResult };
  "returns.create": { request: ReturnRequest; response: Return };
  "returns.get": { request: IdRequest; response: Return };
  "receipts.push": { request: BatchRequest_of_ReceiptPush; response: BatchResult };
  "invoices.request": { request: InvoiceRequest; response: Invoice };
  "invoices.issue": { request: IssueInvoiceRequest; response: Invoice };
  "invoices.reject": { request: RejectInvoiceRequest; response: Invoice };
  "invoices.get": { request: IdRequest; response: Invoice };
  "invoices.list": { request: InvoiceListRequest; response: Page_of_Invoice };
  "products.create": { request: ProductDraft; response: Product };
  "products.update": { request: ProductPatch; response: Product };
  "products.get": { request: IdRequest; response: Product };
  "products.list": { request: ProductListRequest; response: Page_of_Product };
  "products.push": { request: BatchRequest_of_ProductDraft; response: BatchResult };
  "products.price": { request: PriceRequest; response: LinePrice };
  "price_lists.define": { request: PriceListDraft; response: PriceList };
  "price_lists.get": { request: IdRequest; response: PriceList };
  "price_lists.list": { request: PriceListListRequest; response: Page_of_PriceList };
  "price_lists.archive": { request: IdRequest; response: PriceList };
  "price_lists.restore": { request: IdRequest; response: PriceList };
  "receivables.list": { request: ReceivableListRequest; response: Page_of_Receivable };
  "receivables.get": { request: ReceivableRequest; response: Receivable };
  "receivables.aging": { request: AgingRequest; response: AgingReport };
  "finance.get": { request: Empty; response: FinanceSettings };
  "finance.configure": { request: FinanceConfigureRequest; response: FinanceSettings };
  "receivables.push": { request: BatchRequest_of_ReceivablePush; response: BatchResult };
  "customers.overview": { request: OverviewRequest; response: CustomerOverview };
  "customers.scores": { request: IdRequest; response: CustomerScores };
  "value_models.create": { request: ValueModelDraft; response: ValueModel };
  "value_models.update": { request: ValueModelPatch; response: ValueModel };
  "value_models.get": { request: IdRequest; response: ValueModel };
  "value_models.list": { request: ValueModelListRequest; response: Array_of_ValueModel };
  "scores.rescore": { request: RescoreRequest; response: RescoreSummary };
  "reports.value_pyramid": { request: PyramidRequest; response: ValuePyramid };
  "reports.funnel": { request: FunnelRequest; response: FunnelReport };
  "reports.forecast": { request: PeriodRequest; response: Forecast };
  "reports.pipeline": { request: PipelineReportRequest; response: PipelineReport };
  "reports.won_lost": { request: PeriodRequest; response: WonLostReport };
  "reports.sales": { request: SalesReportRequest; response: SalesReport };
  "reports.order_execution": { request: OrderExecutionRequest; response: OrderExecutionReport };
  "reports.lead_conversion": { request: LeadConversionRequest; response: LeadConversionReport };
  "reports.customer_distribution": { request: CustomerDistributionRequest; response: GroupReport };
  "reports.churn": { request: ChurnRequest; response: ChurnReport };
  "lead_scoring.configure": { request: LeadScoringRules; response: LeadScoringRules_response };
  "lead_scoring.get": { request: Empty; response: LeadScoringRules_response };
  "leads.prediction": { request: IdRequest; response: LeadPrediction };
  "opportunities.prediction": { request: IdRequest; response: Prediction };
  "reports.rfm_segments": { request: Empty; response: GroupReport };
  "reports.abc_classes": { request: Empty; response: GroupReport };
  "imports.run": { request: ImportRequest; response: ImportReport };
  "imports.list": { request: ImportListRequest; response: Page_of_ImportRecord };
  "imports.get": { request: IdRequest; response: ImportRecord };
  "imports.revert": { request: IdRequest; response: RevertReport };
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
    /** Changes a user's name, contact details, department, manager, built-in or custom roles. */
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
  roles: {
    /** Every role, built-in and custom, with its data scope and permission set (entity kind x action). */
    list(request?: RapportMethods["roles.list"]["request"]): RapportMethods["roles.list"]["response"];
    /** Sets the data scope of a built-in role (`own`, `subordinates`, `department`, `department_tree`, `all`). */
    set_scope(request: RapportMethods["roles.set_scope"]["request"]): RapportMethods["roles.set_scope"]["response"];
    /** Defines a custom role (admin or system), or redefines the one with the same code: a data scope and per kind the actions it permits (create, edit, archive, assign, approve, export, view_financial). */
    define(request: RapportMethods["roles.define"]["request"]): RapportMethods["roles.define"]["response"];
    /** Archives a custom role no active user holds. */
    archive(request: RapportMethods["roles.archive"]["request"]): RapportMethods["roles.archive"]["response"];
    /** Each user's roles, scopes, department grants and permissions, for periodic review (admin or system). */
    permission_report(request?: RapportMethods["roles.permission_report"]["request"]): RapportMethods["roles.permission_report"]["response"];
  };
  grants: {
    /** Grants a user or a role read or edit scope over a department and those below it; granting again changes the access. */
    grant(request: RapportMethods["grants.grant"]["request"]): RapportMethods["grants.grant"]["response"];
    /** Revokes a department grant. */
    revoke(request: RapportMethods["grants.revoke"]["request"]): RapportMethods["grants.revoke"]["response"];
    /** Department grants, all or a user's or a role's. */
    list(request?: RapportMethods["grants.list"]["request"]): RapportMethods["grants.list"]["response"];
  };
  customers: {
    /** Creates a customer (owner: the acting user unless given; `null` puts it in the public pool). A known `external_ref` updates that customer instead. */
    create(request: RapportMethods["customers.create"]["request"]): RapportMethods["customers.create"]["response"];
    /** Changes a customer's fields; `null` clears a field, status only moves `potential -> transaction`. */
    update(request: RapportMethods["customers.update"]["request"]): RapportMethods["customers.update"]["response"];
    /** One customer visible to the actor. */
    get(request: RapportMethods["customers.get"]["request"]): RapportMethods["customers.get"]["response"];
    /** The customer's timeline (CUS-5): its opportunities, quotes, contracts, orders, deliveries, receipts, returns, invoice requests and activities, newest first, each with its status as of today and its amount (financial amounts withheld as the record's are); `kinds` narrows it; paged by cursor. */
    timeline(request: RapportMethods["customers.timeline"]["request"]): RapportMethods["customers.timeline"]["response"];
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
    /** The customer 360 overview as of a date (default today): order totals (cumulative, this year, largest, last), receipts, outstanding and overdue receivables, credit available, open opportunities and their weighted amount, activity counts, value score and grade, RFM segment and ABC class. */
    overview(request: RapportMethods["customers.overview"]["request"]): RapportMethods["customers.overview"]["response"];
    /** Every score of a customer from the last rescoring: per value model the score, grade, model version and per-dimension breakdown; RFM scores and segment; ABC class. */
    scores(request: RapportMethods["customers.scores"]["request"]): RapportMethods["customers.scores"]["response"];
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
    /** A lead's rule score and its probability of conversion: naive Bayes with Laplace smoothing over source, industry, province and campaign of converted versus disqualified leads, with each feature's likelihoods. */
    prediction(request: RapportMethods["leads.prediction"]["request"]): RapportMethods["leads.prediction"]["response"];
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
    /** Creates an opportunity for a visible customer (lines priced half-up per line); a known `external_ref` updates it instead. A user starts it at or before the first approval stage; the system may start it anywhere. */
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
    /** Submits the evaluation at the current stage when it requires approval, along the opportunity evaluation's approval flow; the opportunity is locked until decided. */
    submit_for_approval(request: RapportMethods["opportunities.submit_for_approval"]["request"]): RapportMethods["opportunities.submit_for_approval"]["response"];
    /** Approves the evaluation's waiting step addressed to the actor (by default: any manager whose scope covers the owner); the last step approves it. */
    approve(request: RapportMethods["opportunities.approve"]["request"]): RapportMethods["opportunities.approve"]["response"];
    /** Rejects the pending evaluation at its waiting step; the note is the required reason. */
    reject(request: RapportMethods["opportunities.reject"]["request"]): RapportMethods["opportunities.reject"]["response"];
    /** Closes an opportunity as won; every approval stage from the current one on must be approved. */
    win(request: RapportMethods["opportunities.win"]["request"]): RapportMethods["opportunities.win"]["response"];
    /** Closes an opportunity as lost, with a reason and optionally the competitor. */
    lose(request: RapportMethods["opportunities.lose"]["request"]): RapportMethods["opportunities.lose"]["response"];
    /** Closes an opportunity as abandoned. */
    abandon(request: RapportMethods["opportunities.abandon"]["request"]): RapportMethods["opportunities.abandon"]["response"];
    /** A manager in scope reopens a closed opportunity, at a stage or where it closed. */
    reopen(request: RapportMethods["opportunities.reopen"]["request"]): RapportMethods["opportunities.reopen"]["response"];
    /** The owner, or a manager whose scope covers the owner, shares an opportunity with a user, `read` or `edit`. */
    add_collaborator(request: RapportMethods["opportunities.add_collaborator"]["request"]): RapportMethods["opportunities.add_collaborator"]["response"];
    /** Stops sharing an opportunity with a user (the owner or a covering manager; a collaborator may leave). */
    remove_collaborator(request: RapportMethods["opportunities.remove_collaborator"]["request"]): RapportMethods["opportunities.remove_collaborator"]["response"];
    /** Every stage visit of an opportunity (stage, entered_at, left_at), oldest first. */
    stage_history(request: RapportMethods["opportunities.stage_history"]["request"]): RapportMethods["opportunities.stage_history"]["response"];
    /** An opportunity's win probability: naive Bayes over source, campaign and the customer's industry and province of won versus lost opportunities; the stage's probability while there is no history. */
    prediction(request: RapportMethods["opportunities.prediction"]["request"]): RapportMethods["opportunities.prediction"]["response"];
  };
  approvals: {
    /** Configures a document type's approval flow as a new version (admin or system): ordered steps, each with an approver and an optional condition; documents already submitted finish under their version. */
    set_flow(request: RapportMethods["approvals.set_flow"]["request"]): RapportMethods["approvals.set_flow"]["response"];
    /** A document type's flow in force (version 0 is the built-in default), or a given version. */
    get_flow(request: RapportMethods["approvals.get_flow"]["request"]): RapportMethods["approvals.get_flow"]["response"];
    /** Submits a document along its type's flow and locks it until decided; `dry_run` answers which steps would apply and to whom. */
    submit(request: RapportMethods["approvals.submit"]["request"]): RapportMethods["approvals.submit"]["response"];
    /** Approves the waiting step addressed to the actor; the last step approves the document. */
    approve(request: RapportMethods["approvals.approve"]["request"]): RapportMethods["approvals.approve"]["response"];
    /** Rejects at the waiting step with a reason: the document takes its rejected state and may be submitted again. */
    reject(request: RapportMethods["approvals.reject"]["request"]): RapportMethods["approvals.reject"]["response"];
    /** Sends the approval back from the waiting step to the step approved before it. */
    send_back(request: RapportMethods["approvals.send_back"]["request"]): RapportMethods["approvals.send_back"]["response"];
    /** What waits for the actor's decision, oldest first, a page at a time, with each document's title, amount and customer name. */
    pending(request?: RapportMethods["approvals.pending"]["request"]): RapportMethods["approvals.pending"]["response"];
    /** One approval with its route (steps, approvers) and history, for those who may read its document. */
    get(request: RapportMethods["approvals.get"]["request"]): RapportMethods["approvals.get"]["response"];
    /** A document's approvals, oldest first, each with its route and history (step, approver, decision, time, comment). */
    history(request: RapportMethods["approvals.history"]["request"]): RapportMethods["approvals.history"]["response"];
  };
  inbox: {
    /** The acting user's inbox (approvals awaiting them, decisions on their submissions, records assigned to them, alerts, reminders, announcements): unread first, newest first, a page at a time, with the unread count; with `now`, what came due by then is raised first. */
    list(request?: RapportMethods["inbox.list"]["request"]): RapportMethods["inbox.list"]["response"];
    /** Marks entries of the acting user's inbox read, the named ones or `all`; audited. */
    mark_read(request?: RapportMethods["inbox.mark_read"]["request"]): RapportMethods["inbox.mark_read"]["response"];
    /** Raises what came due by `now` for every active user (reminders, the day's alerts) and queues the day's birthday greetings; the host calls it (admin or system). */
    refresh(request?: RapportMethods["inbox.refresh"]["request"]): RapportMethods["inbox.refresh"]["response"];
  };
  announcements: {
    /** Posts an announcement to departments (and those below them): an inbox entry for each active user there. Administrators anywhere, managers within their scope. */
    post(request: RapportMethods["announcements.post"]["request"]): RapportMethods["announcements.post"]["response"];
  };
  outbox: {
    /** Queues a message for the host to deliver to a user (push, sms, email) or to a contact or customer the actor may read (sms, email). */
    send(request: RapportMethods["outbox.send"]["request"]): RapportMethods["outbox.send"]["response"];
    /** The host takes pending messages to deliver, oldest first, each leased for `lease_seconds` and offered again unless reported (admin or system). */
    take(request?: RapportMethods["outbox.take"]["request"]): RapportMethods["outbox.take"]["response"];
    /** The host reports one delivery, once: `sent` (logged as an activity of the customer it reached) or `failed` with the error (admin or system). */
    report(request: RapportMethods["outbox.report"]["request"]): RapportMethods["outbox.report"]["response"];
    /** One outbox message (admin or system). */
    get(request: RapportMethods["outbox.get"]["request"]): RapportMethods["outbox.get"]["response"];
    /** The outbox by status, oldest first, a page at a time (admin or system). */
    list(request?: RapportMethods["outbox.list"]["request"]): RapportMethods["outbox.list"]["response"];
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
    /** A user's agenda for a local day: planned activities, overdue tasks, reminders due, and the CUS-8 alerts on their own customers. */
    day(request?: RapportMethods["agenda.day"]["request"]): RapportMethods["agenda.day"]["response"];
  };
  alerts: {
    /** Sets the thresholds of the agenda's customer alerts (admin or system): days without activity, days without an order (transaction customers), days ahead for birthdays. */
    configure(request?: RapportMethods["alerts.configure"]["request"]): RapportMethods["alerts.configure"]["response"];
    /** The thresholds of the customer alerts. */
    get(request?: RapportMethods["alerts.get"]["request"]): RapportMethods["alerts.get"]["response"];
  };
  quotes: {
    /** Creates a draft quote for a visible customer (and optionally its opportunity, which must have passed its evaluation gate): each line's unit price is the given one or the product's price, net = quantity x price x (1 - discount) and tax = net x rate, each rounded half up per line; totals are the lines' sums. A known `external_ref` answers the quote made with it. */
    create(request: RapportMethods["quotes.create"]["request"]): RapportMethods["quotes.create"]["response"];
    /** Changes a draft quote: validity, note, custom values, or all its lines at once (repriced). */
    update(request: RapportMethods["quotes.update"]["request"]): RapportMethods["quotes.update"]["response"];
    /** One quote with its lines and totals; a sent quote past `valid_until` reads as `expired`. */
    get(request: RapportMethods["quotes.get"]["request"]): RapportMethods["quotes.get"]["response"];
    /** Quotes on customers in the actor's scope, newest first, current versions unless `include_superseded`. */
    list(request?: RapportMethods["quotes.list"]["request"]): RapportMethods["quotes.list"]["response"];
    /** Sends a draft to the customer; a line discount above the ceiling of the sender's roles submits it through the `quote_discount` approval flow instead, and the approval sends it. `dry_run` answers what would happen. */
    send(request: RapportMethods["quotes.send"]["request"]): RapportMethods["quotes.send"]["response"];
    /** Records that the customer accepted a sent quote within its validity; `update_opportunity` gives its opportunity the quote's lines and net amount. */
    accept(request: RapportMethods["quotes.accept"]["request"]): RapportMethods["quotes.accept"]["response"];
    /** Records that the customer rejected a sent quote. */
    reject(request: RapportMethods["quotes.reject"]["request"]): RapportMethods["quotes.reject"]["response"];
    /** Revises a sent, expired or rejected quote into a new draft version with the same code and lines; the old version stays as `superseded`, and orders come only from the current one. */
    revise(request: RapportMethods["quotes.revise"]["request"]): RapportMethods["quotes.revise"]["response"];
    /** Archives a quote (not one waiting for a discount approval). */
    archive(request: RapportMethods["quotes.archive"]["request"]): RapportMethods["quotes.archive"]["response"];
    /** Restores an archived quote. */
    restore(request: RapportMethods["quotes.restore"]["request"]): RapportMethods["quotes.restore"]["response"];
    /** The discount each role may give without approval, in basis points (administrators). */
    discount_ceilings(request?: RapportMethods["quotes.discount_ceilings"]["request"]): RapportMethods["quotes.discount_ceilings"]["response"];
    /** Sets roles' discount ceilings in basis points (built-in roles or custom role codes); roles not named take their defaults (administrators and managers 10000, others 1000). */
    set_discount_ceilings(request: RapportMethods["quotes.set_discount_ceilings"]["request"]): RapportMethods["quotes.set_discount_ceilings"]["response"];
  };
  contracts: {
    /** Writes a draft contract for a visible customer, from the current version of a sent or accepted quote (accepting a sent one; its customer, currency and lines) or direct with lines priced like a quote's (one line per product), with a validity period and a payment plan: instalments in date order, each an amount or a percentage (`percent_bp`) of the gross total, adding up to it exactly. A known `external_ref` answers the contract made with it. */
    create(request: RapportMethods["contracts.create"]["request"]): RapportMethods["contracts.create"]["response"];
    /** Changes a draft or rejected contract: title, period, lines (repriced), payment plan, note, custom values; without a new plan the old one is resolved against the new total. */
    update(request: RapportMethods["contracts.update"]["request"]): RapportMethods["contracts.update"]["response"];
    /** One contract version with its lines, payment plan, and invoiced and uninvoiced amounts; a signed contract past `end_date` reads as `expired`. */
    get(request: RapportMethods["contracts.get"]["request"]): RapportMethods["contracts.get"]["response"];
    /** Contracts on customers in the actor's scope, newest first, current versions unless `include_superseded`. */
    list(request?: RapportMethods["contracts.list"]["request"]): RapportMethods["contracts.list"]["response"];
    /** Submits a draft or rejected contract along the `contract` approval flow (the submitter's manager; from 500,000.00 also the manager above); approved at once when no step applies. `dry_run` answers the route writing nothing. */
    submit(request: RapportMethods["contracts.submit"]["request"]): RapportMethods["contracts.submit"]["response"];
    /** Records the customer's signature on an approved contract (`signed_date`, default today); orders are then made under it. Signing an amendment supersedes the version in force, whose orders move to it and owe along its payment plan. */
    sign(request: RapportMethods["contracts.sign"]["request"]): RapportMethods["contracts.sign"]["response"];
    /** Amends a signed contract: a new draft version with the same code, lines and plan, changed, submitted and signed like the first; the signed version stays in force until then. An amendment keeps at least what was already ordered. */
    amend(request: RapportMethods["contracts.amend"]["request"]): RapportMethods["contracts.amend"]["response"];
    /** Ends a signed contract early with a reason: no more orders under it; the orders made keep their receivables. */
    terminate(request: RapportMethods["contracts.terminate"]["request"]): RapportMethods["contracts.terminate"]["response"];
    /** Archives a draft, rejected, terminated or superseded contract. */
    archive(request: RapportMethods["contracts.archive"]["request"]): RapportMethods["contracts.archive"]["response"];
    /** Restores an archived contract. */
    restore(request: RapportMethods["contracts.restore"]["request"]): RapportMethods["contracts.restore"]["response"];
    /** A contract's execution as of today or `as_of`: per line and in total what was ordered (and is pending), delivered, invoiced and received under it, what remains to order, and each instalment's status (planned, open, due, overdue, paid) with what is owed and outstanding on it. Received and outstanding money is withheld from roles without `view_financial` on receivables. */
    execution(request: RapportMethods["contracts.execution"]["request"]): RapportMethods["contracts.execution"]["response"];
  };
  orders: {
    /** Writes a draft order, from the current version of a sent or accepted quote (accepting a sent one; its customer, currency and lines) or direct with lines priced like a quote's; payment terms default to 30 days from approval. */
    create(request?: RapportMethods["orders.create"]["request"]): RapportMethods["orders.create"]["response"];
    /** Changes a draft or rejected order: lines (repriced), payment terms, shipping address, channel partner, note, custom values. */
    update(request: RapportMethods["orders.update"]["request"]): RapportMethods["orders.update"]["response"];
    /** One order: status, lines with what was delivered and returned, amounts in its currency and the base currency. */
    get(request: RapportMethods["orders.get"]["request"]): RapportMethods["orders.get"]["response"];
    /** Orders on customers in the actor's scope, newest first. */
    list(request?: RapportMethods["orders.list"]["request"]): RapportMethods["orders.list"]["response"];
    /** Submits a draft or rejected order along the `sales_order` approval flow (larger orders climb more levels); the last approval checks credit: open receivables plus this order within the customer's credit limit, unless a manager overrode it. `dry_run` answers the route writing nothing; with no step applying it answers whether credit blocks approval. */
    submit(request: RapportMethods["orders.submit"]["request"]): RapportMethods["orders.submit"]["response"];
    /** The credit check of an order now: the customer's open receivables, this order, the limit, by how much it would exceed it, and whether approval would be refused (figures withheld from roles without `view_financial`). */
    credit_check(request: RapportMethods["orders.credit_check"]["request"]): RapportMethods["orders.credit_check"]["response"];
    /** A manager overrides the credit check of an undecided order, with a reason (audited). */
    override_credit(request: RapportMethods["orders.override_credit"]["request"]): RapportMethods["orders.override_credit"]["response"];
    /** Cancels an order before its delivery is complete (not while it waits for approval); its receivable and the statistics follow. */
    cancel(request: RapportMethods["orders.cancel"]["request"]): RapportMethods["orders.cancel"]["response"];
    /** Archives an order nothing is pending on (a draft, or rejected, completed or cancelled); it keeps counting in the statistics and leaves the lists unless `include_archived`. */
    archive(request: RapportMethods["orders.archive"]["request"]): RapportMethods["orders.archive"]["response"];
    /** Restores an archived order. */
    restore(request: RapportMethods["orders.restore"]["request"]): RapportMethods["orders.restore"]["response"];
    /** Completes an approved or delivered order. */
    complete(request: RapportMethods["orders.complete"]["request"]): RapportMethods["orders.complete"]["response"];
    /** Delivers quantities per line of an approved order, never more than ordered minus delivered; the order becomes partially or fully delivered. */
    deliver(request: RapportMethods["orders.deliver"]["request"]): RapportMethods["orders.deliver"]["response"];
    /** An order's deliveries with their lines, oldest first. */
    deliveries(request: RapportMethods["orders.deliveries"]["request"]): RapportMethods["orders.deliveries"]["response"];
    /** An order's returns, oldest first. */
    returns(request: RapportMethods["orders.returns"]["request"]): RapportMethods["orders.returns"]["response"];
    /** Pushes orders from the ERP, created or updated by `external_ref` (idempotent), naming customers by id or `customer_external_ref`, with lines or without (then delivered by amount); a push records what the ERP decided: no approval flow or credit check, every other rule applies. Approved and later orders feed the customers' statistics in the same transaction. */
    push(request: RapportMethods["orders.push"]["request"]): RapportMethods["orders.push"]["response"];
  };
  deliveries: {
    /** Pushes deliveries against orders (by id or `order_external_ref`): quantities per line for an order with lines, an amount for one without; never more than ordered; the order becomes partially or fully delivered. */
    push(request: RapportMethods["deliveries.push"]["request"]): RapportMethods["deliveries.push"]["response"];
  };
  returns: {
    /** Returns delivered quantities of an order's lines (at most delivered minus returned), with a reason, through the `sales_return` flow (a service agent, then a manager); approval credits the order, its receivable and the statistics, or for an exchange records a replacement delivery. */
    create(request: RapportMethods["returns.create"]["request"]): RapportMethods["returns.create"]["response"];
    /** One return with its lines. */
    get(request: RapportMethods["returns.get"]["request"]): RapportMethods["returns.get"]["response"];
  };
  receipts: {
    /** Pushes receipts (payments received); one naming an order settles it first, the rest settles the oldest receivables first. */
    push(request: RapportMethods["receipts.push"]["request"]): RapportMethods["receipts.push"]["response"];
  };
  invoices: {
    /** Asks for an invoice (开票申请) on an approved order, a signed contract, or (naming only `customer_id`) service income, for at most what is left to invoice on it (an order under a contract also within the contract's); `vat_special` needs the buyer's `tax_id`. Finance or the host then issues or rejects it. A known `external_ref` answers the request made with it. */
    request(request: RapportMethods["invoices.request"]["request"]): RapportMethods["invoices.request"]["response"];
    /** Reports a requested invoice issued (finance: the `approve` permission on invoices, or the host): its number, date and amount (at most what was asked; default all of it). Orders and contracts count it as invoiced. */
    issue(request: RapportMethods["invoices.issue"]["request"]): RapportMethods["invoices.issue"]["response"];
    /** Rejects a requested invoice with a reason (finance or the host); its amount may be requested again. */
    reject(request: RapportMethods["invoices.reject"]["request"]): RapportMethods["invoices.reject"]["response"];
    /** One invoice request. */
    get(request: RapportMethods["invoices.get"]["request"]): RapportMethods["invoices.get"]["response"];
    /** Invoice requests in the actor's scope (a customer's, an order's or a contract's), newest first; `status: requested` lists the waiting ones oldest first (finance's and the host's queue). */
    list(request?: RapportMethods["invoices.list"]["request"]): RapportMethods["invoices.list"]["response"];
  };
  products: {
    /** Creates a product (administrators and roles permitted `create` on products); a known `external_ref` updates that product instead. */
    create(request: RapportMethods["products.create"]["request"]): RapportMethods["products.create"]["response"];
    /** Changes a product's fields; `active: false` takes it off new lines, `null` clears `category` or `external_ref`. */
    update(request: RapportMethods["products.update"]["request"]): RapportMethods["products.update"]["response"];
    /** One product of the catalogue (every user reads it). */
    get(request: RapportMethods["products.get"]["request"]): RapportMethods["products.get"]["response"];
    /** Products filtered by category, active flag and text in the code or name, paged by cursor. */
    list(request?: RapportMethods["products.list"]["request"]): RapportMethods["products.list"]["response"];
    /** Pushes the ERP's catalogue: products created or updated by `external_ref` (required; idempotent); `all_or_nothing` (default) or `skip_invalid`. */
    push(request: RapportMethods["products.push"]["request"]): RapportMethods["products.push"]["response"];
    /** The unit price of a product for a customer, quantity and day (default today), and where it came from: the list price or the winning price list rule, with why it applied. */
    price(request: RapportMethods["products.price"]["request"]): RapportMethods["products.price"]["response"];
  };
  price_lists: {
    /** Creates a price list, or replaces the name and rules of the list with this code (version raised, audited); rules give a product a fixed unit price for everyone, a customer or a tag, from a minimum quantity, within inclusive dates. */
    define(request: RapportMethods["price_lists.define"]["request"]): RapportMethods["price_lists.define"]["response"];
    /** One price list with its rules. */
    get(request: RapportMethods["price_lists.get"]["request"]): RapportMethods["price_lists.get"]["response"];
    /** Price lists with their rules, live ones unless `include_archived`, paged by cursor. */
    list(request?: RapportMethods["price_lists.list"]["request"]): RapportMethods["price_lists.list"]["response"];
    /** Archives a price list: kept and restorable, its rules no longer give prices. */
    archive(request: RapportMethods["price_lists.archive"]["request"]): RapportMethods["price_lists.archive"]["response"];
    /** Restores an archived price list. */
    restore(request: RapportMethods["price_lists.restore"]["request"]): RapportMethods["price_lists.restore"]["response"];
  };
  receivables: {
    /** Receivables (DOC-6): a customer's or an order's (closed ones included unless `open_only`), or without either the open ones of the customers the actor reads; each with what is owed, what is outstanding and its overdue days as of today or `as_of`. Amounts are withheld from roles without `view_financial` on receivables. Paged by id. */
    list(request?: RapportMethods["receivables.list"]["request"]): RapportMethods["receivables.list"]["response"];
    /** One receivable (created when its order is approved, due after the payment terms, settled by receipts naming it, its order, or none, oldest first), with its overdue days as of today or `as_of`. */
    get(request: RapportMethods["receivables.get"]["request"]): RapportMethods["receivables.get"]["response"];
    /** The aging report (DOC-6) over the open receivables of the customers the actor's reports count: outstanding not yet due and per bucket of days overdue (default 1-30, 31-60, 61-90, 90+; `buckets` gives other ascending bounds) as of today or `as_of`, with the total; with `group_by` (customer, owner or department) a page of groups, largest total first. Needs `view_financial` on receivables. */
    aging(request?: RapportMethods["receivables.aging"]["request"]): RapportMethods["receivables.aging"]["response"];
    /** Pushes receivables the ERP owns, created or updated by `external_ref` (idempotent), each on an order (by id or `order_external_ref`), with its due date, amount and what is still open (its settlement; 0 settles it), in minor units of the base currency. Refused while the engine owns receivables. */
    push(request: RapportMethods["receivables.push"]["request"]): RapportMethods["receivables.push"]["response"];
  };
  finance: {
    /** Who owns receivables (DOC-10): `engine` (derived from orders and receipts, DOC-6) or `erp` (pushed by the host ERP). */
    get(request?: RapportMethods["finance.get"]["request"]): RapportMethods["finance.get"]["response"];
    /** Sets who owns receivables (administrators). Once money is recorded, switching needs `migrate: true`: to the ERP the engine's open receivables are closed for the ERP to push its own; to the engine the pushed ones are closed and every customer's receivables are derived again. Credit checks, the 360 view, aging, alerts and scores follow whichever owns them. */
    configure(request: RapportMethods["finance.configure"]["request"]): RapportMethods["finance.configure"]["response"];
  };
  value_models: {
    /** Creates a value model (admin or system): dimensions with band or linear rules and weights, and a grading method; every customer is scored with it at once. */
    create(request: RapportMethods["value_models.create"]["request"]): RapportMethods["value_models.create"]["response"];
    /** Changes a value model (admin or system); its version rises and every customer is rescored. */
    update(request: RapportMethods["value_models.update"]["request"]): RapportMethods["value_models.update"]["response"];
    /** One value model. */
    get(request: RapportMethods["value_models.get"]["request"]): RapportMethods["value_models.get"]["response"];
    /** The value models, the default first. */
    list(request?: RapportMethods["value_models.list"]["request"]): RapportMethods["value_models.list"]["response"];
  };
  scores: {
    /** Rescores every live customer as of a date (admin or system): every value model, RFM quintiles and segments, ABC classes; statistics move to that date first. */
    rescore(request?: RapportMethods["scores.rescore"]["request"]): RapportMethods["scores.rescore"]["response"];
  };
  reports: {
    /** The value pyramid: customers and cumulative order amount per grade of a model (default: the default model), over the customers in the actor's scope. */
    value_pyramid(request?: RapportMethods["reports.value_pyramid"]["request"]): RapportMethods["reports.value_pyramid"]["response"];
    /** The funnel of a pipeline (default: the default one) over creation months (default: the last twelve): per stage the opportunities that reached it or a later one and their amount, conversion to the next stage, mean days in the stage; won, lost, win rate, mean deal size and cycle length of those closed in the months. Counts only the opportunities in the actor's scope, optionally one owner's. */
    funnel(request?: RapportMethods["reports.funnel"]["request"]): RapportMethods["reports.funnel"]["response"];
    /** The weighted forecast (SCORE-7): per month of expected close, open opportunities' amount x probability (rounded half-up per opportunity) by forecast category, and the won amount closed in the month; `target` stays null until targets exist. Over the actor's scope. */
    forecast(request?: RapportMethods["reports.forecast"]["request"]): RapportMethods["reports.forecast"]["response"];
    /** Open opportunities, amount and weighted amount per owner or per department, over the actor's scope. */
    pipeline(request: RapportMethods["reports.pipeline"]["request"]): RapportMethods["reports.pipeline"]["response"];
    /** Won and lost opportunities closed in the months, by lost reason and competitor, over the actor's scope. */
    won_lost(request?: RapportMethods["reports.won_lost"]["request"]): RapportMethods["reports.won_lost"]["response"];
    /** Sales (SCORE-9) of the counting orders dated in the months `from..=to` (default the last twelve), in the actor's report scope (pool customers left out): by product (with quantities) or product category (a line's share of its order's base amount), region, owner, department, customer, channel partner or period; `period` also splits every group by month, quarter or year. Largest first, `limit` groups; totals count every sale. Credit returns are taken off. */
    sales(request: RapportMethods["reports.sales"]["request"]): RapportMethods["reports.sales"]["response"];
    /** Order execution (SCORE-9): the counting orders dated in the months by owner, department, customer or month, with what was ordered, delivered, invoiced and received (received withheld without `view_financial` on receivables). */
    order_execution(request: RapportMethods["reports.order_execution"]["request"]): RapportMethods["reports.order_execution"]["response"];
    /** Leads created in the months by source or campaign: converted, disqualified and the conversion rate, over the actor's scope. */
    lead_conversion(request: RapportMethods["reports.lead_conversion"]["request"]): RapportMethods["reports.lead_conversion"]["response"];
    /** Live customers by source, status, kind, province (first level of the region) or industry, over the actor's scope. */
    customer_distribution(request: RapportMethods["reports.customer_distribution"]["request"]): RapportMethods["reports.customer_distribution"]["response"];
    /** Customers at churn risk (SCORE-10) from the last rescoring: days since the last order above k times their mean order interval, highest ratio first, over the actor's scope. */
    churn(request?: RapportMethods["reports.churn"]["request"]): RapportMethods["reports.churn"]["response"];
    /** Customers and window order amount per RFM segment, over the customers in the actor's scope (`null`: no order on or before the rescoring date). */
    rfm_segments(request?: RapportMethods["reports.rfm_segments"]["request"]): RapportMethods["reports.rfm_segments"]["response"];
    /** Customers and window order amount per ABC class, over the customers in the actor's scope. */
    abc_classes(request?: RapportMethods["reports.abc_classes"]["request"]): RapportMethods["reports.abc_classes"]["response"];
  };
  lead_scoring: {
    /** Sets the lead scoring rules (admin or system): points per field condition (equals, in, present, prefix, at_least on numeric custom fields), capped; every lead is rescored and each lead write keeps its `score` current. */
    configure(request: RapportMethods["lead_scoring.configure"]["request"]): RapportMethods["lead_scoring.configure"]["response"];
    /** The lead scoring rules. */
    get(request?: RapportMethods["lead_scoring.get"]["request"]): RapportMethods["lead_scoring.get"]["response"];
  };
  imports: {
    /** Imports customers, contacts, leads, products, orders (a line per row) or receipts from a CSV or JSON-lines file or text: a column mapping, per-row errors with row and column, a duplicate policy, all-or-nothing or skip-invalid, and `dry_run`. Long work: `call_with_progress` reports and cancels it. */
    run(request: RapportMethods["imports.run"]["request"]): RapportMethods["imports.run"]["response"];
    /** Imports newest first with their counts (administrators see every import, users their own). */
    list(request?: RapportMethods["imports.list"]["request"]): RapportMethods["imports.list"]["response"];
    /** One import with its counts. */
    get(request: RapportMethods["imports.get"]["request"]): RapportMethods["imports.get"]["response"];
    /** Reverts an import: what it created is archived (products made inactive, orders cancelled), what it updated put back; records changed since are left and listed. */
    revert(request: RapportMethods["imports.revert"]["request"]): RapportMethods["imports.revert"]["response"];
  };
  audit: {
    /** Every audit entry of one record, oldest first (actor, time, action, changed fields old -> new). */
    history(request: RapportMethods["audit.history"]["request"]): RapportMethods["audit.history"]["response"];
  };
}
