//! The C entry points fuzzed: `rapport_*` called as a C host would, with NULL, invalid UTF-8, huge and deeply nested arguments.
//!
//! An input is a short program of operations ([`CHarness::run`]): calls on the open handle of the seeded
//! file (or on NULL, a closed or a made-up handle), opens (of `:memory:`, new and missing files, the
//! seeded file itself, invalid paths, with generated and broken options), closes of handles that are not
//! open, and the error and version queries. Each string argument is NULL, a valid generated value (a
//! method of the registry, a seeded actor, a request from the schemas), bytes of the input, invalid
//! UTF-8, a huge or deeply nested text, empty, or cut by a NUL. The oracle, per operation:
//!
//! - no panic (caught at the boundary or not) and no `internal`;
//! - the status is a documented code, the out JSON is the answer or `{"error": {...}}` with that code,
//!   and `rapport_errcode`/`rapport_errmsg` of the handle give the same code and message (`"not an
//!   error"` after a success);
//! - no message quotes an argument ([`super::quoting`]);
//! - after a refused call, and after any open, close or query, every table of the seeded file is as
//!   it was ([`super::dump`]).

use std::ffi::{CStr, c_char, c_int};
use std::ptr;

use rapport::c_api::{
    RapportDb, rapport_call, rapport_close, rapport_errcode, rapport_errmsg, rapport_errstr, rapport_free,
    rapport_libversion, rapport_libversion_number, rapport_open,
};
use rapport_core::ErrorCode;
use serde_json::{Value, json};

use super::choices::Choices;
use super::dump::{Dump, Reader};
use super::fixture::{ACTOR_TAGS, MAX_REQUEST_BYTES, Seeded, open_options};
use super::generate::Generator;
use super::mutate;
use super::oracle::{
    DOCUMENTED, JSON_ANSWER, NO_INTERNAL, NO_PANIC, NO_QUOTE, Stats, UNCHANGED, Violation, check_error_json,
    install_panic_counter, last_panic, panic_count,
};
use super::quoting::{Names, Needle};
use super::schema::Schemas;
use crate::state::differences;

/// What an out pointer holds before a call, to see that the library set it: no allocation and no handle
/// token (tokens count up from 1) is ever this.
const UNSET: usize = usize::MAX - 7;

/// A string argument: `None` is NULL; the bytes are passed with a NUL after them (C reads to the first NUL).
type Arg = Option<Vec<u8>>;

fn c_ptr(arg: &Option<Vec<u8>>) -> *const c_char {
    arg.as_ref().map_or(ptr::null(), |b| b.as_ptr().cast())
}

fn terminated(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.push(0);
    bytes
}

/// The text C would see of an argument (up to its first NUL).
fn seen(arg: &Arg) -> Option<&[u8]> {
    arg.as_ref().map(|b| &b[..b.iter().position(|x| *x == 0).unwrap_or(b.len())])
}

/// An argument as a trace or a report shows it: NULL, or its text up to the NUL (cut at 200 characters).
fn shown(arg: &Arg) -> String {
    match seen(arg) {
        None => "NULL".to_string(),
        Some(b) => {
            let text = String::from_utf8_lossy(b);
            let cut: String = text.chars().take(200).collect();
            if cut.len() < text.len() { format!("{cut:?}... ({} bytes)", b.len()) } else { format!("{cut:?}") }
        }
    }
}

/// With `RAPPORT_FUZZ_TRACE` set, each operation is printed (to replay one input by hand).
fn trace(line: &str) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("RAPPORT_FUZZ_TRACE").is_some()) {
        eprintln!("{line}");
    }
}

/// What a string argument is for, so a valid one can be generated.
enum Role<'m> {
    Method,
    Actor,
    Request(&'m str),
    Path,
    Options,
}

/// The open handle of the seeded file, handles that are not open, the oracle.
pub struct CHarness {
    pub seeded: Seeded,
    db: *mut RapportDb,
    /// A handle that was opened and closed.
    closed: *mut RapportDb,
    reader: Option<Reader>,
    dump: Dump,
    pub names: Names,
    pub stats: Stats,
    opened: u64,
}

