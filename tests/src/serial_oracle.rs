//! The serial oracle of the concurrency tests: logged calls replayed one at a time, in the commit order the audit log's `seq` shows, on a fresh database, comparing every answer, audit entry, read, table and total.
//!
//! A concurrent run logs each call: its actor, method, request, what it answered, and what kind of call
//! it was ([`Kind`]). [`replay`] then walks the concurrent database's audit log in `seq` order. Each
//! write's audit entries are contiguous (writes serialise on one writer) and carry its actor, and an
//! actor's calls never overlap in time (one thread per actor), so the entry at the cursor belongs to
//! its actor's next logged write: that write is replayed on the fresh database, and the entries it
//! writes there must equal the concurrent ones (ids mapped); the cursor moves past them. A write that
//! leaves no audit entry (a rescoring) is placed by the newest `seq` committed when it ran, which the
//! harness fixes by running it while no other write is in flight ([`Kind::Unaudited`]). Refused writes
//! change nothing (§0 atomicity) and are not replayed.
//!
//! Ids differ between the runs (a refused write still draws ids), so every answer and audit entry
//! teaches an [`IdMap`] from the concurrent run's ids to the replay's, and requests are translated
//! through it. A refused write also draws HLC times, so the HLC's logical counter is compared only as
//! rising with `seq` (its wall time and node are compared). The clock must be fixed (`test_mode` with
//! `step_ms: 0`): then times, codes and every derived counter are expected byte for byte.
//!
//! A read is checked against the states the replay passes through: it saw one committed state, whose
//! newest `seq` lay between the one committed before the call and the one after ([`Kind::Read`]), and
//! the replay's answer in one of those states must equal it.

use std::collections::{BTreeMap, HashMap, VecDeque};

use rapport_core::{ApiError, Engine, OpenOptions};
use rusqlite::{Connection, OpenFlags};
use serde_json::{Value, json};

use crate::state::{differences, dump, dump_mapped};

/// What a call answered: its JSON, or its error code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok(String),
    Err(String),
}

impl Outcome {
    pub fn of(result: &Result<String, ApiError>) -> Outcome {
        match result {
            Ok(answer) => Outcome::Ok(answer.clone()),
            Err(e) => Outcome::Err(e.code.to_string()),
        }
    }

    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }

    /// The error code, for a refusal.
    pub fn code(&self) -> Option<&str> {
        match self {
            Outcome::Ok(_) => None,
            Outcome::Err(code) => Some(code),
        }
    }
}

/// How the oracle places a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A write: its audit entries place it.
    Write,
    /// A write that leaves no audit entry (`scores.rescore`), run while no other write was in flight,
    /// right after the write that committed `seq` `after_seq`.
    Unaudited { after_seq: i64 },
    /// A read (or a dry run), whose snapshot's newest `seq` lies in `lo..=hi`.
    Read { lo: i64, hi: i64 },
}

/// One logged call.
#[derive(Debug, Clone)]
pub struct Call {
    pub actor: Option<String>,
    pub method: String,
    pub request: String,
    pub kind: Kind,
    pub outcome: Outcome,
}

/// What a replay checked.
#[derive(Debug, Default, Clone)]
pub struct ReplayStats {
    /// Writes replayed (audited, and unaudited ones placed by their `seq`).
    pub writes: usize,
    pub unaudited: usize,
    /// Writes that left no audit entry in either run (placed just before their actor's next write), by method.
    pub without_entries: BTreeMap<String, usize>,
    pub audit_entries: usize,
    /// Refused writes (not replayed: they changed nothing).
    pub refused_writes: usize,
    pub reads_checked: usize,
    /// Evaluations of reads in candidate states (a read is tried in each state its window allows).
    pub read_evaluations: usize,
}

/// The replayed database and what was learnt.
pub struct Replay {
    pub engine: Engine,
    pub ids: IdMap,
    pub stats: ReplayStats,
}

/// Opens a file database for reading only (a second connection beside the engine's).
pub fn open_read_only(path: &str) -> Connection {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).unwrap_or_else(|e| panic!("open {path} read-only: {e}"))
}

