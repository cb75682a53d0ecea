//! Panics: on wasm32 a panic aborts the call; the hook keeps its message so JavaScript can report it.

use std::sync::Mutex;

use wasm_bindgen::prelude::*;

/// The message of the last panic, taken (and cleared) by [`take_panic_message`].
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records every panic's message and place (no request data is in them).
pub(crate) fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.try_lock() {
            *last = Some(format!("{message}{place}"));
        }
    }));
}

/// The message of the panic that aborted the last call, if one did (taken: a second read answers `undefined`).
#[wasm_bindgen(js_name = takePanicMessage)]
pub fn take_panic_message() -> Option<String> {
    LAST_PANIC.try_lock().ok().and_then(|mut last| last.take())
}