/// The options the seeded file is opened with, as C passes them.
fn options_json(generation: u64) -> String {
    let o = open_options(generation);
    let t = o.test_mode.expect("the test mode");
    json!({
        "reader_connections": o.reader_connections,
        "max_request_bytes": o.max_request_bytes,
        "test_mode": {"start": t.start, "step_ms": t.step_ms, "id_seed": t.id_seed},
    })
    .to_string()
}

/// Random bytes as an input for [`CHarness::run`] (the bounded test's generation).
pub fn generate_input(c: &mut Choices) -> Vec<u8> {
    let len = 16 + c.below(240);
    (0..len).map(|_| c.byte()).collect()
}

impl CHarness {
    pub fn new(schemas: &Schemas) -> CHarness {
        install_panic_counter();
        let seeded = Seeded::new();
        // A directory where a path may name a file.
        std::fs::create_dir_all(seeded.dir.join("adir")).expect("a directory");
        let mut declared = schemas.declared.clone();
        declared.extend(super::oracle::organisation_names(&seeded.world));
        // The open options' names (documented in the header, not in bindings/schema).
        for name in [
            "create_if_missing",
            "read_only",
            "busy_timeout_ms",
            "reader_connections",
            "max_request_bytes",
            "synchronous_full",
            "cache_mib",
            "test_mode",
            "test_mode.start",
            "start",
            "step_ms",
            "id_seed",
        ] {
            declared.insert(name.to_string());
        }
        let mut closed: *mut RapportDb = ptr::null_mut();
        // SAFETY: valid NUL-terminated strings and an out pointer to one handle.
        unsafe {
            assert_eq!(rapport_open(c":memory:".as_ptr(), ptr::null(), &mut closed), 0);
            assert_eq!(rapport_close(closed), 0);
        }
        let mut h = CHarness {
            seeded,
            db: ptr::null_mut(),
            closed,
            reader: None,
            dump: Dump::default(),
            names: Names::new(declared),
            stats: Stats::default(),
            opened: 0,
        };
        h.open();
        h
    }

    fn open(&mut self) {
        let path = terminated(self.seeded.path_str().as_bytes().to_vec());
        let options = terminated(options_json(self.seeded.generation).into_bytes());
        // SAFETY: valid NUL-terminated strings and an out pointer to one handle.
        let rc = unsafe { rapport_open(path.as_ptr().cast(), options.as_ptr().cast(), &mut self.db) };
        assert_eq!(rc, 0, "open the seeded file through C");
        let mut reader = Reader::open(&self.seeded.path);
        self.dump = reader.dump();
        self.reader = Some(reader);
    }

    /// Puts the organisation back as seeded.
    pub fn reset(&mut self) {
        // SAFETY: the handle from `open`.
        unsafe { rapport_close(self.db) };
        self.reader = None;
        self.seeded.restore();
        self.open();
    }

    /// Runs the operations an input describes (at most 8) and answers the rules they broke.
    pub fn run(&mut self, data: &[u8], g: &Generator) -> Vec<Violation> {
        let mut c = Choices::from_bytes(data);
        let mut out = Vec::new();
        for _ in 0..8 {
            if c.exhausted() {
                break;
            }
            let panics = panic_count();
            match c.below(10) {
                0..=5 => self.call(&mut c, g, &mut out),
                6 => self.open_op(&mut c, g, &mut out),
                7 => self.close_op(&mut c, &mut out),
                _ => self.queries(&mut c, &mut out),
            }
            if panic_count() != panics {
                out.push(Violation { rule: NO_PANIC, detail: last_panic() });
            }
        }
        self.stats.violations += out.len() as u64;
        out
    }

    /// A handle argument: mostly the open one.
    fn handle(&self, c: &mut Choices) -> *mut RapportDb {
        match c.below(10) {
            0..=6 => self.db,
            7 => ptr::null_mut(),
            8 => self.closed,
            _ => usize::MAX as *mut RapportDb,
        }
    }

