//! The method registry: every method of every module in one table; `find` looks a method up by name.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::method::MethodEntry;

/// The modules' method tables, in documentation order, and (feature `schema`) their schema tables.
macro_rules! modules {
    ($($module:ident,)*) => {
        const MODULES: &[&[MethodEntry]] = &[$(super::$module::METHODS),*];
        #[cfg(feature = "schema")]
        pub(crate) const SCHEMA_MODULES: &[&[super::schema::MethodSchema]] = &[$(super::$module::SCHEMAS),*];
        #[cfg(test)]
        pub(crate) const ORACLE_MODULES: &[&[super::request::tests::Oracle]] = &[$(super::$module::PARSE_ORACLES),*];
    };
}

// Every module with methods, in documentation order. A new module adds one line.
modules! {
    org,
    roles,
    customers,
    contacts,
    leads,
    opportunities,
    approvals,
    notifications,
    activities,
    quotes,
    contracts,
    sales,
    invoices,
    products,
    receivables,
    analytics,
    imports,
    exports,
    backups,
    audit,
}

/// All methods, in documentation order.
pub fn methods() -> impl Iterator<Item = &'static MethodEntry> {
    MODULES.iter().flat_map(|m| m.iter())
}

/// The method called `name`, if any.
pub fn find(name: &str) -> Option<&'static MethodEntry> {
    static INDEX: OnceLock<HashMap<&'static str, &'static MethodEntry>> = OnceLock::new();
    INDEX.get_or_init(|| methods().map(|m| (m.name, m)).collect()).get(name).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_has_a_doc_line_and_a_unique_dotted_name() {
        let mut seen = std::collections::HashSet::new();
        for e in methods() {
            assert!(e.name.contains('.'), "{} is not a dotted name", e.name);
            assert!(seen.insert(e.name), "{} is declared twice", e.name);
            assert!(!e.doc.is_empty() && e.doc == e.doc.trim(), "{} has no doc line", e.name);
            assert!(std::ptr::eq(find(e.name).unwrap(), e));
        }
    }
}
