//! Long work's progress in JavaScript: the engine's reports become calls of a JS function, whose `false`
//! (or a throw) cancels.

use rapport_core::{ApiResult, Engine, Flow, Progress};
use wasm_bindgen::JsValue;

/// Runs `method` through [`Engine::call_with_progress`], calling `report(items, done, total)` with each
/// report: `false` or a throw cancels, and the call fails with `cancelled` (the package's `index.js` turns a
/// throw into that error's `cause`).
pub(crate) fn call(
    engine: &Engine,
    actor: Option<&str>,
    method: &str,
    request_json: &str,
    report: &js_sys::Function,
) -> ApiResult<String> {
    let mut on_progress = |p: Progress| {
        let [items, done, total] = [p.items, p.done, p.total].map(|n| JsValue::from_f64(n as f64));
        match report.call3(&JsValue::NULL, &items, &done, &total) {
            Ok(answer) if answer.as_bool() != Some(false) => Flow::Continue,
            _ => Flow::Cancel,
        }
    };
    engine.call_with_progress(actor, method, request_json, &mut on_progress)
}