/// The newest audit `seq` committed (0 before any).
pub fn newest_seq(conn: &Connection) -> i64 {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit_log", [], |r| r.get(0)).expect("newest seq")
}

/// One audit entry, as stored.
#[derive(Debug, Clone)]
struct AuditRow {
    seq: i64,
    hlc: String,
    at: String,
    actor_id: Option<String>,
    entity: String,
    entity_id: String,
    action: String,
    changes: String,
}

fn audit_rows(conn: &Connection, after: i64) -> Vec<AuditRow> {
    let mut stmt = conn
        .prepare(
            "SELECT seq, hlc, at, actor_id, entity, entity_id, action, changes FROM audit_log WHERE seq > ?1 ORDER BY seq",
        )
        .expect("audit query");
    stmt.query_map([after], |r| {
        Ok(AuditRow {
            seq: r.get(0)?,
            hlc: r.get(1)?,
            at: r.get(2)?,
            actor_id: r.get(3)?,
            entity: r.get(4)?,
            entity_id: r.get(5)?,
            action: r.get(6)?,
            changes: r.get(7)?,
        })
    })
    .expect("audit rows")
    .collect::<Result<_, _>>()
    .expect("audit rows")
}

/// Whether `s[at..]` starts with a hyphenated UUID.
fn uuid_at(bytes: &[u8], at: usize) -> bool {
    if bytes.len() < at + 36 {
        return false;
    }
    bytes[at..at + 36].iter().enumerate().all(|(i, b)| match i {
        8 | 13 | 18 | 23 => *b == b'-',
        _ => b.is_ascii_hexdigit(),
    })
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid_at(s.as_bytes(), 0)
}

/// Every UUID inside `s`.
fn uuids_in(s: &str) -> impl Iterator<Item = &str> {
    let bytes = s.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at + 36 <= bytes.len() {
            if uuid_at(bytes, at) {
                let found = &s[at..at + 36];
                at += 36;
                return Some(found);
            }
            at += 1;
        }
        None
    })
}

/// `text` with the logical counter of every HLC time in it blanked (`000001772413200000-0000002a-<node>`
/// becomes `...-~~~~~~~~-<node>`): refused writes draw HLC times too, and are not replayed.
pub fn without_hlc_counters(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut at = 0;
    while at + 25 + 36 <= bytes.len() {
        let shaped = bytes[at..at + 15].iter().all(u8::is_ascii_digit)
            && bytes[at + 15] == b'-'
            && bytes[at + 16..at + 24].iter().all(u8::is_ascii_hexdigit)
            && bytes[at + 24] == b'-'
            && uuid_at(bytes, at + 25);
        if shaped {
            out[at + 16..at + 24].fill(b'~');
            at += 25 + 36;
        } else {
            at += 1;
        }
    }
    String::from_utf8(out).expect("only ASCII replaced")
}

/// The concurrent run's ids to the replay's, one to one.
#[derive(Debug, Default, Clone)]
pub struct IdMap {
    forward: HashMap<String, String>,
    back: HashMap<String, String>,
}

impl IdMap {
    /// Records that `concurrent` is `replayed`; refuses a second, different pairing of either.
    pub fn pair(&mut self, concurrent: &str, replayed: &str) -> Result<(), String> {
        match (self.forward.get(concurrent), self.back.get(replayed)) {
            (Some(r), _) if r != replayed => Err(format!("id {concurrent} was {r} in the replay, now {replayed}")),
            (_, Some(c)) if c != concurrent => {
                Err(format!("replay id {replayed} was {c} in the concurrent run, now {concurrent}"))
            }
            _ => {
                self.forward.insert(concurrent.to_string(), replayed.to_string());
                self.back.insert(replayed.to_string(), concurrent.to_string());
                Ok(())
            }
        }
    }

