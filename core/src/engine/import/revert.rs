//! Reverting an import (DESIGN.md, "undo"): what it created is archived, what it updated is put back, in one audited transaction.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Ctx, EngineError, EngineResult, visible_import};
use crate::domain::contact::Contact;
use crate::domain::customer::Customer;
use crate::domain::import::{ImportKind, RevertReport};
use crate::domain::lead::Lead;
use crate::domain::permissions::Action;
use crate::domain::product::Product;
use crate::domain::sales::Order;
use crate::storage::ImportItem;

/// A kind whose imported records can be put back: each module says how it loads, archives and saves one.
pub(crate) trait Revertable: Sized + Serialize + DeserializeOwned {
    fn load(cx: &Ctx<'_>, id: &str) -> EngineResult<Option<Self>>;
    fn updated_at(&self) -> DateTime<Utc>;
    /// The record taken out of use as of `now`; `None` if it already is.
    fn archived(self, now: DateTime<Utc>) -> Option<Self>;
    /// Saves `after` over `current`, with the kind's own dedupe keys, derived data and audit entry.
    fn put(cx: &mut Ctx<'_>, current: &Self, after: Self) -> EngineResult<()>;
}

/// What became of one record.
enum Reverted {
    Archived,
    Restored,
    /// Changed since the import by someone else: left as it is.
    LeftChanged,
    /// Already out of use, or gone: nothing to do.
    Nothing,
}

pub(super) fn revert(cx: &mut Ctx<'_>, id: &str) -> EngineResult<RevertReport> {
    let import = visible_import(cx, id)?;
    cx.actor.require(import.entity.entity(), Action::Archive)?;
    if import.reverted_at.is_some() {
        return Err(EngineError::invalid_state("the import was already reverted"));
    }
    let mut report = RevertReport { import: import.clone(), archived: 0, restored: 0, left_changed: Vec::new() };
    for item in cx.tx.import_items(id)? {
        let outcome = match import.entity {
            ImportKind::Customers => one::<Customer>(cx, &item),
            ImportKind::Contacts => one::<Contact>(cx, &item),
            ImportKind::Leads => one::<Lead>(cx, &item),
            ImportKind::Products => one::<Product>(cx, &item),
            ImportKind::Orders => one::<Order>(cx, &item),
            ImportKind::Receipts => {
                return Err(EngineError::invalid_state(
                    "an import of receipts cannot be reverted: money received is corrected by the ERP's next push",
                ));
            }
        }?;
        match outcome {
            Reverted::Archived => report.archived += 1,
            Reverted::Restored => report.restored += 1,
            Reverted::LeftChanged => report.left_changed.push(item.record_id),
            Reverted::Nothing => {}
        }
    }
    cx.tx.set_import_reverted(id, cx.now, cx.actor.user_id())?;
    report.import.reverted_at = Some(cx.now);
    report.import.reverted_by = cx.actor.user_id().map(str::to_string);
    Ok(report)
}

fn one<R: Revertable>(cx: &mut Ctx<'_>, item: &ImportItem) -> EngineResult<Reverted> {
    let Some(current) = R::load(cx, &item.record_id)? else { return Ok(Reverted::Nothing) };
    if current.updated_at() > item.written_at {
        return Ok(Reverted::LeftChanged);
    }
    match &item.before {
        None => match R::archived(
            serde_json::from_value(serde_json::to_value(&current).map_err(kept)?).map_err(kept)?,
            cx.now,
        ) {
            Some(after) => {
                R::put(cx, &current, after)?;
                Ok(Reverted::Archived)
            }
            None => Ok(Reverted::Nothing),
        },
        Some(json) => {
            let before: R = serde_json::from_str(json).map_err(kept)?;
            R::put(cx, &current, before)?;
            Ok(Reverted::Restored)
        }
    }
}

fn kept(e: serde_json::Error) -> EngineError {
    EngineError::internal_from("a record kept by an import", e)
}