    /// A string argument for `role`.
    fn arg(&mut self, role: &Role, c: &mut Choices, g: &Generator) -> Arg {
        let valid = |c: &mut Choices, this: &mut CHarness| -> Vec<u8> {
            match role {
                Role::Method => c.pick(&g.methods).as_bytes().to_vec(),
                Role::Actor => g.world.actor(c.one_of(&ACTOR_TAGS)).unwrap_or_default().into_bytes(),
                Role::Request(method) => g.request_text(method, c).into_bytes(),
                Role::Path => this.path(c),
                Role::Options => options(c, g).into_bytes(),
            }
        };
        let bytes = match c.below(16) {
            0 => return None,
            1..=9 => {
                if matches!(role, Role::Actor) && c.chance(40) {
                    return None;
                }
                valid(c, self)
            }
            10 => (0..c.below(64)).map(|_| c.byte()).collect(),
            11 => {
                let mut b = valid(c, self);
                mutate::corrupt_utf8(&mut b, c);
                b
            }
            12 => {
                let b = valid(c, self);
                let n = MAX_REQUEST_BYTES + 1 + c.below(1024);
                match role {
                    Role::Request(_) => format!("{{\"name\": \"{}\"}}", "x".repeat(n)).into_bytes(),
                    _ => b.iter().copied().cycle().take(n.max(b.len())).chain(b"x".iter().copied()).collect(),
                }
            }
            13 => {
                let depth = *c.pick(&[129, 5_000, 100_000]);
                let inner = valid(c, self);
                let (open, close): (&[u8], &[u8]) = if c.chance(50) { (b"[", b"]") } else { (b"{\"a\":", b"}") };
                let mut b = open.repeat(depth);
                b.extend_from_slice(&inner);
                b.extend_from_slice(&close.repeat(depth));
                b
            }
            14 => Vec::new(),
            _ => {
                let mut b = valid(c, self);
                let at = c.below(b.len() + 1);
                b.insert(at, 0);
                b
            }
        };
        let bytes = if matches!(role, Role::Path) { self.confined(bytes) } else { bytes };
        Some(terminated(bytes))
    }

    /// A path argument kept inside the harness's directory: whatever a mutation made of it (cut by a NUL,
    /// nested, repeated, random bytes), a path that would leave the directory is rewritten into it, so
    /// the fuzzer never creates files elsewhere. `:memory:` and text that is not UTF-8 (refused before
    /// any file is touched) stay as they are.
    fn confined(&self, bytes: Vec<u8>) -> Vec<u8> {
        let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
        let (text, rest) = bytes.split_at(end);
        let Ok(path) = std::str::from_utf8(text) else { return bytes };
        let dir = format!("{}/", self.seeded.dir.to_string_lossy());
        let inside = (path.starts_with(&dir) || path.strip_prefix("file:").is_some_and(|p| p.starts_with(&dir)))
            && !path.contains("..");
        if path == ":memory:" || inside {
            return bytes;
        }
        let mut out = dir.into_bytes();
        out.extend(text.iter().map(|b| if matches!(*b, b'/' | b'.' | b'?' | b'#') { b'_' } else { *b }));
        out.extend_from_slice(rest);
        out
    }

    /// A path for `rapport_open`: new files, a missing directory, the seeded file, odd names.
    fn path(&mut self, c: &mut Choices) -> Vec<u8> {
        self.opened += 1;
        let dir = self.seeded.dir.to_string_lossy().into_owned();
        match c.below(9) {
            0 => b":memory:".to_vec(),
            1 => format!("{dir}/open-{}.db", self.opened).into_bytes(),
            2 => format!("{dir}/no/such/dir/x.db").into_bytes(),
            3 => self.seeded.path_str().as_bytes().to_vec(),
            4 => format!("{dir}/adir").into_bytes(),
            5 => format!("file:{dir}/uri-{}.db?mode=rwc", self.opened).into_bytes(),
            6 => format!("{dir}/{}", "长".repeat(200)).into_bytes(),
            7 => b"\xff\xfe.db".to_vec(),
            _ => format!("{dir}/{}.db", mutate::SECRET).into_bytes(),
        }
    }

    fn needles(&self, actor: &Arg, method: &Arg, request: &Arg) -> Vec<Needle> {
        let text = |a: &Arg| seen(a).map(|b| String::from_utf8_lossy(b).into_owned());
        let method = text(method).unwrap_or_default();
        self.names.needles(text(actor).as_deref(), &method, seen(request).unwrap_or_default())
    }

    /// The dump after an operation; a change is a violation unless the operation succeeded on the open handle.
    fn after(&mut self, may_change: bool, what: &str, out: &mut Vec<Violation>) {
        let after = self.reader.as_mut().expect("open").dump();
        if !may_change {
            let changed = differences(&self.dump, &after);
            if !changed.is_empty() {
                out.push(Violation { rule: UNCHANGED, detail: format!("{what}, but {}", changed.join(", ")) });
            }
        }
        self.dump = after;
    }

