//! The C ABI for ERP hosts: status codes, the opaque handle and the `rapport_*` functions (no domain logic).
//!
//! The header `bindings/c/include/rapport.h` is generated from this module by
//! cbindgen (`ffi/cbindgen.toml`); a test fails when the committed header is stale.

pub mod boundary;
mod error_log;
mod functions;
mod handles;

use std::ffi::c_int;

pub use error_log::*;
pub use functions::*;
pub use handles::{RapportDb, open_handle_count};

/// The library version as a number: major * 1000000 + minor * 1000 + patch
/// (compare with `rapport_libversion_number()` to detect a header/library mismatch).
pub const RAPPORT_VERSION_NUMBER: c_int = 1_000;

/// Success.
pub const RAPPORT_OK: c_int = 0;
/// A bug: a caught panic or an impossible state.
pub const RAPPORT_INTERNAL: c_int = 1;
/// NULL where a pointer is required, invalid UTF-8, a closed or unknown handle.
pub const RAPPORT_MISUSE: c_int = 2;
/// No such record, or not visible to this actor.
pub const RAPPORT_NOT_FOUND: c_int = 3;
/// Visible, but this actor may not do this.
pub const RAPPORT_PERMISSION_DENIED: c_int = 4;
/// A field is missing, malformed or out of range (the error's `field` says which).
pub const RAPPORT_VALIDATION: c_int = 5;
/// A unique value already taken, a stale version.
pub const RAPPORT_CONFLICT: c_int = 6;
/// The record's state forbids this transition.
pub const RAPPORT_INVALID_STATE: c_int = 7;
/// The database stayed locked past the busy timeout.
pub const RAPPORT_BUSY: c_int = 8;
/// No method of that name.
pub const RAPPORT_UNKNOWN_METHOD: c_int = 9;
/// The request is not valid JSON for the method.
pub const RAPPORT_MALFORMED_REQUEST: c_int = 10;
/// The actor id names no active user.
pub const RAPPORT_UNKNOWN_ACTOR: c_int = 11;
/// The file was written by a newer Rapport.
pub const RAPPORT_SCHEMA_TOO_NEW: c_int = 12;
/// The request exceeds the maximum size (16 MiB unless `max_request_bytes` says otherwise).
pub const RAPPORT_TOO_LARGE: c_int = 13;
/// The file cannot be opened, read or written.
pub const RAPPORT_IO: c_int = 14;
/// A write on a database opened read-only.
pub const RAPPORT_READ_ONLY: c_int = 15;
/// The host cancelled long work from its progress callback; nothing of it was kept.
pub const RAPPORT_CANCELLED: c_int = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use rapport_core::ErrorCode;

    #[test]
    fn every_error_code_has_its_constant_with_the_same_number() {
        let constants = [
            ("internal", RAPPORT_INTERNAL),
            ("misuse", RAPPORT_MISUSE),
            ("not_found", RAPPORT_NOT_FOUND),
            ("permission_denied", RAPPORT_PERMISSION_DENIED),
            ("validation", RAPPORT_VALIDATION),
            ("conflict", RAPPORT_CONFLICT),
            ("invalid_state", RAPPORT_INVALID_STATE),
            ("busy", RAPPORT_BUSY),
            ("unknown_method", RAPPORT_UNKNOWN_METHOD),
            ("malformed_request", RAPPORT_MALFORMED_REQUEST),
            ("unknown_actor", RAPPORT_UNKNOWN_ACTOR),
            ("schema_too_new", RAPPORT_SCHEMA_TOO_NEW),
            ("too_large", RAPPORT_TOO_LARGE),
            ("io", RAPPORT_IO),
            ("read_only", RAPPORT_READ_ONLY),
            ("cancelled", RAPPORT_CANCELLED),
        ];
        assert_eq!(
            constants.len(),
            ErrorCode::ALL.len(),
            "a code was added to the table without its RAPPORT_ constant"
        );
        for (code, (name, number)) in ErrorCode::ALL.iter().zip(constants) {
            assert_eq!((code.as_str(), code.number()), (name, number));
        }
        assert_eq!(RAPPORT_OK, 0);
    }

    #[test]
    fn the_version_number_matches_the_crate_version() {
        let parts: Vec<c_int> = env!("CARGO_PKG_VERSION").split('.').map(|p| p.parse().unwrap()).collect();
        assert_eq!(RAPPORT_VERSION_NUMBER, parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]);
    }
}
