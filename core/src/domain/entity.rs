//! Every entity kind declared once: its name, tables, fields (financial, personal, searchable), how it is scoped, codes and custom fields.
//!
//! Access reads [`EntityDecl::scoping`]; audit entries, custom field definitions, code sequences and
//! dedupe keys name a kind by [`Entity::name`]; field masking, search, privacy erase, merge and the
//! change feed read the same declaration as their modules land. A new entity kind is one entry in
//! [`DECLARATIONS`] plus its rules, and a storage test fails while a table of the schema belongs to
//! no declared kind.

use serde::{Deserialize, Serialize};

/// An entity kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Organisation,
    Department,
    User,
    Customer,
    Contact,
    Lead,
    Pipeline,
    Opportunity,
    Activity,
    Order,
    Delivery,
    Receipt,
    ValueModel,
    Product,
    PriceList,
    Quote,
    Return,
    Receivable,
    Contract,
    Invoice,
}

/// How records of a kind are scoped (ORG-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scoping {
    /// Organisation set-up (settings, departments, users, pipelines, value models): administrators and
    /// the host write and read their history.
    Organisation,
    /// Owned by a user and judged by the owner's department.
    Owned {
        /// Who reaches records without an owner.
        pool: Pool,
        /// Per-record collaborator entries (`read` or `edit`), if the kind is shared (OPP-5).
        collaborators: Option<Collaborators>,
        /// Also reachable through this parent (e.g. an activity with its customer): the parent's kind and
        /// the column naming it.
        with_parent: Option<(Entity, &'static str)>,
    },
    /// Organisation set-up every user reads (the product catalogue and price lists, DOC-1): every user
    /// reads it; administrators, and roles permitted `edit` on `permissions_of`, write it.
    Catalogue {
        /// The kind whose permissions govern writing it (price lists are kept with the products).
        permissions_of: Entity,
    },
    /// Reached only through its parent record (a contact with its customer, a delivery with its order).
    WithParent {
        /// The parent's kind.
        parent: Entity,
        /// The column naming the parent.
        column: &'static str,
    },
}

/// Where a shared kind keeps its collaborator entries: one row per record and user, with an `access`
/// column of `read` or `edit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collaborators {
    pub table: &'static str,
    /// The column naming the record.
    pub record_column: &'static str,
}

/// Who reaches an owned record that has no owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Nobody beyond the host and users with scope `all`.
    None,
    /// The public pool: everyone reads (to claim), users above `own` scope write (customers, CUS-2).
    PublicPool,
    /// Users above `own` scope read and write; reps do not see it (unassigned leads, LEAD-3).
    AboveOwnScope,
}

/// What a field is, for the modules that treat some fields apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The column name, which is also the JSON field name where the record exposes it.
    pub name: &'static str,
    /// Money the finance side owns (credit limits, receivables, payments received, costs, margins):
    /// withheld from actors whose roles do not permit `view_financial` on the kind (ORG-6). A deal's or
    /// an order's value is not financial: the pipeline, the forecast and the rep's own work need it.
    pub financial: bool,
    /// About a person: exported and anonymised by the privacy methods (LIFE-5).
    pub personal: bool,
    /// Found by full-text search (LIFE-3).
    pub searchable: bool,
}

const fn field(name: &'static str) -> Field {
    Field { name, financial: false, personal: false, searchable: false }
}

impl Field {
    const fn financial(mut self) -> Field {
        self.financial = true;
        self
    }
    const fn personal(mut self) -> Field {
        self.personal = true;
        self
    }
    const fn searchable(mut self) -> Field {
        self.searchable = true;
        self
    }
}

