//! The host's error log in JavaScript: `setErrorHook(fn)` receives `{code, causes}` for each internal or I/O failure; `reportedErrorCount()`.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use rapport_core::ErrorReport;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The page's (or worker's) hook; the module runs on one thread, so the core's hook looks it up here.
    static HOOK: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Installs the module's error hook (`null` removes it): called with `{code, causes}` (`"internal"` or
/// `"io"`, and the failure's causes outermost first) before the failing call throws its RapportError,
/// which carries no internals. Errors the hook throws are ignored.
#[wasm_bindgen(js_name = setErrorHook)]
pub fn set_error_hook(hook: Option<Function>) {
    let installed = hook.is_some();
    HOOK.with(|h| *h.borrow_mut() = hook);
    let core_hook = installed.then(|| Box::new(|report: &ErrorReport| call_hook(report)) as rapport_core::ErrorHook);
    rapport_core::set_error_hook(core_hook);
}

/// How many internal and I/O failures this module instance has reported.
#[wasm_bindgen(js_name = reportedErrorCount)]
pub fn reported_error_count() -> f64 {
    rapport_core::reported_error_count() as f64
}

fn call_hook(report: &ErrorReport) {
    HOOK.with(|h| {
        if let Some(hook) = &*h.borrow() {
            let value = Object::new();
            let causes: Array = report.causes.iter().map(|c| JsValue::from_str(c)).collect();
            let _ = Reflect::set(&value, &"code".into(), &report.code.as_str().into());
            let _ = Reflect::set(&value, &"causes".into(), &causes);
            let _ = hook.call1(&JsValue::NULL, &value);
        }
    });
}