    /// `rapport_errcode`/`rapport_errmsg` of `db` agree with a status and its error JSON's message.
    fn last_error_agrees(&self, db: *mut RapportDb, rc: c_int, message: Option<&str>, out: &mut Vec<Violation>) {
        // SAFETY: any handle value may be passed; the library looks it up.
        let (code, msg) = unsafe { (rapport_errcode(db), rapport_errmsg(db)) };
        if code != rc {
            out.push(Violation { rule: DOCUMENTED, detail: format!("rapport_errcode {code} after status {rc}") });
        }
        if msg.is_null() {
            out.push(Violation { rule: DOCUMENTED, detail: "rapport_errmsg is NULL".into() });
            return;
        }
        // SAFETY: a NUL-terminated string owned by the library, valid until the next call.
        let msg = unsafe { CStr::from_ptr(msg) }.to_string_lossy().into_owned();
        let want = if rc == 0 { Some("not an error") } else { message };
        if let Some(want) = want
            && msg != want
        {
            out.push(Violation {
                rule: DOCUMENTED,
                detail: format!("rapport_errmsg {msg:?}, the error JSON says {want:?}"),
            });
        }
    }

    /// Checks a status and the JSON handed back (`json` `None`: the out pointer was NULL).
    fn status(
        &mut self,
        rc: c_int,
        json: Option<String>,
        needles: &[Needle],
        out: &mut Vec<Violation>,
    ) -> Option<String> {
        self.stats.calls += 1;
        if rc == 0 {
            self.stats.successes += 1;
            if let Some(j) = &json
                && serde_json::from_str::<Value>(j).is_err()
            {
                out.push(Violation { rule: JSON_ANSWER, detail: j.chars().take(200).collect() });
            }
            return None;
        }
        let Some(code) = ErrorCode::from_number(rc) else {
            out.push(Violation { rule: DOCUMENTED, detail: format!("status {rc} is not in the table") });
            return None;
        };
        *self.stats.refusals.entry(code.as_str()).or_default() += 1;
        if code == ErrorCode::Internal {
            out.push(Violation { rule: NO_INTERNAL, detail: json.clone().unwrap_or_default() });
        }
        let json = json?;
        check_error_json(&json, Some(code), &self.names, needles, out);
        serde_json::from_str::<Value>(&json).ok().and_then(|v| v["error"]["message"].as_str().map(str::to_string))
    }

    fn call(&mut self, c: &mut Choices, g: &Generator, out: &mut Vec<Violation>) {
        let db = self.handle(c);
        let method = self.arg(&Role::Method, c, g);
        let for_method = seen(&method)
            .and_then(|m| std::str::from_utf8(m).ok())
            .filter(|m| rapport_core::find_method(m).is_some())
            .map(str::to_string)
            .unwrap_or_else(|| c.pick(&g.methods).to_string());
        let actor = self.arg(&Role::Actor, c, g);
        let request = self.arg(&Role::Request(&for_method), c, g);
        let with_out = !c.chance(5);
        let mut answer: *mut c_char = UNSET as *mut c_char;
        let out_ptr: *mut *mut c_char = if with_out { &mut answer } else { ptr::null_mut() };
        // SAFETY: NUL-terminated strings or NULL; the out pointer is NULL or points to one pointer.
        let rc = unsafe { rapport_call(db, c_ptr(&actor), c_ptr(&method), c_ptr(&request), out_ptr) };
        trace(&format!("rapport_call({db:?}, {}, {}, {}) = {rc}", shown(&actor), shown(&method), shown(&request)));
        let json = if with_out {
            if answer.is_null() || answer == UNSET as *mut c_char {
                out.push(Violation {
                    rule: DOCUMENTED,
                    detail: format!("status {rc} without an answer in out_response_json"),
                });
                None
            } else {
                // SAFETY: a string the library allocated; freed right after.
                let text = unsafe { CStr::from_ptr(answer) }.to_string_lossy().into_owned();
                unsafe { rapport_free(answer) };
                Some(text)
            }
        } else {
            None
        };
        let needles = self.needles(&actor, &method, &request);
        let message = self.status(rc, json, &needles, out);
        if rc == 0 && db == self.db {
            out.extend(super::oracle::accepted_request(&String::from_utf8_lossy(seen(&request).unwrap_or_default())));
        }
        if db == self.db
            && let Some(m) = seen(&method)
                .and_then(|m| std::str::from_utf8(m).ok())
                .filter(|m| rapport_core::find_method(m).is_some())
        {
            let per_method = self.stats.methods.entry(m.to_string()).or_default();
            if rc == 0 { per_method.0 += 1 } else { per_method.1 += 1 }
        }
        self.last_error_agrees(db, rc, if with_out { message.as_deref() } else { None }, out);
        if !with_out && rc != 0 {
            // SAFETY: as above.
            let msg = unsafe { CStr::from_ptr(rapport_errmsg(db)) }.to_string_lossy().into_owned();
            if let Some(n) = self.names.quoted_in_message(&msg, &needles) {
                out.push(Violation { rule: NO_QUOTE, detail: format!("{:?} in rapport_errmsg {msg:?}", n.text) });
            }
        }
        self.after(rc == 0 && db == self.db, &format!("rapport_call refused with {rc}"), out);
    }