    /// Pairs the ids found at the same places of two answers (or audit changes).
    pub fn learn(&mut self, concurrent: &Value, replayed: &Value) -> Result<(), String> {
        match (concurrent, replayed) {
            (Value::String(c), Value::String(r)) => {
                if is_uuid(c) && is_uuid(r) {
                    self.pair(c, r)?;
                }
                Ok(())
            }
            (Value::Array(c), Value::Array(r)) => c.iter().zip(r).try_for_each(|(c, r)| self.learn(c, r)),
            (Value::Object(c), Value::Object(r)) => {
                c.iter().filter_map(|(k, c)| r.get(k).map(|r| (c, r))).try_for_each(|(c, r)| self.learn(c, r))
            }
            _ => Ok(()),
        }
    }

    /// `text` with every known id of the concurrent run replaced by the replay's.
    pub fn map_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        let bytes = text.as_bytes();
        let mut at = 0;
        while at + 36 <= bytes.len() {
            if uuid_at(bytes, at) {
                if let Some(r) = self.forward.get(&text[at..at + 36]) {
                    out.push_str(&text[last..at]);
                    out.push_str(r);
                    last = at + 36;
                }
                at += 36;
            } else {
                at += 1;
            }
        }
        out.push_str(&text[last..]);
        out
    }

    pub fn map_actor(&self, actor: Option<&str>) -> Option<String> {
        actor.map(|a| self.map_text(a))
    }

    pub fn len(&self) -> usize {
        self.forward.len()
    }

    pub fn is_empty(&self) -> bool {
        self.forward.is_empty()
    }
}

/// Whether two answers are equal once the concurrent one's ids are mapped.
fn same_answer(ids: &IdMap, concurrent: &Outcome, replayed: &Outcome) -> bool {
    match (concurrent, replayed) {
        (Outcome::Ok(c), Outcome::Ok(r)) => {
            let c: Value = serde_json::from_str(&without_hlc_counters(&ids.map_text(c))).unwrap_or(Value::Null);
            let r: Value = serde_json::from_str(&without_hlc_counters(r)).unwrap_or(Value::Null);
            c == r
        }
        (Outcome::Err(c), Outcome::Err(r)) => c == r,
        _ => false,
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 1500;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

fn describe(call: &Call) -> String {
    format!("{} by {:?} {}", call.method, call.actor, shorten(&call.request))
}

/// A read waiting for the replay to reach its window.
struct PendingRead<'a> {
    call: &'a Call,
    lo: i64,
    hi: i64,
    /// The replay's answer in the last state tried, for the report when none matched.
    last_tried: Option<Outcome>,
}

struct Replayer<'a> {
    engine: Engine,
    replay_conn: Connection,
    ids: IdMap,
    stats: ReplayStats,
    /// Reads not yet matched, by `lo`; `next_read` is the first not yet in its window.
    reads: Vec<PendingRead<'a>>,
    next_read: usize,
    active: Vec<PendingRead<'a>>,
}

impl<'a> Replayer<'a> {
    fn call(&self, call: &Call) -> Outcome {
        let actor = self.ids.map_actor(call.actor.as_deref());
        let request = self.ids.map_text(&call.request);
        Outcome::of(&self.engine.call(actor.as_deref(), &call.method, &request))
    }

    /// Replays one logged write; answers the audit entries it wrote.
    fn write(&mut self, call: &Call) -> Result<Vec<AuditRow>, String> {
        let before = newest_seq(&self.replay_conn);
        let replayed = self.call(call);
        let entries = audit_rows(&self.replay_conn, before);
        self.stats.writes += 1;
        if let (Outcome::Ok(c), Outcome::Ok(r)) = (&call.outcome, &replayed) {
            let c: Value = serde_json::from_str(c).map_err(|e| format!("{}: answer not JSON: {e}", describe(call)))?;
            let r: Value = serde_json::from_str(r).map_err(|e| format!("{}: replay not JSON: {e}", describe(call)))?;
            self.ids.learn(&c, &r).map_err(|e| format!("{}: {e}", describe(call)))?;
        }
        if !same_answer(&self.ids, &call.outcome, &replayed) {
            return Err(format!(
                "write {} (replayed after seq {before}) answered differently:\n  concurrent: {}\n  serial:     {}",
                describe(call),
                shorten(&self.ids.map_text(&format!("{:?}", call.outcome))),
                shorten(&format!("{replayed:?}"))
            ));
        }
        Ok(entries)
    }

