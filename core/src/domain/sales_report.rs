//! Sales reports (SCORE-9): sales by product, category, region, user, department, customer, channel partner or period, and the execution of orders (ordered, delivered, invoiced, received), over the months asked.
//!
//! A sale is a counting order (approved or later) dated in the months, less what credit returns took
//! back; amounts are minor units of the base currency (a line's share of its order's base amount).
//! Products, categories, owners, departments, periods and the totals are read from figures the storage
//! keeps per month and customer owner, so a report over years of orders costs a few thousand rows.

use serde::{Deserialize, Serialize};

use super::access::Actor;
use super::entity::Entity;
use super::withholding::{Withhold, withheld_fields};

/// What a sales report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SalesGrouping {
    /// Order lines by product (orders pushed without lines: one group without a product).
    Product,
    /// Order lines by the category their product had when the line was written (a line keeps it, as it
    /// keeps the product's code and description: moving a product to another category moves its later sales).
    Category,
    /// The customer's region, first level (the province in `44/4403`).
    Region,
    /// The customer's owner.
    Owner,
    /// The customer's owner's department.
    Department,
    Customer,
    ChannelPartner,
    /// Only the periods (`period`, default month).
    Period,
}

/// A period of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SalesPeriod {
    #[default]
    Month,
    Quarter,
    Year,
}

impl SalesPeriod {
    /// The period of a `YYYY-MM-DD` column as SQL text (`2026-03`, `2026-Q1`, `2026`).
    pub(crate) fn sql(self, column: &str) -> String {
        match self {
            SalesPeriod::Month => format!("substr({column}, 1, 7)"),
            SalesPeriod::Quarter => {
                format!("substr({column}, 1, 4) || '-Q' || ((CAST(substr({column}, 6, 2) AS INTEGER) + 2) / 3)")
            }
            SalesPeriod::Year => format!("substr({column}, 1, 4)"),
        }
    }
}

/// Sales over the months `from..=to` (`YYYY-MM`, default the last twelve), grouped, optionally also by
/// period.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SalesReportRequest {
    pub by: SalesGrouping,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Also split every group by this period (with `by: period`, the period grouped by; default month).
    pub period: Option<SalesPeriod>,
    /// The largest groups first, at most this many (default 50, at most 1000); the totals count every sale.
    pub limit: Option<u32>,
}

/// One group of a sales report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SalesGroup {
    /// The product, category, region, user, department, customer or channel partner (`null`: none).
    pub key: Option<String>,
    pub name: Option<String>,
    /// `2026-03`, `2026-Q1` or `2026` when split by period.
    pub period: Option<String>,
    /// Orders with a sale in the group.
    pub orders: i64,
    /// Quantity sold (product groups only), less credit returns.
    pub quantity: Option<super::quantity::Quantity>,
    /// Minor units of the base currency.
    pub amount: i64,
}

/// SCORE-9: a sales report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SalesReport {
    pub by: SalesGrouping,
    pub from: String,
    pub to: String,
    pub groups: Vec<SalesGroup>,
    /// Every sale in the months and the actor's scope, groups beyond `limit` included.
    pub total_orders: i64,
    pub total_amount: i64,
}

/// What an order execution report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExecutionGrouping {
    Owner,
    Department,
    Customer,
    /// The month of the order date.
    Month,
}

/// The execution of the counting orders dated in `from..=to` (`YYYY-MM`, default the last twelve months).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderExecutionRequest {
    pub by: ExecutionGrouping,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
}

/// One group of the order execution report. Minor units of the base currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExecutionGroup {
    pub key: Option<String>,
    pub name: Option<String>,
    pub orders: i64,
    /// Ordered, less credit returns.
    pub ordered: i64,
    pub delivered: i64,
    /// Invoices issued on the orders.
    pub invoiced: i64,
    /// Received on the orders' receivables (financial: withheld without `view_financial` on receivables).
    pub received: Option<i64>,
}

/// SCORE-9: ordered, delivered, invoiced and received, per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrderExecutionReport {
    pub by: ExecutionGrouping,
    pub from: String,
    pub to: String,
    pub groups: Vec<ExecutionGroup>,
    /// The financial fields the actor may not see (ORG-6), dotted for the groups': absent from the JSON.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<String>,
}

impl Withhold for OrderExecutionReport {
    fn withhold(&mut self, actor: &Actor) {
        if withheld_fields(actor, Entity::Receivable).is_empty() {
            return;
        }
        for g in &mut self.groups {
            g.received = None;
        }
        self.withheld.push("groups.received".to_string());
    }
}
