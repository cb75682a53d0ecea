//! The one way in: `Engine::call` finds a method by name and runs it on a JSON request; options as JSON.
//!
//! These are methods of [`Engine`] defined in the api layer, so the engine never imports the
//! registry: the dependency points from the boundary to the engine only.

use super::error::{ApiError, ApiResult, ErrorCode};
use super::method::parse_request;
use super::registry;
use crate::engine::{Engine, OpenOptions};

impl Engine {
    /// Opens with options given as JSON (`None` or empty: the defaults), as C and JS hosts do.
    pub fn open_with_json(path: &str, options_json: Option<&str>) -> ApiResult<Engine> {
        let options: OpenOptions = match options_json {
            Some(j) if !j.trim().is_empty() => parse_request(j)?,
            _ => OpenOptions::default(),
        };
        Ok(Engine::open(path, &options)?)
    }

    /// The one way in: runs method `method` for `actor` (`None` = the host as
    /// `system`) with a JSON request, and answers JSON.
    pub fn call(&self, actor: Option<&str>, method: &str, request_json: &str) -> ApiResult<String> {
        self.check_request_size(request_json)?;
        let entry = registry::find(method)
            .ok_or_else(|| ApiError::new(ErrorCode::UnknownMethod, "no method of that name").with_field("method"))?;
        (entry.call)(self, actor, request_json)
    }

    /// Refuses a request above `max_request_bytes` (`too_large`).
    pub(crate) fn check_request_size(&self, request_json: &str) -> ApiResult<()> {
        if request_json.len() > self.max_request_bytes {
            return Err(ApiError::new(
                ErrorCode::TooLarge,
                format!("the request exceeds the maximum size of {} bytes", self.max_request_bytes),
            ));
        }
        Ok(())
    }

    /// Like [`Engine::call`], answering a `serde_json::Value` (for Rust hosts and tests that inspect answers).
    pub fn call_value(&self, actor: Option<&str>, method: &str, request_json: &str) -> ApiResult<serde_json::Value> {
        let text = self.call(actor, method, request_json)?;
        serde_json::from_str(&text).map_err(|_| ApiError::internal("the response is not valid JSON"))
    }
}
