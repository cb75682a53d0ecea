//! OPFS persistence in a dedicated worker: sqlite-wasm-vfs's sync-access-handle pool, installed once, one connection per database.
//!
//! The pool VFS has no shared memory, so SQLite can run WAL (which the engine asks for on every file
//! database) only in exclusive locking mode, where the WAL index lives in the connection's heap. An
//! auto-extension puts each connection opened on this VFS in that mode before the engine configures it;
//! the engine opens no reader connections here, so the one writer is the only connection.

use std::cell::RefCell;
use std::collections::HashSet;
use std::ffi::{CStr, c_char, c_int, c_void};

use rapport_core::{ApiError, Engine, ErrorCode, OpenOptions};
use sqlite_wasm_rs as ffi;
use sqlite_wasm_rs::vfs::VfsFilesManager;
use sqlite_wasm_rs::vfs::transfer::{DbTransfer, TransferError};
use sqlite_wasm_vfs::sahpool::{self, OpfsSAHError, OpfsSAHPoolCfgBuilder, OpfsSAHPoolUtil};
use wasm_bindgen::prelude::*;
use web_sys::DedicatedWorkerGlobalScope;

/// The VFS name in URIs (`file:NAME?vfs=rapport-opfs`) and the OPFS folder that holds the pool's files.
const VFS_NAME: &CStr = c"rapport-opfs";
const DIRECTORY: &str = ".rapport-opfs";
/// The files SQLite keeps next to a database; pool names ending so are not databases.
const SIDECARS: [&str; 2] = ["-wal", "-journal"];

thread_local! {
    static POOL: RefCell<Option<OpfsSAHPoolUtil>> = const { RefCell::new(None) };
    /// Databases open in this worker: a second connection to one would corrupt it.
    static OPEN: RefCell<HashSet<String>> = RefCell::new(HashSet::new());
}

/// One open OPFS database's hold on its name in this worker; dropping it (after the engine) frees the name.
pub(crate) struct Claim(String);

impl Drop for Claim {
    fn drop(&mut self) {
        OPEN.with_borrow_mut(|open| open.remove(&self.0));
    }
}

/// Opens (or creates) the database `name` in OPFS; `options` as for any file, without reader connections.
pub(crate) async fn open(name: &str, options: OpenOptions) -> Result<(Engine, Claim), ApiError> {
    check_name(name)?;
    let pool = pool().await?;
    if OPEN.with_borrow(|open| open.contains(name)) {
        return Err(already_open(name));
    }
    // Room for the database, its WAL and a journal, whatever the other databases hold.
    let files = pool.len().map_err(opfs_error)?;
    pool.ensure_capacity(files + 3).await.map_err(opfs_error)?;
    let vfs = VFS_NAME.to_str().unwrap_or_default();
    let engine = Engine::open(&format!("file:{name}?vfs={vfs}"), &OpenOptions { reader_connections: 0, ..options })?;
    OPEN.with_borrow_mut(|open| open.insert(name.to_string()));
    Ok((engine, Claim(name.to_string())))
}

/// Writes `image` (a SQLite database, as `exportImage` gives) into OPFS as the database `name`, which must
/// not exist yet; `openOpfs(name)` then opens it (and migrates it like any file).
pub(crate) async fn import(name: &str, image: &[u8]) -> Result<(), ApiError> {
    check_name(name)?;
    let pool = pool().await?;
    let files = pool.len().map_err(opfs_error)?;
    pool.ensure_capacity(files + 3).await.map_err(opfs_error)?;
    pool.import_db(name, image).map_err(|e| match e {
        OpfsSAHError::Transfer(TransferError::ImportDb(_)) => {
            ApiError::validation("image", "the bytes are not a SQLite database image")
        }
        OpfsSAHError::FileExists(_) | OpfsSAHError::RecoveryRequired(_) => {
            ApiError::new(ErrorCode::Conflict, format!("the OPFS database '{name}' exists already; delete it first"))
                .with_field("name")
        }
        other => opfs_error(other),
    })
}

/// Deletes the database `name` (and its WAL or journal) from OPFS; answers whether it existed.
pub(crate) async fn delete(name: &str) -> Result<bool, ApiError> {
    check_name(name)?;
    let pool = pool().await?;
    if OPEN.with_borrow(|open| open.contains(name)) {
        return Err(already_open(name));
    }
    for sidecar in SIDECARS {
        pool.remove(&format!("{name}{sidecar}")).map_err(opfs_error)?;
    }
    pool.remove(name).map_err(opfs_error)
}

