//! Errors for JavaScript: an `Error` named `RapportError` with the stable `code`, `field` and batch `items`.

use js_sys::{Error, Reflect};
use rapport_core::ApiError;
use wasm_bindgen::JsValue;

use crate::convert::to_js;

/// `new Error(message)` with `name = "RapportError"`, `code`, `field` (or `null`), and `items` for a refused batch.
/// Takes the engine's own error or the boundary's (both become the one `ApiError` every host sees).
pub(crate) fn to_js_error(e: impl Into<ApiError>) -> JsValue {
    let e: ApiError = e.into();
    let err = Error::new(&e.message);
    err.set_name("RapportError");
    let set = |key: &str, value: JsValue| {
        let _ = Reflect::set(&err, &JsValue::from_str(key), &value);
    };
    set("code", JsValue::from_str(e.code.as_str()));
    set("field", e.field.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    if !e.items.is_empty() {
        set("items", to_js(&e.items).unwrap_or(JsValue::NULL));
    }
    err.into()
}