    /// Checks the replay's audit entries of a write against the concurrent run's, pairing their ids.
    fn compare_entries(&mut self, call: &Call, concurrent: &[AuditRow], replayed: &[AuditRow]) -> Result<(), String> {
        for (c, r) in concurrent.iter().zip(replayed) {
            if let (Ok(cv), Ok(rv)) =
                (serde_json::from_str::<Value>(&c.changes), serde_json::from_str::<Value>(&r.changes))
            {
                self.ids.learn(&cv, &rv).map_err(|e| format!("{} (seq {}): {e}", describe(call), c.seq))?;
            }
            if is_uuid(&c.entity_id) && is_uuid(&r.entity_id) {
                self.ids.pair(&c.entity_id, &r.entity_id).map_err(|e| format!("{}: {e}", describe(call)))?;
            }
            let m = |s: &str| self.ids.map_text(s);
            let same = c.seq == r.seq
                && without_hlc_counters(&c.hlc) == without_hlc_counters(&r.hlc)
                && c.at == r.at
                && c.actor_id.as_deref().map(m) == r.actor_id
                && c.entity == r.entity
                && m(&c.entity_id) == r.entity_id
                && c.action == r.action
                && serde_json::from_str::<Value>(&m(&c.changes)).ok() == serde_json::from_str::<Value>(&r.changes).ok();
            if !same {
                return Err(format!(
                    "write {} wrote a different audit entry:\n  concurrent: {:?}\n  serial:     {:?}",
                    describe(call),
                    c,
                    r
                ));
            }
        }
        self.stats.audit_entries += concurrent.len();
        Ok(())
    }

    /// Tries every read whose window holds `consumed` (the newest `seq` of the replayed state) in this state.
    fn check_reads(&mut self, consumed: i64) -> Result<(), String> {
        while self.next_read < self.reads.len() && self.reads[self.next_read].lo <= consumed {
            let placeholder = PendingRead { call: self.reads[self.next_read].call, lo: 0, hi: 0, last_tried: None };
            let read = std::mem::replace(&mut self.reads[self.next_read], placeholder);
            self.active.push(read);
            self.next_read += 1;
        }
        let mut still = Vec::with_capacity(self.active.len());
        for mut read in std::mem::take(&mut self.active) {
            if read.hi < consumed {
                return Err(format!(
                    "read {} (seq window {}..={}) matched no state the serial replay passed through:\n  concurrent: {}\n  serial (last state tried): {}",
                    describe(read.call),
                    read.lo,
                    read.hi,
                    shorten(&self.ids.map_text(&format!("{:?}", read.call.outcome))),
                    shorten(&format!("{:?}", read.last_tried))
                ));
            }
            let answer = self.call(read.call);
            self.stats.read_evaluations += 1;
            if same_answer(&self.ids, &read.call.outcome, &answer) {
                self.stats.reads_checked += 1;
            } else {
                read.last_tried = Some(answer);
                still.push(read);
            }
        }
        self.active = still;
        Ok(())
    }
}

