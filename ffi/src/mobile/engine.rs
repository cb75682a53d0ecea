//! The mobile `Engine` object: open a file or in-memory database, close it, the generic `call`, and
//! `call_with_progress` for long work.

use std::sync::{Arc, PoisonError, RwLock};

use rapport_core::ApiResult;
use rapport_core::mobile::RapportError;
use rapport_core::{ApiError, ErrorCode};

use super::ProgressListener;

/// An open Rapport database. Thread-safe: share one per database; every call blocks, so call it off the main thread.
#[derive(uniffi::Object)]
pub struct Engine {
    inner: RwLock<Option<rapport_core::Engine>>,
}

impl Engine {
    fn wrap(engine: ApiResult<rapport_core::Engine>) -> Result<Arc<Self>, RapportError> {
        Ok(Arc::new(Engine { inner: RwLock::new(Some(engine?)) }))
    }

    /// Runs `f` on the open engine (a typed method or `call`); after `close` every call fails with `misuse`.
    pub(crate) fn with<T, E: Into<ApiError>>(
        &self,
        f: impl FnOnce(&rapport_core::Engine) -> Result<T, E>,
    ) -> Result<T, RapportError> {
        let guard = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        let engine = guard.as_ref().ok_or_else(|| ApiError::new(ErrorCode::Misuse, "the engine is closed"))?;
        f(engine).map_err(|e| RapportError::from(e.into()))
    }
}

#[uniffi::export]
impl Engine {
    /// Opens (or creates) the database file at `path`. `options_json` is `OpenOptions` as JSON
    /// (`{"read_only": true}`, `{"test_mode": {...}}`); `null` takes the defaults.
    #[uniffi::constructor(default(options_json = None))]
    pub fn open(path: String, options_json: Option<String>) -> Result<Arc<Self>, RapportError> {
        Engine::wrap(rapport_core::Engine::open_with_json(&path, options_json.as_deref()))
    }

    /// Opens a private in-memory database (gone when closed).
    #[uniffi::constructor(default(options_json = None))]
    pub fn open_in_memory(options_json: Option<String>) -> Result<Arc<Self>, RapportError> {
        Engine::wrap(rapport_core::Engine::open_with_json(":memory:", options_json.as_deref()))
    }

    /// Closes the database once running calls finish; later calls fail with `misuse`. Idempotent.
    /// (Not `close`: Kotlin's generated `close()` releases the Rust object itself.)
    pub fn close_database(&self) {
        self.inner.write().unwrap_or_else(PoisonError::into_inner).take();
    }

    /// Any method of the registry by name (`docs/api.md`): `actor` is a user id (`null`: the host
    /// as `system`), the request and the answer are JSON.
    pub fn call(&self, actor: Option<String>, method: String, request_json: String) -> Result<String, RapportError> {
        self.with(|e| e.call(actor.as_deref(), &method, &request_json))
    }

    /// `call` with a listener for long work (`imports.run`, ...): it hears every 1,000 items and at the end,
    /// and cancels by answering `false` (the call fails with `cancelled`, keeping nothing); other methods
    /// run as `call` runs them.
    pub fn call_with_progress(
        &self,
        actor: Option<String>,
        method: String,
        request_json: String,
        listener: Arc<dyn ProgressListener>,
    ) -> Result<String, RapportError> {
        let go_on = |p| listener.on_progress(p);
        self.with(|e| crate::progress::call(e, actor.as_deref(), &method, &request_json, go_on))
    }

    /// The library version (`0.1.0`).
    pub fn version(&self) -> String {
        rapport_core::VERSION.to_string()
    }
}