    fn open_op(&mut self, c: &mut Choices, g: &Generator, out: &mut Vec<Violation>) {
        let path = self.arg(&Role::Path, c, g);
        let options = self.arg(&Role::Options, c, g);
        let with_out = !c.chance(8);
        let mut handle: *mut RapportDb = UNSET as *mut RapportDb;
        let out_ptr: *mut *mut RapportDb = if with_out { &mut handle } else { ptr::null_mut() };
        // SAFETY: NUL-terminated strings or NULL; the out pointer is NULL or points to one handle.
        let rc = unsafe { rapport_open(c_ptr(&path), c_ptr(&options), out_ptr) };
        trace(&format!("rapport_open({}, {}) = {rc}", shown(&path), shown(&options)));
        let needles = {
            let mut n = self.needles(&None, &None, &options);
            if let Some(p) = seen(&path).and_then(|p| std::str::from_utf8(p).ok())
                && let Some(name) = p.rsplit('/').next()
                && name.chars().count() >= 4
                && name != ":memory:"
            {
                n.push(Needle { text: name.to_string(), name_like_key: false });
            }
            n
        };
        self.stats.calls += 1;
        match ErrorCode::from_number(rc) {
            _ if rc == 0 => self.stats.successes += 1,
            Some(code) => {
                *self.stats.refusals.entry(code.as_str()).or_default() += 1;
            }
            None => out.push(Violation { rule: DOCUMENTED, detail: format!("rapport_open status {rc}") }),
        }
        let target = if with_out {
            if handle.is_null() || handle == UNSET as *mut RapportDb {
                out.push(Violation { rule: DOCUMENTED, detail: format!("rapport_open {rc} set no handle") });
                None
            } else {
                Some(handle)
            }
        } else {
            None
        };
        let db = target.unwrap_or(ptr::null_mut());
        if rc == ErrorCode::Internal.number() {
            // SAFETY: as in `last_error_agrees`.
            let msg = unsafe { CStr::from_ptr(rapport_errmsg(db)) }.to_string_lossy().into_owned();
            out.push(Violation {
                rule: NO_INTERNAL,
                detail: format!("rapport_open({}, {}): {msg}", shown(&path), shown(&options)),
            });
        }
        self.last_error_agrees(db, rc, None, out);
        if rc != 0 {
            // SAFETY: as in `last_error_agrees`.
            let msg = unsafe { CStr::from_ptr(rapport_errmsg(db)) }.to_string_lossy().into_owned();
            if let Some(n) = self.names.quoted_in_message(&msg, &needles) {
                out.push(Violation {
                    rule: NO_QUOTE,
                    detail: format!("{:?} in rapport_open's message {msg:?}", n.text),
                });
            }
        }
        if let Some(h) = target {
            if rc == 0 {
                let mut answer: *mut c_char = ptr::null_mut();
                // SAFETY: an open handle, valid strings, an out pointer.
                let rc = unsafe { rapport_call(h, ptr::null(), c"org.get".as_ptr(), c"{}".as_ptr(), &mut answer) };
                unsafe { rapport_free(answer) };
                // `too_large` when the options set a maximum request size below 2 bytes.
                if !matches!(rc, 0 | 13 | 14 | 15) {
                    out.push(Violation { rule: DOCUMENTED, detail: format!("org.get on a handle just opened: {rc}") });
                }
            }
            // SAFETY: the handle rapport_open set.
            let rc = unsafe { rapport_close(h) };
            if rc != 0 {
                out.push(Violation { rule: DOCUMENTED, detail: format!("rapport_close of an opened handle: {rc}") });
            }
        }
        // Files the open created (new databases and their WAL) go; the seeded file and `adir` stay.
        for entry in std::fs::read_dir(&self.seeded.dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.starts_with("crm.db") && !entry.path().is_dir() {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        self.after(false, &format!("rapport_open answered {rc}"), out);
    }

    fn close_op(&mut self, c: &mut Choices, out: &mut Vec<Violation>) {
        let (db, want) = match c.below(3) {
            0 => (ptr::null_mut(), 0),
            1 => (self.closed, 2),
            _ => (usize::MAX as *mut RapportDb, 2),
        };
        // SAFETY: handles that are not open are looked up, never dereferenced.
        let rc = unsafe { rapport_close(db) };
        self.stats.calls += 1;
        if rc != want {
            out.push(Violation {
                rule: DOCUMENTED,
                detail: format!("rapport_close of a handle that is not open: {rc}"),
            });
        }
        self.after(false, "rapport_close", out);
    }

    fn queries(&mut self, c: &mut Choices, out: &mut Vec<Violation>) {
        let db = self.handle(c);
        let rc = (c.u64() as i64 as c_int).wrapping_sub(c.below(4) as c_int);
        // SAFETY: any handle value may be passed; answers are static or library-owned strings.
        unsafe {
            let code = rapport_errcode(db);
            if ErrorCode::from_number(code).is_none() && code != 0 {
                out.push(Violation { rule: DOCUMENTED, detail: format!("rapport_errcode {code}") });
            }
            for (what, s) in
                [("errmsg", rapport_errmsg(db)), ("errstr", rapport_errstr(rc)), ("libversion", rapport_libversion())]
            {
                if s.is_null() || CStr::from_ptr(s).to_str().is_err() {
                    out.push(Violation { rule: DOCUMENTED, detail: format!("rapport_{what} is not a UTF-8 string") });
                }
            }
            rapport_free(ptr::null_mut());
            let _ = rapport_libversion_number();
        }
        self.stats.calls += 1;
        self.stats.successes += 1;
        self.after(false, "the error and version queries", out);
    }
}

impl Drop for CHarness {
    fn drop(&mut self) {
        // SAFETY: the handle from `open`.
        unsafe { rapport_close(self.db) };
    }
}

/// Open options as a host writes them (some broken).
fn options(c: &mut Choices, g: &Generator) -> String {
    let mut o = serde_json::Map::new();
    let mut maybe = |c: &mut Choices, key: &str, v: Value| {
        if c.chance(40) {
            o.insert(key.to_string(), v);
        }
    };
    let b = c.chance(50);
    maybe(c, "create_if_missing", json!(b));
    let b = c.chance(30);
    maybe(c, "read_only", json!(b));
    let n = c.pick(&[json!(0), json!(100), json!(5000), json!(u32::MAX), json!(-1)]).clone();
    maybe(c, "busy_timeout_ms", n);
    let n = c.pick(&[json!(0), json!(1), json!(4), json!(64), json!(-1)]).clone();
    maybe(c, "reader_connections", n);
    let n = c.pick(&[json!(0), json!(1), json!(1024), json!(u64::MAX)]).clone();
    maybe(c, "max_request_bytes", n);
    let b = c.chance(50);
    maybe(c, "synchronous_full", json!(b));
    let n = c.pick(&[json!(0), json!(1), json!(32), json!(u32::MAX)]).clone();
    maybe(c, "cache_mib", n);
    let start = *c.pick(&["2026-03-02T01:00:00Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "not a date", ""]);
    let step = *c.pick(&[0i64, 1000, -1000, i64::MAX, i64::MIN]);
    let seed = c.u64();
    maybe(c, "test_mode", json!({"start": start, "step_ms": step, "id_seed": seed}));
    let mut v = Value::Object(o);
    if c.chance(25) {
        mutate::value(&mut v, g, "org.get", c);
    }
    v.to_string()
}
