//! The `RawEngine` class: open (in memory, from an image, in OPFS), call (with progress for long work), export an
//! image, seed the demo.

use rapport_core::demo::{self, DemoOptions};
use rapport_core::{Engine, OpenOptions};
use wasm_bindgen::prelude::*;

use crate::convert::{options, request_json, response_js, to_js};
use crate::error::to_js_error;
use crate::progress;

/// One open database. JavaScript uses it through the `RapportEngine` wrapper of the npm package.
#[wasm_bindgen(js_name = RawEngine)]
pub struct BrowserEngine {
    engine: Engine,
    /// An OPFS database's hold on its name in this worker, dropped after the engine has closed.
    #[cfg(all(target_family = "wasm", target_os = "unknown"))]
    _opfs: Option<crate::opfs::Claim>,
}

impl BrowserEngine {
    fn new(engine: Engine) -> BrowserEngine {
        #[cfg(all(target_family = "wasm", target_os = "unknown"))]
        return BrowserEngine { engine, _opfs: None };
        #[cfg(not(all(target_family = "wasm", target_os = "unknown")))]
        BrowserEngine { engine }
    }
}

#[wasm_bindgen(js_class = RawEngine)]
impl BrowserEngine {
    /// A private in-memory database. `options`: the JSON open options (`{test_mode: {...}}`).
    #[wasm_bindgen(js_name = openInMemory)]
    pub fn open_in_memory(options_js: JsValue) -> Result<BrowserEngine, JsValue> {
        let opts: OpenOptions = options(options_js, "open options").map_err(to_js_error)?;
        Engine::open(":memory:", &opts).map(BrowserEngine::new).map_err(to_js_error)
    }

    /// An in-memory database holding a copy of `image` (bytes from `exportImage`).
    #[wasm_bindgen(js_name = openImage)]
    pub fn open_image(image: &[u8], options_js: JsValue) -> Result<BrowserEngine, JsValue> {
        let opts: OpenOptions = options(options_js, "open options").map_err(to_js_error)?;
        Engine::open_image(image, &opts).map(BrowserEngine::new).map_err(to_js_error)
    }

    /// Runs `method` for `actor` (`null`: the host as `system`) with a plain-object request; answers a plain object.
    pub fn call(&self, actor: Option<String>, method: &str, params: JsValue) -> Result<JsValue, JsValue> {
        let request = request_json(params).map_err(to_js_error)?;
        let answer = self.engine.call(actor.as_deref(), method, &request).map_err(to_js_error)?;
        response_js(&answer).map_err(to_js_error)
    }

    /// `call` for long work (`imports.run`, ...): `report(items, done, total)` is called every 1,000 items and
    /// at the end; answering `false` (or throwing) cancels, and the call throws `cancelled`, keeping nothing.
    #[wasm_bindgen(js_name = callWithProgress)]
    pub fn call_with_progress(
        &self,
        actor: Option<String>,
        method: &str,
        params: JsValue,
        report: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        let request = request_json(params).map_err(to_js_error)?;
        let answer = progress::call(&self.engine, actor.as_deref(), method, &request, report).map_err(to_js_error)?;
        response_js(&answer).map_err(to_js_error)
    }

    /// Like `call`, with the request and answer as JSON text (what the C ABI passes).
    #[wasm_bindgen(js_name = callJson)]
    pub fn call_json(&self, actor: Option<String>, method: &str, request_json: &str) -> Result<String, JsValue> {
        self.engine.call(actor.as_deref(), method, request_json).map_err(to_js_error)
    }

    /// The whole database as a SQLite image (`journal_mode = DELETE`), for IndexedDB or a download.
    #[wasm_bindgen(js_name = exportImage)]
    pub fn export_image(&self) -> Result<Vec<u8>, JsValue> {
        self.engine.export_image().map_err(to_js_error)
    }

    /// Seeds the demo organisation with the engine's own seeder; answers what it wrote.
    #[wasm_bindgen(js_name = seedDemo)]
    pub fn seed_demo(&self, options_js: JsValue) -> Result<JsValue, JsValue> {
        let opts: DemoOptions = options(options_js, "demo options").map_err(to_js_error)?;
        let summary = demo::seed(&self.engine, &opts).map_err(to_js_error)?;
        to_js(&summary).map_err(to_js_error)
    }

    /// Whether the demo organisation is already in this database.
    #[wasm_bindgen(js_name = isDemoSeeded)]
    pub fn is_demo_seeded(&self) -> Result<bool, JsValue> {
        demo::is_seeded(&self.engine).map_err(to_js_error)
    }

    /// Panics on purpose, so tests can check that a panic is reported and the instance is refused afterwards.
    #[wasm_bindgen(js_name = panicForTests, skip_typescript)]
    pub fn panic_for_tests(&self) {
        panic!("a deliberate panic (panicForTests)");
    }
}

/// OPFS persistence (browsers only): these throw `misuse` outside a dedicated worker.
#[cfg(all(target_family = "wasm", target_os = "unknown"))]
#[wasm_bindgen(js_class = RawEngine)]
impl BrowserEngine {
    /// Opens (or creates) the database `name` in OPFS, installing the pool VFS on first use.
    #[wasm_bindgen(js_name = openOpfs)]
    pub async fn open_opfs(name: String, options_js: JsValue) -> Result<BrowserEngine, JsValue> {
        let opts: OpenOptions = options(options_js, "open options").map_err(to_js_error)?;
        let (engine, claim) = crate::opfs::open(&name, opts).await.map_err(to_js_error)?;
        Ok(BrowserEngine { engine, _opfs: Some(claim) })
    }

    /// Writes `image` into OPFS as the new database `name` (then open it with `openOpfs`).
    #[wasm_bindgen(js_name = importOpfs)]
    pub async fn import_opfs(name: String, image: Vec<u8>) -> Result<(), JsValue> {
        crate::opfs::import(&name, &image).await.map_err(to_js_error)
    }

    /// Deletes the OPFS database `name` (closed first); answers whether it existed.
    #[wasm_bindgen(js_name = deleteOpfs)]
    pub async fn delete_opfs(name: String) -> Result<bool, JsValue> {
        crate::opfs::delete(&name).await.map_err(to_js_error)
    }

    /// The names of the databases in OPFS.
    #[wasm_bindgen(js_name = listOpfs)]
    pub async fn list_opfs() -> Result<Vec<String>, JsValue> {
        crate::opfs::list().await.map_err(to_js_error)
    }
}
