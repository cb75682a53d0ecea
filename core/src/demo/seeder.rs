//! The seeder's state and the calls every phase shares: the system actor's calls through the registry, and skipping parts whose methods are absent.

use serde_json::Value;

use super::DemoSummary;
use super::random::SplitMix64;
use crate::api::{ApiError, ApiResult, registry};
use crate::engine::Engine;

/// One seeding: the engine, the generator, what was written so far, and the serial that keeps mobiles unique.
pub(super) struct Seeder<'e> {
    pub(super) engine: &'e Engine,
    pub(super) rng: SplitMix64,
    pub(super) summary: DemoSummary,
    pub(super) phone_serial: u64,
}

pub(super) fn has(method: &str) -> bool {
    registry::find(method).is_some()
}

/// Calls `method` as the system actor; an error names the method it came from.
pub(super) fn call(engine: &Engine, method: &str, request: Value) -> ApiResult<Value> {
    engine.call_value(None, method, &request.to_string()).map_err(|mut e: ApiError| {
        e.message = format!("demo seed, {method}: {}", e.message);
        e
    })
}

pub(super) fn id_of(v: &Value) -> String {
    v["id"].as_str().unwrap_or_default().to_string()
}

/// The ids a batch wrote, in request order.
pub(super) fn batch_ids(result: &Value) -> Vec<String> {
    result["written"].as_array().map(|w| w.iter().map(id_of).collect()).unwrap_or_default()
}

impl<'e> Seeder<'e> {
    /// A fresh seeding with the generator at `seed`.
    pub(super) fn new(engine: &'e Engine, seed: u64) -> Self {
        Seeder { engine, rng: SplitMix64::new(seed), summary: DemoSummary::default(), phone_serial: 0 }
    }

    pub(super) fn call(&self, method: &str, request: Value) -> ApiResult<Value> {
        call(self.engine, method, request)
    }

    pub(super) fn skip(&mut self, method: &str) -> bool {
        if has(method) {
            return false;
        }
        self.summary.skipped.push(method.to_string());
        true
    }
}
