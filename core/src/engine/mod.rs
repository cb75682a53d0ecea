//! The engine: opens the database, resolves the actor, runs each request in one transaction.
//!
//! Every typed method follows the same shape: `self.write(actor, |cx| ...)` or
//! `self.read(actor, |cx| ...)`: check scope -> load -> apply a domain rule ->
//! write + audit in the same transaction.

mod activities;
mod alerts;
mod approvals;
mod audit;
mod backups;
mod batch;
mod clock;
pub(crate) mod contacts;
mod context;
mod contracts;
pub(crate) mod customers;
mod error;
mod exports;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod files;
mod funnel;
mod ids;
mod image;
mod import;
mod inbox;
mod invoices;
mod leads;
pub(crate) mod opportunities;
mod orders;
mod org;
mod outbox;
mod overview;
mod paging;
mod pipelines;
pub(crate) mod prediction;
pub(crate) mod products;
mod progress;
mod quotes;
mod receivables;
mod reports;
pub(crate) mod rescoring;
mod roles;
mod sales;
pub(crate) mod scoring;
pub(crate) mod statistics;
mod timeline;
mod visibility;

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::domain::calendar;
use crate::domain::error::DomainError;
use crate::domain::hlc::{self, HlcClock};
use crate::storage::{Db, StorageOptions};

use clock::Clock;
pub(crate) use context::Ctx;
pub use error::{Cause, EngineError, EngineResult};
use ids::IdGenerator;
pub(crate) use progress::Reporter;
pub use progress::{Flow, OnProgress, Progress, REPORT_EVERY, no_progress};

/// Default maximum request size: 16 MiB.
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 16 * 1024 * 1024;

/// The most WAL reader connections a file database may have (`OpenOptions::reader_connections`).
const MAX_READER_CONNECTIONS: usize = 64;

/// The default page cache per connection, in MiB.
pub const DEFAULT_CACHE_MIB: u32 = 32;

/// How to open a database. Every field has a default; hosts pass JSON such as
/// `{"read_only": true}` or `{"test_mode": {"start": "2026-01-05T08:00:00Z", "id_seed": 1}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct OpenOptions {
    /// Create the file when it does not exist (default true).
    pub create_if_missing: bool,
    /// Refuse every write with `read_only` (default false).
    pub read_only: bool,
    /// How long a write waits for a lock held by another process, in ms (default 5000, at most 2147483647).
    pub busy_timeout_ms: u32,
    /// WAL reader connections of a file database (default 4, at most 64).
    pub reader_connections: usize,
    /// Requests larger than this are refused with `too_large` (default 16 MiB).
    pub max_request_bytes: usize,
    /// `synchronous=FULL`: commits also survive power loss, not only a killed process (default false).
    pub synchronous_full: bool,
    /// Page cache ceiling per connection, in MiB (default 32; memory is taken only as pages are read).
    /// Hosts with databases of several GB and memory to spare raise it for fewer page reads.
    pub cache_mib: u32,
    /// Deterministic clock and ids, so every binding reproduces the same JSON.
    pub test_mode: Option<TestMode>,
}

impl OpenOptions {
    /// Refuses options no database can be opened with, before a file is touched: SQLite takes the busy
    /// timeout as a C `int` of milliseconds (rusqlite panicked above it), each reader is a connection
    /// with its own cache and file handles (65536 of them took gigabytes and every descriptor before
    /// failing), and the test mode's start must be an instant (it was read only after the file had been
    /// created).
    fn check(&self) -> EngineResult<()> {
        if i32::try_from(self.busy_timeout_ms).is_err() {
            return Err(DomainError::validation("busy_timeout_ms", "must be at most 2147483647 (about 24 days)").into());
        }
        if self.reader_connections > MAX_READER_CONNECTIONS {
            return Err(DomainError::validation("reader_connections", "must be at most 64").into());
        }
        if let Some(t) = &self.test_mode {
            calendar::parse_instant("test_mode.start", &t.start)?;
        }
        Ok(())
    }

    /// The storage layer's share of these options.
    fn storage(&self) -> StorageOptions {
        StorageOptions {
            create_if_missing: self.create_if_missing,
            read_only: self.read_only,
            busy_timeout: Duration::from_millis(self.busy_timeout_ms.into()),
            readers: self.reader_connections,
            synchronous_full: self.synchronous_full,
            cache_mib: self.cache_mib,
        }
    }
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create_if_missing: true,
            read_only: false,
            busy_timeout_ms: 5000,
            reader_connections: 4,
            max_request_bytes: DEFAULT_MAX_REQUEST_BYTES,
            synchronous_full: false,
            cache_mib: DEFAULT_CACHE_MIB,
            test_mode: None,
        }
    }
}

/// The documented test mode: a fixed or stepping clock and seeded ids.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TestMode {
    /// The first instant the clock reads (RFC 3339).
    pub start: String,
    /// Milliseconds the clock advances at each reading; 0 keeps it fixed.
    #[serde(default)]
    pub step_ms: i64,
    /// Seed of the id generator.
    #[serde(default)]
    pub id_seed: u64,
}

/// An open Rapport database. `Send + Sync`: share one across threads; writes
/// serialize on one writer connection, reads use WAL readers.
pub struct Engine {
    pub(crate) db: Db,
    clock: Clock,
    ids: IdGenerator,
    hlc: Mutex<HlcClock>,
    node_id: String,
    pub(crate) max_request_bytes: usize,
}

impl Engine {
    /// Opens (or creates) the database at `path`; `":memory:"` opens a private in-memory one.
    pub fn open(path: &str, options: &OpenOptions) -> EngineResult<Engine> {
        options.check()?;
        let db = Db::open(path, &options.storage())?;
        Engine::with_db(db, options)
    }

