//! Long work with the host's progress callback, for both the C ABI and uniffi: the host's answer becomes
//! the engine's [`Flow`], and a callback that panics (a Rust host's panic, or uniffi's panic for a Kotlin,
//! Swift or Python listener that threw) cancels the call instead of unwinding through the engine.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rapport_core::{ApiError, ApiResult, Engine, ErrorCode, Flow, Progress};

/// Runs `method` through [`Engine::call_with_progress`]; `on_progress` answers `true` to go on, `false` to
/// cancel. If it panics, the call stops, keeps nothing and fails with `cancelled`, its message naming the
/// panic (the host's own text).
pub(crate) fn call(
    engine: &Engine,
    actor: Option<&str>,
    method: &str,
    request_json: &str,
    mut on_progress: impl FnMut(Progress) -> bool,
) -> ApiResult<String> {
    let mut failure = None;
    let mut guarded = |p: Progress| match catch_unwind(AssertUnwindSafe(|| on_progress(p))) {
        Ok(true) => Flow::Continue,
        Ok(false) => Flow::Cancel,
        Err(panic) => {
            failure = Some(panic_text(panic.as_ref()));
            Flow::Cancel
        }
    };
    let answer = engine.call_with_progress(actor, method, request_json, &mut guarded);
    match failure {
        Some(what) => Err(callback_failed(&what)),
        None => answer,
    }
}

/// The error of a call whose progress callback failed: `cancelled`, as the work stopped there and kept nothing.
pub(crate) fn callback_failed(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::Cancelled,
        format!("the progress callback failed ({what}); the call stopped and kept nothing"),
    )
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine_with_rows(rows: usize) -> (Engine, String) {
        let engine = Engine::open(":memory:", &Default::default()).unwrap();
        let text: String = std::iter::once("name,phone\n".to_string())
            .chain((0..rows).map(|i| format!("Customer {i},{i}\n")))
            .collect();
        let request = serde_json::json!({
            "entity": "customers", "format": "csv", "text": text,
            "mapping": {"columns": {"name": "name", "phone": "phone"}}, "mode": "skip_invalid"
        });
        (engine, request.to_string())
    }

    fn customers(engine: &Engine) -> usize {
        let page = engine.call(None, "customers.list", r#"{"limit": 1000}"#).unwrap();
        serde_json::from_str::<serde_json::Value>(&page).unwrap()["items"].as_array().unwrap().len()
    }

    #[test]
    fn life_1_a_panicking_callback_cancels_the_import_and_keeps_nothing() {
        let (engine, request) = engine_with_rows(1_500);
        let error = call(&engine, None, "imports.run", &request, |_| panic!("the host's bug")).unwrap_err();
        assert_eq!(error.code, ErrorCode::Cancelled);
        assert!(error.message.contains("the host's bug"), "{}", error.message);
        assert_eq!(customers(&engine), 0);
        let mut reports = Vec::new();
        let answer = call(&engine, None, "imports.run", &request, |p| {
            reports.push(p.items);
            true
        })
        .unwrap();
        assert_eq!(reports, [1, 1_001, 1_500], "the engine is usable afterwards");
        assert!(answer.contains(r#""created":1500"#), "{answer}");
    }
}