/// One entity kind, declared once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntityDecl {
    pub entity: Entity,
    /// The name in audit entries, custom field definitions, code sequences and dedupe keys (`customer`).
    pub name: &'static str,
    /// The table holding one row per record.
    pub table: &'static str,
    /// Tables whose rows belong to one record of this kind (tags, lines, stage history, roles, ...).
    pub child_tables: &'static [&'static str],
    /// Tables the engine derives from records of this kind, kept current in the same transaction.
    pub derived_tables: &'static [&'static str],
    pub scoping: Scoping,
    /// The column naming the customer a record belongs to (`id` for a customer itself), if any: what
    /// checks of a related customer, merges and the customer timeline follow.
    pub customer_column: Option<&'static str>,
    /// Every column of `table`.
    pub fields: &'static [Field],
    /// The default prefix of the kind's readable codes (`C-` in `C-000123`), if it has codes.
    pub code_prefix: Option<&'static str>,
    /// Whether administrators may define custom fields on it (CUS-6).
    pub custom_fields: bool,
    /// Whether its records are documents submitted for approval (ORG-5): the addressees of a waiting
    /// step read the record while it waits, even outside their scope.
    pub approvable: bool,
    /// How its records appear on their customer's timeline (CUS-5), if they do.
    pub timeline: Option<TimelineDecl>,
}

/// How a kind's records appear on the customer timeline (CUS-5): SQL expressions over the record's row
/// (aliased `t`; a kind reached through its parent also has the parent as `p`). A new kind joins the
/// timeline by declaring this.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineDecl {
    /// When it happened: an instant (RFC 3339 UTC text), or with `dated` a date column (`YYYY-MM-DD`)
    /// that takes the time of day the record was written (`created_at`), so entries of one day keep
    /// the order they were written in.
    pub time: &'static str,
    pub dated: bool,
    pub title: &'static str,
    pub status: Option<&'static str>,
    /// The stored status that reads `expired` once `expiry`'s date column is before today.
    pub expiry: Option<(&'static str, &'static str)>,
    pub amount: Option<&'static str>,
    pub currency: Option<&'static str>,
    /// The declared field the amount is (financial fields are withheld as the record's are).
    pub amount_field: Option<&'static str>,
}

impl EntityDecl {
    /// The kind whose permissions (ORG-6) govern writing this one: itself, but for catalogue kinds kept
    /// with another (price lists with products).
    pub fn permission_kind(&self) -> Entity {
        match self.scoping {
            Scoping::Catalogue { permissions_of } => permissions_of,
            _ => self.entity,
        }
    }
    /// Whether `table` has a column `name`.
    pub fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|f| f.name == name)
    }
    /// Whether records of this kind keep an amount converted to the base currency (`amount_base`):
    /// once one exists, the base currency is fixed (§0 money).
    pub fn keeps_base_money(&self) -> bool {
        self.has_field("amount_base")
    }
    pub fn financial_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter(|f| f.financial).map(|f| f.name)
    }
    pub fn personal_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter(|f| f.personal).map(|f| f.name)
    }
    pub fn searchable_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter(|f| f.searchable).map(|f| f.name)
    }
}

impl Entity {
    /// Every kind, in declaration order.
    pub const ALL: [Entity; 20] = [
        Entity::Organisation,
        Entity::Department,
        Entity::User,
        Entity::Customer,
        Entity::Contact,
        Entity::Lead,
        Entity::Pipeline,
        Entity::Opportunity,
        Entity::Activity,
        Entity::Order,
        Entity::Delivery,
        Entity::Receipt,
        Entity::ValueModel,
        Entity::Product,
        Entity::PriceList,
        Entity::Quote,
        Entity::Return,
        Entity::Receivable,
        Entity::Contract,
        Entity::Invoice,
    ];

    /// The kind's declaration.
    pub fn declaration(self) -> &'static EntityDecl {
        &DECLARATIONS[self as usize]
    }

    /// The kind's name (`customer`).
    pub fn name(self) -> &'static str {
        self.declaration().name
    }

    /// The kind called `name`, if any.
    pub fn parse(name: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The kinds that carry custom fields.
    pub fn with_custom_fields() -> impl Iterator<Item = Entity> {
        Entity::ALL.into_iter().filter(|e| e.declaration().custom_fields)
    }

    /// The kinds on the customer timeline (CUS-5), in declaration order.
    pub fn on_timeline() -> impl Iterator<Item = Entity> {
        Entity::ALL.into_iter().filter(|e| e.declaration().timeline.is_some())
    }
}