/// The names of the databases in OPFS, sorted.
pub(crate) async fn list() -> Result<Vec<String>, ApiError> {
    let mut names = pool().await?.names().map_err(opfs_error)?;
    names.retain(|n| !SIDECARS.iter().any(|s| n.ends_with(s)));
    names.sort();
    Ok(names)
}

/// The pool of this worker, installed on first use.
async fn pool() -> Result<OpfsSAHPoolUtil, ApiError> {
    if js_sys::global().dyn_into::<DedicatedWorkerGlobalScope>().is_err() {
        return Err(ApiError::new(
            ErrorCode::Misuse,
            "OPFS persistence runs only in a dedicated worker: open the engine inside a Worker \
             (the package's worker.js serves it), or use openInMemory with exportImage",
        ));
    }
    if let Some(pool) = POOL.with_borrow(Clone::clone) {
        return Ok(pool);
    }
    // SAFETY: registers a function with SQLite's own signature; SQLite ignores a second registration.
    let rc = unsafe { ffi::sqlite3_auto_extension(Some(exclusive_on_opfs)) };
    if rc != ffi::SQLITE_OK {
        return Err(ApiError::internal("the OPFS connection hook cannot be registered"));
    }
    let config =
        OpfsSAHPoolCfgBuilder::new().vfs_name(VFS_NAME.to_str().unwrap_or_default()).directory(DIRECTORY).build();
    let pool = sahpool::install::<ffi::WasmOsCallback>(&config, false).await.map_err(opfs_error)?;
    POOL.with_borrow_mut(|slot| *slot = Some(pool.clone()));
    Ok(pool)
}

/// SQLite calls this for every new connection: one on the pool VFS goes into exclusive locking mode.
unsafe extern "C" fn exclusive_on_opfs(
    db: *mut ffi::sqlite3,
    _error: *mut *mut c_char,
    _api: *const ffi::sqlite3_api_routines,
) -> c_int {
    let mut vfs: *mut ffi::sqlite3_vfs = std::ptr::null_mut();
    // SAFETY: `db` is the connection being opened; FCNTL_VFS_POINTER writes one pointer to `vfs`.
    let rc = unsafe {
        ffi::sqlite3_file_control(db, c"main".as_ptr(), ffi::SQLITE_FCNTL_VFS_POINTER, (&raw mut vfs).cast::<c_void>())
    };
    // SAFETY: a registered VFS has a NUL-terminated name that lives as long as its registration.
    if rc != ffi::SQLITE_OK || vfs.is_null() || unsafe { CStr::from_ptr((*vfs).zName) } != VFS_NAME {
        return ffi::SQLITE_OK;
    }
    // SAFETY: a valid connection and a NUL-terminated statement; no callback.
    unsafe {
        ffi::sqlite3_exec(
            db,
            c"PRAGMA locking_mode = EXCLUSIVE".as_ptr(),
            None,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    }
}

/// Names are file names in the pool: 1 to 64 letters, digits, `_`, `-` or `.`, not ending like a WAL or journal.
fn check_name(name: &str) -> Result<(), ApiError> {
    let valid_chars = name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b));
    if name.is_empty() || name.len() > 64 || !valid_chars || SIDECARS.iter().any(|s| name.ends_with(s)) {
        return Err(ApiError::validation(
            "name",
            "an OPFS database name is 1 to 64 letters, digits, '_', '-' or '.', not ending in -wal or -journal",
        ));
    }
    Ok(())
}

fn already_open(name: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Misuse,
        format!("the OPFS database '{name}' is already open in this worker; close it first"),
    )
    .with_field("name")
}

/// The pool's errors as the engine's codes: files held by another tab or worker are `busy`, the rest `io`.
fn opfs_error(e: OpfsSAHError) -> ApiError {
    let held_elsewhere = match &e {
        OpfsSAHError::Opfs { value, .. } => js_sys::Reflect::get(value, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .is_some_and(|n| n == "NoModificationAllowedError"),
        OpfsSAHError::FileInUse(_) | OpfsSAHError::Busy => true,
        _ => false,
    };
    match e {
        _ if held_elsewhere => ApiError::new(
            ErrorCode::Busy,
            "the OPFS files are held by another tab or worker of this site; close it, or retry once it has closed",
        ),
        OpfsSAHError::NotSupported => ApiError::new(
            ErrorCode::Io,
            "OPFS is not available in this worker: it needs a secure context (https or localhost) and a browser \
             with OPFS sync access handles",
        ),
        other => ApiError::new(ErrorCode::Io, format!("OPFS: {other}")),
    }
}
