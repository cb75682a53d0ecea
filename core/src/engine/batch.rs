//! Batches: many items in one transaction, each in a savepoint, with per-item errors (all-or-nothing or skip-invalid).

use super::Ctx;
use super::{EngineError, EngineResult};
use crate::domain::common::{BatchItem, BatchMode, BatchResult, MAX_BATCH_ITEMS};
use crate::domain::error::ErrorCode;

/// What writing one item did: its id and whether it was created (else updated).
pub(crate) struct Written {
    pub id: String,
    pub created: bool,
}

/// Runs `write_item` for every item. In `AllOrNothing` mode any failure
/// refuses the batch with every item's error (and the caller's transaction
/// rolls back); in `SkipInvalid` mode failed items are undone and reported.
///
/// Items are first written in one savepoint for the whole batch: a savepoint
/// per item copies every page an item touches into SQLite's statement journal,
/// which cost more than the writes themselves. Only when an item fails is that
/// pass undone (ids and HLC times taken back too) and the batch written again
/// item by item, so the outcome is the same as writing item by item throughout.
pub(crate) fn run<T: Clone>(
    cx: &mut Ctx<'_>,
    items: Vec<T>,
    mode: BatchMode,
    mut write_item: impl FnMut(&mut Ctx<'_>, T) -> EngineResult<Written>,
) -> EngineResult<BatchResult> {
    if items.len() > MAX_BATCH_ITEMS {
        return Err(EngineError::refused(
            ErrorCode::TooLarge,
            format!("a batch holds at most {MAX_BATCH_ITEMS} items"),
        )
        .with_field("items"));
    }
    let mark = cx.mark();
    let tx = cx.tx;
    let optimistic: EngineResult<BatchResult> = tx.named_savepoint("batch", || {
        let mut result = BatchResult { written: Vec::new(), created: 0, updated: 0, rejected: Vec::new() };
        for (index, item) in items.iter().enumerate() {
            let w = write_item(cx, item.clone())?;
            if w.created {
                result.created += 1;
            } else {
                result.updated += 1;
            }
            result.written.push(BatchItem { index, id: w.id, created: w.created });
        }
        Ok(result)
    });
    match optimistic {
        Ok(result) => return Ok(result),
        Err(e) if e.is_item_error() => cx.rewind(mark),
        Err(e) => return Err(e),
    }
    let mut result = BatchResult { written: Vec::new(), created: 0, updated: 0, rejected: Vec::new() };
    for (index, item) in items.into_iter().enumerate() {
        let tx = cx.tx;
        match tx.savepoint(|| write_item(cx, item)) {
            Ok(w) => {
                if w.created {
                    result.created += 1;
                } else {
                    result.updated += 1;
                }
                result.written.push(BatchItem { index, id: w.id, created: w.created });
            }
            Err(e) if e.is_item_error() => result.rejected.push(e.into_item(index)),
            Err(e) => return Err(e),
        }
    }
    if mode == BatchMode::AllOrNothing && !result.rejected.is_empty() {
        let n = result.rejected.len();
        return Err(EngineError::validation("items", format!("{n} item(s) rejected; nothing was written"))
            .with_items(result.rejected));
    }
    Ok(result)
}