    /// Wraps an open database: the clock and ids of `options`, this database's node id and last HLC time.
    fn with_db(db: Db, options: &OpenOptions) -> EngineResult<Engine> {
        let (clock, ids) = match &options.test_mode {
            None => (Clock::System, IdGenerator::random()),
            Some(t) => {
                let start = calendar::parse_instant("test_mode.start", &t.start)?;
                (Clock::test(start, t.step_ms), IdGenerator::seeded(t.id_seed))
            }
        };
        let fresh_node = ids.next(clock.now().timestamp_millis());
        let (node_id, last_hlc) = if db.is_read_only() {
            db.read(|tx| Ok::<_, EngineError>((tx.meta_get("node_id")?.unwrap_or(fresh_node), tx.last_hlc()?)))?
        } else {
            db.write(|tx| {
                let node = match tx.meta_get("node_id")? {
                    Some(n) => n,
                    None => {
                        tx.meta_set("node_id", &fresh_node)?;
                        fresh_node
                    }
                };
                Ok::<_, EngineError>((node, tx.last_hlc()?))
            })?
        };
        let last = last_hlc.as_deref().and_then(hlc::decode).map(|(h, _)| h);
        let engine = Engine {
            db,
            clock,
            ids,
            hlc: Mutex::new(HlcClock::new(last)),
            node_id,
            max_request_bytes: options.max_request_bytes,
        };
        if !engine.db.is_read_only() {
            // Files from before the funnel counters or the kept sales figures existed get them built
            // once; statistics rows a migration asked to recompute are recomputed once.
            engine.write(None, |cx| {
                funnel::build_once(cx)?;
                cx.tx.build_sales_facts_once()?;
                statistics::rebuild_once(cx)
            })?;
        }
        Ok(engine)
    }

    /// Opens a private in-memory database with default options.
    pub fn open_in_memory() -> EngineResult<Engine> {
        Engine::open(":memory:", &OpenOptions::default())
    }

    /// Runs `f` as one write transaction for `actor`: all or nothing.
    pub(crate) fn write<T>(
        &self,
        actor: Option<&str>,
        f: impl FnOnce(&mut Ctx<'_>) -> EngineResult<T>,
    ) -> EngineResult<T> {
        self.db.write(|tx| {
            // Read once the writer is held: times then never run backwards in commit order (a write that
            // waited for the writer would otherwise commit after a later one with an earlier time).
            let now = self.clock.now();
            let mut cx = Ctx::new(self, tx, context::resolve_actor(tx, actor)?, now);
            write_and_refresh(&mut cx, f)
        })
    }

    /// Runs `f` as [`Engine::write`] does, or, with `dry_run`, runs the very same code in the transaction
    /// and rolls it back (DESIGN.md, "Dry runs"): the preview answers what the write would, and keeps
    /// nothing, not even the ids and clock times it handed out.
    pub(crate) fn write_or_dry_run<T>(
        &self,
        actor: Option<&str>,
        dry_run: bool,
        f: impl FnOnce(&mut Ctx<'_>) -> EngineResult<T>,
    ) -> EngineResult<T> {
        if !dry_run {
            return self.write(actor, f);
        }
        self.db.rehearse(|tx| {
            let now = self.clock.now();
            let mut cx = Ctx::new(self, tx, context::resolve_actor(tx, actor)?, now);
            let mark = cx.mark();
            let out = write_and_refresh(&mut cx, f);
            cx.rewind(mark);
            out
        })
    }

    /// Runs `f` in one read transaction (a consistent snapshot) for `actor`.
    pub(crate) fn read<T>(
        &self,
        actor: Option<&str>,
        f: impl FnOnce(&mut Ctx<'_>) -> EngineResult<T>,
    ) -> EngineResult<T> {
        self.db.read(|tx| {
            let now = self.clock.now();
            let actor = context::resolve_actor(tx, actor)?;
            let mut cx = Ctx::new(self, tx, actor, now);
            f(&mut cx)
        })
    }
}

/// Runs a write's handler, then refreshes the derived data of the records it touched, in the same transaction.
fn write_and_refresh<T>(cx: &mut Ctx<'_>, f: impl FnOnce(&mut Ctx<'_>) -> EngineResult<T>) -> EngineResult<T> {
    let out = f(cx)?;
    let touched = cx.take_touched();
    receivables::refresh(cx, &touched.documents, &touched.new_orders)?;
    statistics::refresh(cx, &touched.customers, &touched.new_orders)?;
    funnel::refresh_saved(cx, &touched.opportunities)?;
    prediction::refresh_saved_opportunities(cx, &touched.opportunities)?;
    prediction::refresh_customer_places(cx, &touched.customer_places)?;
    prediction::refresh(cx, prediction::Kind::Lead, &touched.leads)?;
    Ok(out)
}

impl Engine {
    /// Row counts of every table, for diagnostics and for tests that check a refusal changed nothing.
    pub fn row_counts(&self) -> EngineResult<std::collections::BTreeMap<String, i64>> {
        self.db.read(|tx| {
            let tables = tx.table_names()?;
            tables.into_iter().map(|t| Ok::<_, EngineError>((t.clone(), tx.count_rows(&t)?))).collect()
        })
    }

    /// SQL statements run since the engine opened, on every connection (the `diagnostics` feature; the
    /// statements-per-call benchmark reads it).
    #[cfg(feature = "diagnostics")]
    pub fn statements_executed(&self) -> u64 {
        self.db.statements_executed()
    }

    /// The schema version this build writes (LIFE-6).
    pub fn schema_version() -> i64 {
        crate::storage::SCHEMA_VERSION
    }
}