impl std::fmt::Display for Entity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Organisation settings audited under their own names (their history is for administrators).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// A role's data scope (`roles.set_scope`).
    RoleScope,
    /// A kind's code prefix (`codes.set_prefix`).
    CodeSequence,
    /// A custom field definition (`custom_fields.define`), audited as `entity.key`.
    CustomField,
    /// The lead scoring rules.
    LeadScoring,
    /// The alert thresholds.
    AlertSettings,
    /// A lead territory.
    LeadTerritory,
    /// A document type's approval flow (`approvals.set_flow`), audited by document type.
    ApprovalFlow,
    /// A custom role (`roles.define`), audited by code.
    CustomRole,
    /// A department grant (`grants.grant`, `grants.revoke`), audited by id.
    AccessGrant,
    /// The roles' quote discount ceilings (`quotes.set_discount_ceilings`).
    DiscountCeiling,
    /// Who owns receivables (`finance.configure`, DOC-10).
    Finance,
}

impl Setting {
    /// The name in audit entries.
    pub fn name(self) -> &'static str {
        match self {
            Setting::RoleScope => "role",
            Setting::CodeSequence => "code_sequence",
            Setting::CustomField => "custom_field",
            Setting::LeadScoring => "lead_scoring",
            Setting::AlertSettings => "alert_settings",
            Setting::LeadTerritory => "lead_territory",
            Setting::ApprovalFlow => "approval_flow",
            Setting::CustomRole => "custom_role",
            Setting::AccessGrant => "access_grant",
            Setting::DiscountCeiling => "discount_ceiling",
            Setting::Finance => "finance",
        }
    }
}

/// Kinds SPEC names whose modules are not built yet, with the default prefix of their readable codes:
/// an administrator may set those prefixes ahead (`codes.set_prefix`).
pub const PLANNED_CODED_KINDS: &[(&str, &str)] = &[("ticket", "T-")];

/// The default code prefix of a kind, declared or planned, by name.
pub fn default_code_prefix(name: &str) -> Option<&'static str> {
    match Entity::parse(name) {
        Some(e) => e.declaration().code_prefix,
        None => PLANNED_CODED_KINDS.iter().find(|(n, _)| *n == name).map(|(_, p)| *p),
    }
}

/// The names of every kind with readable codes, declared then planned.
pub fn coded_kind_names() -> impl Iterator<Item = &'static str> {
    Entity::ALL
        .into_iter()
        .filter(|e| e.declaration().code_prefix.is_some())
        .map(Entity::name)
        .chain(PLANNED_CODED_KINDS.iter().map(|(n, _)| *n))
}

