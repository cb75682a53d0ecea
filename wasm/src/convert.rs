//! JavaScript values to JSON text and back (serde-wasm-bindgen in JSON-compatible mode: plain objects, `null`).

use rapport_core::{ApiError, ErrorCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

/// A JS value as the engine's JSON request text; `undefined` and `null` are the empty request `{}`.
pub(crate) fn request_json(params: JsValue) -> Result<String, ApiError> {
    if params.is_undefined() || params.is_null() {
        return Ok("{}".to_string());
    }
    let value: serde_json::Value = serde_wasm_bindgen::from_value(params)
        .map_err(|_| ApiError::new(ErrorCode::MalformedRequest, "the request cannot be represented as JSON"))?;
    Ok(value.to_string())
}

/// The engine's JSON answer as a plain JS value: the engine's own JSON text, parsed by the JS engine's
/// `JSON.parse` (equal to what every other binding returns by construction, and measured about twice
/// as fast on large lists as rebuilding the value through serde).
pub(crate) fn response_js(json: &str) -> Result<JsValue, ApiError> {
    js_sys::JSON::parse(json).map_err(|_| ApiError::internal("the response is not valid JSON"))
}

/// Any serialisable value as a plain JS value (objects, not Maps; `null`, not `undefined`).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, ApiError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| ApiError::internal("the response cannot be converted to a JavaScript value"))
}

/// Options given as a JS object; `undefined` and `null` are the defaults.
pub(crate) fn options<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, ApiError> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let json = request_json(value)?;
    serde_json::from_str(&json).map_err(|e| {
        let text = e.to_string();
        let reason = text.split(" at line ").next().unwrap_or(&text);
        ApiError::new(ErrorCode::MalformedRequest, format!("the {what} are not valid: {reason}"))
    })
}
