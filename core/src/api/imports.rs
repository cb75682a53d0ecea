//! Imports methods (LIFE-1): run an import from a file or text, list them with their counts, read one, revert one.

use super::method::methods;
use crate::domain::common::{IdRequest, Page};
pub use crate::domain::import::{
    DuplicatePolicy, ImportFormat, ImportKind, ImportListRequest, ImportMapping, ImportRecord, ImportReport,
    ImportRequest, MAX_ROW_ERRORS, RevertReport, RowError, TextEncoding,
};

methods! {
    /// Imports customers, contacts, leads, products, orders (a line per row) or receipts from a CSV or JSON-lines file or text: a column mapping, per-row errors with row and column, a duplicate policy, all-or-nothing or skip-invalid, and `dry_run`. Long work: `call_with_progress` reports and cancels it.
    "imports.run" => import(ImportRequest) -> ImportReport,
        example r#"{"entity": "customers", "format": "csv", "text": "客户名称,电话,员工数,ERP编号\n深圳市华强电子有限公司,0755-83761234,320,ERP-C-1001\n", "mapping": {"columns": {"客户名称": "name", "电话": "phone", "ERP编号": "external_ref"}, "constants": {"source": "import"}}, "duplicates": "update", "mode": "skip_invalid", "dry_run": true}"#;
    /// Imports newest first with their counts (administrators see every import, users their own).
    "imports.list" => imports(ImportListRequest) -> Page<ImportRecord>,
        example r#"{"entity": "customers", "limit": 20}"#;
    /// One import with its counts.
    "imports.get" => import_record(IdRequest) -> ImportRecord,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000f1"}"#;
    /// Reverts an import: what it created is archived (products made inactive, orders cancelled), what it updated put back; records changed since are left and listed.
    "imports.revert" => revert_import(IdRequest) -> RevertReport,
        example r#"{"id": "0190a8b2-7c1e-7000-8000-0000000000f1"}"#;
}