/// The declarations, in [`Entity`] order (a unit test checks the order).
pub static DECLARATIONS: [EntityDecl; 20] = [
    EntityDecl {
        entity: Entity::Organisation,
        name: "organisation",
        table: "organisation",
        // The organisation's configuration: role scopes, lead territories, custom fields, code sequences.
        child_tables: &[
            "role_scopes",
            "lead_territories",
            "custom_field_defs",
            "code_sequences",
            "approval_flows",
            "approval_flow_steps",
            "custom_roles",
            "access_grants",
            "discount_ceilings",
        ],
        derived_tables: &[],
        scoping: Scoping::Organisation,
        customer_column: None,
        fields: &[
            field("id"),
            field("name"),
            field("base_currency"),
            field("utc_offset_minutes"),
            field("country_code"),
            field("updated_at"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Department,
        name: "department",
        table: "departments",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::Organisation,
        customer_column: None,
        fields: &[
            field("id"),
            field("name"),
            field("parent_id"),
            field("path"),
            field("external_ref"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::User,
        name: "user",
        table: "users",
        child_tables: &["user_roles", "user_custom_roles"],
        derived_tables: &[],
        scoping: Scoping::Organisation,
        customer_column: None,
        fields: &[
            field("id"),
            field("name").personal(),
            field("email").personal(),
            field("phone").personal(),
            field("department_id"),
            field("manager_id"),
            field("active"),
            field("external_ref"),
            field("created_at"),
            field("updated_at"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Customer,
        name: "customer",
        table: "customers",
        child_tables: &["customer_tags"],
        derived_tables: &["customer_stats", "customer_scores", "customer_segments"],
        scoping: Scoping::Owned { pool: Pool::PublicPool, collaborators: None, with_parent: None },
        customer_column: Some("id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            // An individual customer's name, phone, email and address are a person's.
            field("name").personal().searchable(),
            field("name_key").personal(),
            field("kind"),
            field("status"),
            field("owner_id"),
            field("department_id"),
            field("region"),
            field("industry"),
            field("source"),
            field("phone").personal().searchable(),
            field("email").personal().searchable(),
            field("website"),
            field("address").personal(),
            field("credit_limit").financial(),
            field("custom"),
            field("external_ref"),
            field("last_contact_at"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: Some("C-"),
        custom_fields: true,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Contact,
        name: "contact",
        table: "contacts",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("customer_id"),
            field("name").personal().searchable(),
            field("name_key").personal(),
            field("title"),
            field("phones").personal().searchable(),
            field("emails").personal().searchable(),
            field("birthday").personal(),
            field("deal_role"),
            field("reports_to"),
            field("is_primary"),
            field("custom"),
            field("external_ref"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: None,
        custom_fields: true,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Lead,
        name: "lead",
        table: "leads",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::Owned { pool: Pool::AboveOwnScope, collaborators: None, with_parent: None },
        customer_column: Some("converted_customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("person_name").personal().searchable(),
            field("company_name").searchable(),
            field("title"),
            field("phone").personal().searchable(),
            field("email").personal().searchable(),
            field("region"),
            field("industry"),
            field("source"),
            field("campaign"),
            field("status"),
            field("disqualify_reason"),
            field("owner_id"),
            field("score"),
            field("custom"),
            field("external_ref"),
            field("converted_customer_id"),
            field("converted_contact_id"),
            field("converted_opportunity_id"),
            field("converted_at"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: Some("L-"),
        custom_fields: true,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Pipeline,
        name: "pipeline",
        table: "pipelines",
        child_tables: &["pipeline_stages"],
        derived_tables: &[],
        scoping: Scoping::Organisation,
        customer_column: None,
        fields: &[
            field("id"),
            field("code"),
            field("name"),
            field("is_default"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Opportunity,
        name: "opportunity",
        table: "opportunities",
        child_tables: &["opportunity_lines", "opportunity_stage_history", "opportunity_collaborators"],
        derived_tables: &["opportunity_funnel"],
        scoping: Scoping::Owned {
            pool: Pool::None,
            collaborators: Some(Collaborators { table: "opportunity_collaborators", record_column: "opportunity_id" }),
            with_parent: None,
        },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("customer_id"),
            field("title").searchable(),
            field("amount"),
            field("currency"),
            field("fx_rate"),
            field("amount_base"),
            field("expected_close_date"),
            field("pipeline_id"),
            field("stage_id"),
            field("probability_override"),
            field("owner_id"),
            field("source"),
            field("campaign"),
            field("status"),
            field("close_reason"),
            field("competitor"),
            field("closed_at"),
            field("approval_status"),
            field("approval_stage_id"),
            field("custom"),
            field("external_ref"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: Some("O-"),
        custom_fields: true,
        approvable: true,
        timeline: Some(TimelineDecl {
            time: "t.created_at",
            dated: false,
            title: "t.title",
            status: Some("t.status"),
            expiry: None,
            amount: Some("t.amount"),
            currency: Some("t.currency"),
            amount_field: Some("amount"),
        }),
    },
    EntityDecl {
        entity: Entity::Activity,
        name: "activity",
        table: "activities",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::Owned {
            pool: Pool::None,
            collaborators: None,
            with_parent: Some((Entity::Customer, "customer_id")),
        },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("kind"),
            field("subject"),
            field("starts_at"),
            field("duration_minutes"),
            field("due_date"),
            field("customer_id"),
            field("contact_id"),
            field("opportunity_id"),
            field("ticket_id"),
            field("owner_id"),
            field("status"),
            field("outcome"),
            field("remind_at"),
            field("completed_at"),
            field("custom"),
            field("external_ref"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: None,
        custom_fields: true,
        approvable: false,
        timeline: Some(TimelineDecl {
            time: "COALESCE(t.starts_at, t.created_at)",
            dated: false,
            title: "t.subject",
            status: Some("t.status"),
            expiry: None,
            amount: None,
            currency: None,
            amount_field: None,
        }),
    },
    EntityDecl {
        entity: Entity::Order,
        name: "order",
        table: "orders",
        child_tables: &["order_lines"],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("customer_id"),
            field("status"),
            field("order_date"),
            field("due_date"),
            field("amount"),
            field("currency"),
            field("fx_rate"),
            field("amount_base"),
            field("delivered_amount"),
            field("external_ref"),
            field("created_at"),
            field("updated_at"),
            field("erp_number").searchable(),
            field("origin"),
            field("quote_id"),
            field("net_amount"),
            field("tax_amount"),
            field("payment_terms_days"),
            field("shipping_address").personal(),
            field("channel_partner"),
            field("returned_amount"),
            field("returned_base"),
            field("credit_override_reason"),
            field("credit_override_by"),
            field("note"),
            field("custom"),
            field("created_by"),
            field("archived_at"),
            field("contract_id"),
        ],
        code_prefix: Some("SO-"),
        custom_fields: true,
        approvable: true,
        timeline: Some(TimelineDecl {
            time: "t.order_date",
            dated: true,
            title: "t.code",
            status: Some("t.status"),
            expiry: None,
            amount: Some("t.amount"),
            currency: Some("t.currency"),
            amount_field: Some("amount"),
        }),
    },
    EntityDecl {
        entity: Entity::Delivery,
        name: "delivery",
        table: "deliveries",
        child_tables: &["delivery_lines"],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Order, column: "order_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("order_id"),
            field("delivery_date"),
            field("amount"),
            field("external_ref"),
            field("created_at"),
            field("shipping_address").personal(),
            field("return_id"),
            field("customer_id"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: Some(TimelineDecl {
            time: "t.delivery_date",
            dated: true,
            title: "(SELECT o.code FROM orders o WHERE o.id = t.order_id)",
            status: None,
            expiry: None,
            amount: Some("t.amount"),
            currency: Some("(SELECT o.currency FROM orders o WHERE o.id = t.order_id)"),
            amount_field: Some("amount"),
        }),
    },
    EntityDecl {
        entity: Entity::Receipt,
        name: "receipt",
        table: "receipts",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("customer_id"),
            field("order_id"),
            field("receipt_date"),
            field("amount").financial(),
            field("currency"),
            field("fx_rate").financial(),
            field("amount_base").financial(),
            field("external_ref"),
            field("created_at"),
            field("receivable_id"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: Some(TimelineDecl {
            time: "t.receipt_date",
            dated: true,
            title: "t.external_ref",
            status: None,
            expiry: None,
            amount: Some("t.amount"),
            currency: Some("t.currency"),
            amount_field: Some("amount"),
        }),
    },
    EntityDecl {
        entity: Entity::ValueModel,
        name: "value_model",
        table: "value_models",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::Organisation,
        customer_column: None,
        fields: &[
            field("id"),
            field("code"),
            field("name"),
            field("is_default"),
            field("dimensions"),
            field("grading"),
            field("version"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
            field("scored_as_of"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Product,
        name: "product",
        table: "products",
        child_tables: &[],
        derived_tables: &[],
        // The catalogue is set-up: administrators (and roles granted `create`/`edit` on products) keep
        // it, every user reads it to quote and order.
        scoping: Scoping::Catalogue { permissions_of: Entity::Product },
        customer_column: None,
        fields: &[
            field("id"),
            field("code").searchable(),
            field("name").searchable(),
            field("unit"),
            field("list_price"),
            field("currency"),
            field("category"),
            field("tax_rate_bp"),
            field("warranty_months"),
            field("needs_installation"),
            field("active"),
            field("external_ref"),
            field("created_at"),
            field("updated_at"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::PriceList,
        name: "price_list",
        table: "price_lists",
        child_tables: &["price_list_rules"],
        derived_tables: &[],
        // Kept with the catalogue: written by whoever may edit products, read by every user.
        scoping: Scoping::Catalogue { permissions_of: Entity::Product },
        customer_column: None,
        fields: &[
            field("id"),
            field("code").searchable(),
            field("name").searchable(),
            field("version"),
            field("created_at"),
            field("updated_at"),
            field("archived_at"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    EntityDecl {
        entity: Entity::Quote,
        name: "quote",
        table: "quotes",
        child_tables: &["quote_lines"],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("version"),
            field("previous_id"),
            field("customer_id"),
            field("opportunity_id"),
            field("status"),
            field("currency"),
            field("fx_rate"),
            field("net_amount"),
            field("tax_amount"),
            field("gross_amount"),
            field("amount_base"),
            field("max_discount_bp"),
            field("discount_approval"),
            field("valid_until"),
            field("note"),
            field("custom"),
            field("external_ref"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("sent_at"),
            field("decided_at"),
            field("rejection_reason"),
            field("archived_at"),
        ],
        code_prefix: Some("Q-"),
        custom_fields: true,
        approvable: true,
        timeline: Some(TimelineDecl {
            time: "t.created_at",
            dated: false,
            title: "t.code || ' v' || t.version",
            status: Some("t.status"),
            expiry: Some(("sent", "valid_until")),
            amount: Some("t.gross_amount"),
            currency: Some("t.currency"),
            amount_field: Some("gross_amount"),
        }),
    },
    EntityDecl {
        entity: Entity::Return,
        name: "return",
        table: "returns",
        child_tables: &["return_lines"],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("order_id"),
            field("customer_id"),
            field("kind"),
            field("status"),
            field("reason"),
            field("amount"),
            field("amount_base"),
            field("replacement_delivery_id"),
            field("external_ref"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("decided_at"),
        ],
        code_prefix: Some("RT-"),
        custom_fields: false,
        approvable: true,
        timeline: Some(TimelineDecl {
            time: "t.created_at",
            dated: false,
            title: "t.code",
            status: Some("t.status"),
            expiry: None,
            amount: Some("t.amount"),
            currency: Some("(SELECT o.currency FROM orders o WHERE o.id = t.order_id)"),
            amount_field: Some("amount"),
        }),
    },
    // DOC-6: derived from the counting orders and settled by the receipts, kept current in the write's
    // transaction; its own kind (not a derived table of Order) so `receivables.get` judges access by its
    // customer like a receipt, and its money is financial for roles without `view_financial` on it.
    EntityDecl {
        entity: Entity::Receivable,
        name: "receivable",
        table: "receivables",
        child_tables: &[],
        // The aging report's kept totals of the open receivables, per customer and per due date (moved by
        // `save_receivable`).
        derived_tables: &["receivable_customer_totals", "receivable_due_totals"],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("customer_id"),
            field("order_id"),
            field("seq"),
            field("due_date"),
            field("amount_base").financial(),
            field("outstanding_base").financial(),
            field("closed_at"),
            field("created_at"),
            field("updated_at"),
            field("origin"),
            field("external_ref"),
        ],
        code_prefix: None,
        custom_fields: false,
        approvable: false,
        timeline: None,
    },
    // DOC-3 and DOC-9: versions share a code; orders made under one name it (`orders.contract_id`).
    EntityDecl {
        entity: Entity::Contract,
        name: "contract",
        table: "contracts",
        child_tables: &["contract_lines", "contract_instalments"],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("version"),
            field("previous_id"),
            field("customer_id"),
            field("quote_id"),
            field("opportunity_id"),
            field("title").searchable(),
            field("status"),
            field("currency"),
            field("fx_rate"),
            field("net_amount"),
            field("tax_amount"),
            field("gross_amount"),
            field("amount_base"),
            field("start_date"),
            field("end_date"),
            field("signed_date"),
            field("note"),
            field("custom"),
            field("external_ref"),
            field("created_by"),
            field("created_at"),
            field("updated_at"),
            field("decided_at"),
            field("termination_reason"),
            field("archived_at"),
        ],
        code_prefix: Some("K-"),
        custom_fields: true,
        approvable: true,
        timeline: Some(TimelineDecl {
            time: "t.created_at",
            dated: false,
            title: "t.code || ' v' || t.version || ' ' || t.title",
            status: Some("t.status"),
            expiry: Some(("signed", "end_date")),
            amount: Some("t.gross_amount"),
            currency: Some("t.currency"),
            amount_field: Some("gross_amount"),
        }),
    },
    // DOC-10: an invoice request on an order, a contract or service income, issued (or rejected) by
    // finance or the host. A document of the sale, not money received: not financial.
    EntityDecl {
        entity: Entity::Invoice,
        name: "invoice",
        table: "invoices",
        child_tables: &[],
        derived_tables: &[],
        scoping: Scoping::WithParent { parent: Entity::Customer, column: "customer_id" },
        customer_column: Some("customer_id"),
        fields: &[
            field("id"),
            field("code").searchable(),
            field("customer_id"),
            field("subject"),
            field("order_id"),
            field("contract_id"),
            field("status"),
            field("amount"),
            field("currency"),
            field("invoice_title").searchable(),
            field("tax_id"),
            field("invoice_type"),
            field("description"),
            field("invoice_number").searchable(),
            field("issue_date"),
            field("issued_amount"),
            field("rejection_reason"),
            field("external_ref"),
            field("requested_by"),
            field("created_at"),
            field("updated_at"),
            field("decided_at"),
        ],
        code_prefix: Some("INV-"),
        custom_fields: false,
        approvable: false,
        timeline: Some(TimelineDecl {
            time: "t.created_at",
            dated: false,
            title: "t.code",
            status: Some("t.status"),
            expiry: None,
            amount: Some("t.amount"),
            currency: Some("t.currency"),
            amount_field: Some("amount"),
        }),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_are_in_entity_order_with_unique_names_and_tables() {
        let mut names = std::collections::BTreeSet::new();
        let mut tables = std::collections::BTreeSet::new();
        for (i, e) in Entity::ALL.into_iter().enumerate() {
            let d = e.declaration();
            assert_eq!(d.entity, e, "DECLARATIONS[{i}] declares {:?}", d.entity);
            assert_eq!(e as usize, i);
            assert!(names.insert(d.name), "{} declared twice", d.name);
            for t in std::iter::once(&d.table).chain(d.child_tables).chain(d.derived_tables) {
                assert!(tables.insert(*t), "table {t} belongs to two kinds");
            }
            assert_eq!(Entity::parse(d.name), Some(e));
            let json = serde_json::to_value(e).expect("serialises");
            assert_eq!(json.as_str(), Some(d.name), "the serde name is the declared name");
        }
    }

    #[test]
    fn fields_are_unique_per_kind_and_parents_are_reachable() {
        for e in Entity::ALL {
            let d = e.declaration();
            let mut seen = std::collections::BTreeSet::new();
            for f in d.fields {
                assert!(seen.insert(f.name), "{}.{} declared twice", d.name, f.name);
            }
            let parent = match d.scoping {
                Scoping::WithParent { parent, column } => Some((parent, column)),
                Scoping::Owned { with_parent, .. } => with_parent,
                Scoping::Organisation | Scoping::Catalogue { .. } => None,
            };
            if let Some((parent, column)) = parent {
                assert!(seen.contains(column), "{}: the parent column {column} is not a field", d.name);
                assert_ne!(parent, e, "{} is its own parent", d.name);
            }
        }
    }

    #[test]
    fn codes_keep_their_prefixes() {
        assert_eq!(default_code_prefix("customer"), Some("C-"));
        assert_eq!(default_code_prefix("order"), Some("SO-"));
        assert_eq!(default_code_prefix("quote"), Some("Q-"));
        assert_eq!(default_code_prefix("contact"), None);
        let names: Vec<_> = coded_kind_names().collect();
        assert_eq!(
            names,
            ["customer", "lead", "opportunity", "order", "quote", "return", "contract", "invoice", "ticket"]
        );
        let custom: Vec<_> = Entity::with_custom_fields().map(Entity::name).collect();
        assert_eq!(custom, ["customer", "contact", "lead", "opportunity", "activity", "order", "quote", "contract"]);
    }
}
