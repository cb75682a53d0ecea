//! Paging of every list: one page-size rule (default 50, 1 to 1000) and id cursors.

use super::{EngineError, EngineResult};
use crate::domain::common::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};

/// The page size of a list request: default 50, 1 to 1000.
pub(crate) fn page_limit(limit: Option<u32>) -> EngineResult<u32> {
    match limit {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
        Some(_) => Err(EngineError::validation("limit", format!("must be between 1 and {MAX_PAGE_SIZE}"))),
    }
}

/// A page from `limit + 1` rows ordered by id: the extra row only says that more follow.
pub(crate) fn into_page<T>(mut items: Vec<T>, limit: u32, id: impl Fn(&T) -> &str) -> Page<T> {
    let limit = limit as usize;
    let next_cursor = if items.len() > limit {
        items.truncate(limit);
        items.last().map(|x| id(x).to_string())
    } else {
        None
    };
    Page { items, next_cursor }
}
