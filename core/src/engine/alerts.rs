//! Customer alerts (CUS-8): the thresholds, and the alerts of a user's own customers for a day (contract instalments and ends included, DOC-9), shown on the agenda.

use chrono::NaiveDate;

use super::{Ctx, Engine, statistics};
use super::{EngineError, EngineResult};
use crate::domain::alerts::{AlertKind, AlertSettings, CustomerAlert, next_birthday};
use crate::domain::calendar;
use crate::domain::entity::Setting;
use crate::domain::sort;
use crate::domain::statistics::shift;

const SETTINGS_KEY: &str = "alert_settings";

pub(crate) fn settings(cx: &Ctx<'_>) -> EngineResult<AlertSettings> {
    Ok(cx.tx.meta_get(SETTINGS_KEY)?.and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default())
}

/// The alerts of `user_id`'s own customers on local `date`, grouped by kind.
pub(crate) fn for_user(cx: &mut Ctx<'_>, user_id: &str, date: NaiveDate) -> EngineResult<Vec<CustomerAlert>> {
    let s = settings(cx)?;
    let offset = cx.organisation()?.utc_offset_minutes;
    let alert = |kind, customer_id: String, customer_name: String| CustomerAlert {
        kind,
        customer_id,
        customer_name,
        record_id: None,
        record_name: None,
        days: None,
        amount: None,
        date: None,
        withheld: Vec::new(),
    };
    let mut alerts = Vec::new();
    let (day_start, _) = calendar::local_day_bounds(shift(date, -s.no_activity_days), offset);
    for (id, name, last) in cx.tx.silent_customers(user_id, day_start)? {
        let last = last
            .and_then(|t| calendar::parse_instant("last_contact_at", &t).ok())
            .map(|t| calendar::local_date(t, offset));
        alerts.push(CustomerAlert {
            days: last.map(|d| (date - d).num_days()),
            date: last,
            ..alert(AlertKind::NoActivity, id, name)
        });
    }
    for (id, name, last) in cx.tx.lapsed_customers(user_id, shift(date, -s.no_order_days))? {
        let last = last.and_then(|d| calendar::parse_date("last_order_date", &d).ok());
        alerts.push(CustomerAlert {
            days: last.map(|d| (date - d).num_days()),
            date: last,
            ..alert(AlertKind::NoOrder, id, name)
        });
    }
    for crate::storage::CustomerName { id, name } in cx.tx.customers_with_orders(user_id)? {
        let overdue = statistics::as_of(cx, &id, date)?.overdue_amount;
        if overdue > 0 {
            alerts.push(CustomerAlert { amount: Some(overdue), ..alert(AlertKind::OverdueReceivable, id, name) });
        }
    }
    let mut birthdays: Vec<CustomerAlert> = cx
        .tx
        .contact_birthdays(user_id)?
        .into_iter()
        .filter_map(|(contact_id, contact, customer_id, customer, birthday)| {
            let next = next_birthday(birthday?, date);
            let days = (next - date).num_days();
            (days <= s.birthday_days).then(|| CustomerAlert {
                record_id: Some(contact_id),
                record_name: Some(contact),
                days: Some(days),
                date: Some(next),
                ..alert(AlertKind::Birthday, customer_id, customer)
            })
        })
        .collect();
    sort::sort_by(&mut birthdays, |a, b| (a.days, &a.record_id).cmp(&(b.days, &b.record_id)));
    alerts.extend(birthdays);
    for (id, title, customer_id, customer, close) in cx.tx.overdue_opportunities(user_id, date)? {
        alerts.push(CustomerAlert {
            record_id: Some(id),
            record_name: Some(title),
            days: close.map(|c| (date - c).num_days()),
            date: close,
            ..alert(AlertKind::OpportunityOverdue, customer_id, customer)
        });
    }
    let until = shift(date, s.contract_days);
    let instalments = cx.tx.instalments_due(user_id, date, until)?.into_iter().map(|d| (AlertKind::InstalmentDue, d));
    let endings = cx.tx.contracts_ending(user_id, date, until)?.into_iter().map(|d| (AlertKind::ContractEnding, d));
    for (kind, d) in instalments.chain(endings) {
        alerts.push(CustomerAlert {
            record_id: Some(d.contract_id),
            record_name: Some(d.contract_title),
            days: Some((d.date - date).num_days()),
            amount: d.open_base,
            date: Some(d.date),
            ..alert(kind, d.customer_id, d.customer_name)
        });
    }
    Ok(alerts)
}

impl Engine {
    /// Sets the alert thresholds (admin or system).
    pub fn configure_alerts(&self, actor: Option<&str>, new: AlertSettings) -> EngineResult<AlertSettings> {
        self.write(actor, |cx| {
            cx.actor.require_admin("alert settings")?;
            new.validate()?;
            let before = settings(cx)?;
            let text = serde_json::to_string(&new)
                .map_err(|e| EngineError::internal_from("the alert settings could not be serialised", e))?;
            cx.tx.meta_set(SETTINGS_KEY, &text)?;
            cx.audit_setting_change(Setting::AlertSettings, "alerts", "configure", Some(&before), &new)?;
            Ok(new)
        })
    }

    /// The alert thresholds.
    pub fn alert_settings(&self, actor: Option<&str>) -> EngineResult<AlertSettings> {
        self.read(actor, |cx| settings(cx))
    }
}