/// Replays the successful writes of `streams` (each one actor's calls in the order they returned; the
/// streams of one actor in the order they ran) serially on a fresh database at `replay_path`, in the
/// commit order of the concurrent database at `concurrent_path`, checking every answer, audit entry and
/// read on the way. `options` must be the concurrent run's (a fixed test clock and the same id seed).
pub fn replay(
    concurrent_path: &str,
    streams: &[Vec<Call>],
    replay_path: &str,
    options: &OpenOptions,
) -> Result<Replay, String> {
    let concurrent = open_read_only(concurrent_path);
    let entries = audit_rows(&concurrent, 0);
    let mut queues: BTreeMap<Option<String>, VecDeque<&Call>> = BTreeMap::new();
    let mut reads = Vec::new();
    let mut refused_writes = 0;
    for call in streams.iter().flatten() {
        match call.kind {
            Kind::Read { lo, hi } => reads.push(PendingRead { call, lo, hi, last_tried: None }),
            _ if call.outcome.is_ok() => queues.entry(call.actor.clone()).or_default().push_back(call),
            _ => refused_writes += 1,
        }
    }
    reads.sort_by_key(|r| r.lo);
    let engine = Engine::open(replay_path, options).map_err(|e| format!("open the replay database: {e}"))?;
    let mut r = Replayer {
        engine,
        replay_conn: open_read_only(replay_path),
        ids: IdMap::default(),
        stats: ReplayStats { refused_writes, ..ReplayStats::default() },
        reads,
        next_read: 0,
        active: Vec::new(),
    };
    let mut consumed = 0;
    let mut at = 0;
    r.check_reads(consumed)?;
    loop {
        // Writes without audit entries that ran right after the state replayed so far.
        while let Some(call) = queues.values_mut().find_map(|q| match q.front() {
            Some(c) if c.kind == (Kind::Unaudited { after_seq: consumed }) => q.pop_front(),
            _ => None,
        }) {
            let written = r.write(call)?;
            if !written.is_empty() {
                return Err(format!("{} left audit entries in the replay but none concurrently", describe(call)));
            }
            r.stats.unaudited += 1;
            r.check_reads(consumed)?;
        }
        let Some(entry) = entries.get(at) else { break };
        let queue = queues.get_mut(&entry.actor_id).filter(|q| !q.is_empty()).ok_or_else(|| {
            format!("audit entry {} is by {:?}, who has no logged write left: {:?}", entry.seq, entry.actor_id, entry)
        })?;
        let call = queue.pop_front().expect("not empty");
        if let Kind::Unaudited { after_seq } = call.kind {
            return Err(format!(
                "{} ran after seq {after_seq}, yet its actor's entry {} committed first",
                describe(call),
                entry.seq
            ));
        }
        let written = r.write(call)?;
        let Some(theirs) = entries.get(at..at + written.len()) else {
            return Err(format!(
                "write {} left {} audit entries in the replay, more than the concurrent log holds from seq {}",
                describe(call),
                written.len(),
                entry.seq
            ));
        };
        r.compare_entries(call, theirs, &written)?;
        if written.is_empty() {
            *r.stats.without_entries.entry(call.method.clone()).or_default() += 1;
        } else {
            at += written.len();
            consumed = entries[at - 1].seq;
        }
        r.check_reads(consumed)?;
    }
    // Writes after the last audit entry of their actor: only ones that leave no entry.
    for call in queues.values_mut().flat_map(|q| q.drain(..)) {
        if r.write(call)?.is_empty() {
            if call.kind == Kind::Write {
                *r.stats.without_entries.entry(call.method.clone()).or_default() += 1;
            } else {
                r.stats.unaudited += 1;
            }
        } else {
            return Err(format!("{} left audit entries in the replay but none concurrently", describe(call)));
        }
        r.check_reads(consumed)?;
    }
    r.check_reads(i64::MAX)?;
    if let Some(read) = r.reads.get(r.next_read) {
        return Err(format!("read {} has a window past the end of the log", describe(read.call)));
    }
    Ok(Replay { engine: r.engine, ids: r.ids, stats: r.stats })
}

/// Every id of a database, sorted: ids are made in commit order (UUIDv7, monotonic, under the writer),
/// so the n-th id of one run is the n-th of a faithful replay.
fn every_id(conn: &Connection) -> Vec<String> {
    let mut all = std::collections::BTreeSet::new();
    for row in dump(conn).values().flatten() {
        all.extend(uuids_in(row).map(str::to_string));
    }
    all.into_iter().collect()
}

