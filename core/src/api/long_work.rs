//! Long work through the one way in: `Engine::call_with_progress` runs a method with the host's progress callback (imports, exports, backups); any other method runs as `Engine::call` does.

use super::error::{ApiError, ApiResult};
use super::method::{parse_request, respond};
use crate::engine::{Engine, OnProgress};

/// A method that reports progress: its name and the call that takes the callback.
struct LongMethod {
    name: &'static str,
    call: fn(&Engine, Option<&str>, &str, &mut OnProgress<'_>) -> ApiResult<String>,
}

/// Every method that reports progress (each is also in the registry, where it runs without a callback).
const LONG_METHODS: &[LongMethod] = &[
    LongMethod {
        name: "imports.run",
        call: |e, actor, json, p| {
            respond(e.import_with_progress(actor, parse_request(json)?, p).map_err(ApiError::from))
        },
    },
    LongMethod {
        name: "exports.run",
        call: |e, actor, json, p| respond(e.export_with_progress(actor, parse_request(json)?, p)),
    },
    LongMethod {
        name: "backups.create",
        call: |e, actor, json, p| {
            respond(e.create_backup_with_progress(actor, parse_request(json)?, p).map_err(ApiError::from))
        },
    },
    LongMethod {
        name: "backups.restore",
        call: |e, actor, json, p| {
            respond(e.restore_backup_with_progress(actor, parse_request(json)?, p).map_err(ApiError::from))
        },
    },
];

impl Engine {
    /// [`Engine::call`] with a progress callback: long work (`imports.run`, `exports.run`, `backups.create`,
    /// `backups.restore`) reports to `on_progress` as it goes and stops with `cancelled` when it answers
    /// `Flow::Cancel`; other methods run as `call` runs them.
    pub fn call_with_progress(
        &self,
        actor: Option<&str>,
        method: &str,
        request_json: &str,
        on_progress: &mut OnProgress<'_>,
    ) -> ApiResult<String> {
        match LONG_METHODS.iter().find(|m| m.name == method) {
            Some(m) => {
                self.check_request_size(request_json)?;
                (m.call)(self, actor, request_json, on_progress)
            }
            None => self.call(actor, method, request_json),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::registry;

    #[test]
    fn every_long_method_is_in_the_registry() {
        for m in LONG_METHODS {
            assert!(registry::find(m.name).is_some(), "{} is not declared", m.name);
        }
    }
}
