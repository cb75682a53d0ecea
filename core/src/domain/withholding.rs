//! Financial fields withheld from actors whose roles do not permit `view_financial` (ORG-6).
//!
//! Which fields are financial is each kind's declaration ([`crate::domain::entity::Field::financial`]):
//! money the finance side owns (credit limits, receivables, payments received, costs, margins). A
//! deal's or an order's value is not: the pipeline, the forecast and the rep's own work need it.
//!
//! A record an actor may not see in full has its financial fields cleared (`None`; `null` in Kotlin,
//! Swift and Python) and names them in `withheld`; the JSON boundary then leaves the named fields out
//! (`api::method`). A report carries `withheld` once, at its top, with dotted paths for nested figures.
//! Writing a financial field one may not see is refused: it would change what one cannot read.

use serde_json::Value;

use super::access::Actor;
use super::alerts::CustomerAlert;
use super::analytics::CustomerOverview;
use super::audit::AuditEntry;
use super::common::Page;
use super::customer::Customer;
use super::entity::Entity;
use super::permissions::Action;

/// Whether the actor's roles let them see `entity`'s financial fields.
pub fn sees_financial(actor: &Actor, entity: Entity) -> bool {
    actor.may(entity, Action::ViewFinancial)
}

/// The financial fields of `entity` the actor may not see (none for those who may).
pub fn withheld_fields(actor: &Actor, entity: Entity) -> Vec<&'static str> {
    if sees_financial(actor, entity) { Vec::new() } else { entity.declaration().financial_fields().collect() }
}

/// A read answer whose financial parts are withheld from actors who may not see them.
pub trait Withhold {
    /// Clears what `actor` may not see and names it in the record's `withheld`.
    fn withhold(&mut self, actor: &Actor);

    /// This answer as `actor` may see it.
    fn withheld_from(mut self, actor: &Actor) -> Self
    where
        Self: Sized,
    {
        self.withhold(actor);
        self
    }
}

impl Withhold for Customer {
    fn withhold(&mut self, actor: &Actor) {
        for field in withheld_fields(actor, Entity::Customer) {
            match field {
                "credit_limit" => self.credit_limit = None,
                other => unreachable!("customer field {other} is declared financial but not withheld"),
            }
            self.withheld.push(field.to_string());
        }
    }
}

/// The 360 overview: the credit limit, the credit available and the receivables figures of its
/// statistics (reported as zero, and named in `withheld` at the top).
impl Withhold for CustomerOverview {
    fn withhold(&mut self, actor: &Actor) {
        if sees_financial(actor, Entity::Customer) {
            return;
        }
        self.credit_limit = None;
        self.credit_available = None;
        self.statistics.receipts_amount = 0;
        self.statistics.year_receipts_amount = 0;
        self.statistics.outstanding_amount = 0;
        self.statistics.year_outstanding_amount = 0;
        self.statistics.overdue_amount = 0;
        self.withheld = [
            "credit_limit",
            "credit_available",
            "statistics.receipts_amount",
            "statistics.year_receipts_amount",
            "statistics.outstanding_amount",
            "statistics.year_outstanding_amount",
            "statistics.overdue_amount",
        ]
        .map(String::from)
        .to_vec();
    }
}

/// A customer alert: an overdue receivable's amount.
impl Withhold for CustomerAlert {
    fn withhold(&mut self, actor: &Actor) {
        if self.amount.is_some() && !sees_financial(actor, Entity::Customer) {
            self.amount = None;
            self.withheld.push("amount".to_string());
        }
    }
}

/// An audit entry of a record: the old and new values of its financial fields.
impl Withhold for AuditEntry {
    fn withhold(&mut self, actor: &Actor) {
        let Some(entity) = Entity::parse(&self.entity) else { return };
        for field in withheld_fields(actor, entity) {
            if self.changes.remove(field).is_some() {
                self.withheld.push(field.to_string());
            }
        }
    }
}

impl<T: Withhold> Withhold for Vec<T> {
    fn withhold(&mut self, actor: &Actor) {
        self.iter_mut().for_each(|r| r.withhold(actor));
    }
}

impl<T: Withhold> Withhold for Page<T> {
    fn withhold(&mut self, actor: &Actor) {
        self.items.withhold(actor);
    }
}

/// Leaves out of a JSON answer every field an object names in its `withheld` list (dotted paths reach
/// into nested objects), so a withheld field is absent rather than `null`. Custom field maps are not
/// entered: their keys are the administrator's.
pub fn omit_withheld(value: &mut Value) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(omit_withheld),
        Value::Object(map) => {
            if let Some(Value::Array(paths)) = map.get("withheld") {
                let paths: Vec<String> = paths.iter().filter_map(|p| p.as_str().map(str::to_string)).collect();
                for path in &paths {
                    remove_path(map, path);
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "custom" {
                    omit_withheld(child);
                }
            }
        }
        _ => {}
    }
}

fn remove_path(map: &mut serde_json::Map<String, Value>, path: &str) {
    match path.split_once('.') {
        None => {
            map.remove(path);
        }
        Some((head, rest)) => {
            if let Some(Value::Object(inner)) = map.get_mut(head) {
                remove_path(inner, rest);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn omit_withheld_removes_named_fields_and_nested_paths_but_not_custom_keys() {
        let mut v = json!({"items": [
            {"id": "a", "credit_limit": null, "withheld": ["credit_limit"], "custom": {"withheld": ["x"], "x": 1}},
            {"id": "b", "credit_limit": 5}
        ], "report": {"statistics": {"overdue_amount": 0, "order_count": 2}, "withheld": ["statistics.overdue_amount"]}});
        omit_withheld(&mut v);
        assert_eq!(
            v,
            json!({"items": [
                {"id": "a", "withheld": ["credit_limit"], "custom": {"withheld": ["x"], "x": 1}},
                {"id": "b", "credit_limit": 5}
            ], "report": {"statistics": {"order_count": 2}, "withheld": ["statistics.overdue_amount"]}})
        );
    }
}