/// Compares every table of the two databases, row for row (order-free), with the concurrent run's ids
/// mapped: the pairs learnt from answers and audit entries must agree with the ids' ranks (both runs
/// make ids in commit order), which then map the ids no answer showed (stage ids, approvals, ...).
/// Answers the rows compared.
pub fn compare_tables(concurrent_path: &str, replay_path: &str, learnt: &IdMap) -> Result<usize, String> {
    let c = open_read_only(concurrent_path);
    let r = open_read_only(replay_path);
    let (c_ids, r_ids) = (every_id(&c), every_id(&r));
    if c_ids.len() != r_ids.len() {
        return Err(format!("the concurrent database holds {} ids, the replay {}", c_ids.len(), r_ids.len()));
    }
    let mut ids = IdMap::default();
    for (ci, ri) in c_ids.iter().zip(&r_ids) {
        if let Some(known) = learnt.forward.get(ci)
            && known != ri
        {
            return Err(format!("id {ci} was {known} in the replay's answers but is ranked as {ri}"));
        }
        ids.pair(ci, ri)?;
    }
    for (conn, run) in [(&c, "concurrent"), (&r, "serial")] {
        let falling: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log a JOIN audit_log b ON b.seq = a.seq + 1 WHERE b.hlc <= a.hlc",
                [],
                |row| row.get(0),
            )
            .map_err(|e| e.to_string())?;
        if falling > 0 {
            return Err(format!("{falling} HLC times of the {run} run do not rise with seq"));
        }
    }
    let concurrent = dump_mapped(&c, |t| without_hlc_counters(&ids.map_text(t)));
    let serial = dump_mapped(&r, without_hlc_counters);
    let problems = differences(&concurrent, &serial).join("\n");
    let compared = concurrent.values().map(Vec::len).sum();
    if problems.is_empty() { Ok(compared) } else { Err(problems) }
}

/// Asks both engines the same reads (actor, method, request in the concurrent run's ids) and compares the
/// answers; answers how many were compared.
pub fn compare_reads(
    concurrent: &Engine,
    replayed: &Engine,
    ids: &IdMap,
    reads: &[(Option<String>, String, String)],
) -> Result<usize, String> {
    for (actor, method, request) in reads {
        let c = Outcome::of(&concurrent.call(actor.as_deref(), method, request));
        let mapped_actor = ids.map_actor(actor.as_deref());
        let r = Outcome::of(&replayed.call(mapped_actor.as_deref(), method, &ids.map_text(request)));
        if !same_answer(ids, &c, &r) {
            return Err(format!(
                "{method} by {actor:?} {request} differs:\n  concurrent: {}\n  serial:     {}",
                shorten(&ids.map_text(&format!("{c:?}"))),
                shorten(&format!("{r:?}"))
            ));
        }
    }
    Ok(reads.len())
}

/// The reads whose answers are the totals: every report (over wide periods), every list and the agenda,
/// as each of `actors` (`None`: the system), and the organisation-wide settings.
pub fn report_reads(actors: &[Option<String>]) -> Vec<(Option<String>, String, String)> {
    let mut reads = Vec::new();
    let mut add = |actor: &Option<String>, method: &str, request: Value| {
        reads.push((actor.clone(), method.to_string(), request.to_string()));
    };
    for actor in actors {
        for by in ["owner", "department"] {
            add(actor, "reports.pipeline", json!({"by": by}));
        }
        add(actor, "reports.funnel", json!({"from": "2025-01", "to": "2026-12"}));
        add(actor, "reports.forecast", json!({"from": "2026-01", "to": "2026-12"}));
        add(actor, "reports.won_lost", json!({"from": "2025-01", "to": "2026-12"}));
        for by in ["source", "campaign"] {
            add(actor, "reports.lead_conversion", json!({"by": by, "from": "2025-01", "to": "2026-12"}));
        }
        for by in ["source", "status", "kind", "region", "industry"] {
            add(actor, "reports.customer_distribution", json!({"by": by}));
        }
        add(actor, "reports.value_pyramid", json!({}));
        add(actor, "reports.rfm_segments", json!({}));
        add(actor, "reports.abc_classes", json!({}));
        add(actor, "reports.churn", json!({"limit": 100}));
        add(actor, "customers.list", json!({"limit": 1000, "include_archived": true}));
        add(actor, "leads.list", json!({"limit": 1000, "include_archived": true}));
        add(actor, "opportunities.list", json!({"limit": 1000, "include_archived": true}));
        add(actor, "activities.list", json!({"limit": 1000}));
        if let Some(user) = actor {
            add(actor, "agenda.day", json!({"user_id": user, "date": "2026-03-02"}));
        }
    }
    for method in ["codes.list", "roles.list", "alerts.get", "lead_scoring.get", "value_models.list", "users.list"] {
        add(&None, method, json!({}));
    }
    reads
}
