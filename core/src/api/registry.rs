//! The method registry: every method of every module in one table; `call` dispatches by name.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::method::MethodEntry;

/// Every module's method table, in documentation order. A new module adds one line.
const MODULES: &[&[MethodEntry]] = &[
    super::org::METHODS,
    super::customers::METHODS,
    super::contacts::METHODS,
    super::leads::METHODS,
    super::opportunities::METHODS,
    super::activities::METHODS,
    super::sales::METHODS,
    super::analytics::METHODS,
    super::audit::METHODS,
];

/// All methods, in documentation order.
pub fn methods() -> impl Iterator<Item = &'static MethodEntry> {
    MODULES.iter().flat_map(|m| m.iter())
}

/// The method called `name`, if any.
pub fn find(name: &str) -> Option<&'static MethodEntry> {
    static INDEX: OnceLock<HashMap<&'static str, &'static MethodEntry>> = OnceLock::new();
    INDEX.get_or_init(|| methods().map(|m| (m.name, m)).collect()).get(name).copied()
}
