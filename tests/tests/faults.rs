//! Faults under a file database (issue 13; SPEC §0 "Atomicity" and "Errors"): a full disk, a file system that turns
//! read-only, a truncated or damaged WAL, a garbage database file. Each gives a typed error, the host keeps working,
//! and the database is intact once the fault is gone.
//!
//! The disk and file-system cases mount file systems of their own (a small tmpfs; ext4 on a loop device), so they
//! need root: CI runs as root. Elsewhere they print why they skipped; `RAPPORT_FAULTS_NO_MOUNT=1` skips them as root
//! too (a container without `CAP_SYS_ADMIN`). The ext4 case also skips, saying why, where loop devices or
//! `mkfs.ext4` are missing. Every mount is undone by a guard, also when an assertion fails.

use std::collections::BTreeSet;
use std::ffi::{CStr, CString, c_char};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use rapport_core::{ApiError, Engine, ErrorCode, OpenOptions};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------------------------
// Places and mounts

/// A fresh directory of this test process, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("rapport-faults-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn is_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let euid = status.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|l| l.split_whitespace().nth(1));
    euid == Some("0")
}

/// Whether this test may mount file systems (prints why not when it may not); the guard runs the mounting tests
/// one at a time. They start processes (`mount`, `mkfs.ext4`, `e2fsck`): a child holds copies of the parent's
/// descriptors until it runs its program, and one started while another test had a file open for writing on a
/// tmpfs made that tmpfs "busy" to a read-only remount.
fn may_mount(test: &str) -> Option<MutexGuard<'static, ()>> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    if std::env::var_os("RAPPORT_FAULTS_NO_MOUNT").is_some() {
        eprintln!("{test}: skipped, RAPPORT_FAULTS_NO_MOUNT is set");
        return None;
    }
    if !is_root() {
        eprintln!("{test}: skipped, mounting a file system needs root (CI runs as root)");
        return None;
    }
    Some(ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

fn run(cmd: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(cmd).args(args).output().map_err(|e| format!("{cmd}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd} {}: {}", args.join(" "), String::from_utf8_lossy(&out.stderr).trim()))
    }
}

/// Unmounts `at`, lazily if it is busy (an engine left open by a failed assertion): the mount goes when its last
/// file closes.
fn unmount(at: &str) {
    if run("umount", &[at]).is_err() {
        let _ = run("umount", &["-l", at]);
    }
}

/// A tmpfs of `kib` KiB mounted on a directory of its own; unmounted (and the directory removed) on drop.
struct Tmpfs {
    // Declared first so the mount goes before the directory.
    _mounted: Mounted,
    dir: TempDir,
}

/// Unmounts its mount point on drop.
struct Mounted(String);

impl Drop for Mounted {
    fn drop(&mut self) {
        unmount(&self.0);
    }
}

impl Tmpfs {
    fn mount(name: &str, kib: u64) -> Tmpfs {
        let dir = TempDir::new(name);
        run("mount", &["-t", "tmpfs", "-o", &format!("size={kib}k,mode=0755"), "tmpfs", dir.path()])
            .unwrap_or_else(|e| panic!("{e} (as root; RAPPORT_FAULTS_NO_MOUNT=1 skips the mount tests)"));
        Tmpfs { _mounted: Mounted(dir.path().to_string()), dir }
    }
    fn remount(&self, options: &str) -> Result<(), String> {
        run("mount", &["-o", &format!("remount,{options}"), self.dir.path()])
    }
    fn file(&self, name: &str) -> String {
        self.dir.file(name)
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Calls and checks

fn call(engine: &Engine, method: &str, req: &Value) -> Result<Value, ApiError> {
    engine.call(None, method, &req.to_string()).map(|s| serde_json::from_str(&s).unwrap())
}

fn ok(engine: &Engine, method: &str, req: &Value) -> Value {
    call(engine, method, req).unwrap_or_else(|e| panic!("{method} failed: {e:?}"))
}

const ADDRESS: &str = "广州市天河区珠江新城花城大道 ";

/// `customers.batch` of `n` customers whose external refs are `{group}-{i}` (all or nothing: one transaction);
/// the addresses fill pages.
fn batch(group: &str, n: usize) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "name": format!("Customer {group}-{i}"),
                "external_ref": format!("{group}-{i}"),
                "address": format!("{group}-{i} {}", ADDRESS.repeat(15)),
            })
        })
        .collect();
    json!({"items": items})
}

/// The external refs `batch(group, n)` writes.
fn refs_of(group: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{group}-{i}")).collect()
}

/// A refused request's message says what happened without quoting the request.
fn assert_quotes_no_input(err: &ApiError) {
    for input in ["Customer", ADDRESS.trim(), "g0-"] {
        assert!(!err.message.contains(input), "the message quotes the request: {err:?}");
    }
}

/// The external refs of every customer in the file, read with SQLite directly (the engine closed).
fn external_refs(path: &str) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT external_ref FROM customers WHERE external_ref IS NOT NULL").unwrap();
    stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect()
}

fn integrity(path: &str) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap()
}

fn customers(engine: &Engine) -> i64 {
    engine.row_counts().expect("row counts")["customers"]
}

fn exists(path: &str) -> bool {
    std::fs::metadata(path).is_ok()
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The disk fills

/// A full disk refuses the write with `io` and a message that says so; the refused batch leaves nothing, reads go
/// on, and once space is freed the same engine writes again (SQLite rolled the transaction back and keeps no state
/// of the failure, so no reopen is needed). Closed, the file passes `integrity_check` and holds every commit.
#[test]
fn faults_a_full_disk_refuses_writes_with_io_and_keeps_every_commit() {
    let Some(_one_at_a_time) = may_mount("faults_a_full_disk") else { return };
    let fs = Tmpfs::mount("disk-full", 8 * 1024);
    let path = fs.file("crm.db");
    let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
    let mut committed = Vec::new();
    for g in 0..3 {
        let group = format!("g{g}");
        ok(&engine, "customers.batch", &batch(&group, 10));
        committed.extend(refs_of(&group, 10));
    }
    let first = ok(&engine, "customers.list", &json!({"limit": 1}))["items"][0]["id"].clone();

    // Another file takes every free block.
    {
        use std::io::Write;
        let mut filler = std::fs::File::create(fs.file("filler")).unwrap();
        let chunk = vec![7u8; 16 * 1024];
        while filler.write_all(&chunk).is_ok() {}
    }
    let reported = rapport_core::reported_error_count();
    let mut refused = 0;
    for round in 0..20 {
        // Batches (one transaction of ten rows) and single creates in turn.
        let (group, n) = (format!("full{round}"), if round % 2 == 0 { 10 } else { 1 });
        let before = engine.row_counts().unwrap();
        match call(&engine, "customers.batch", &batch(&group, n)) {
            // Space inside the files (the WAL tail a refused write left) may still take a small write.
            Ok(_) => committed.extend(refs_of(&group, n)),
            Err(err) => {
                assert_eq!(err.code, ErrorCode::Io, "{err:?}");
                assert!(err.message.contains("disk is full"), "{err:?}");
                assert_quotes_no_input(&err);
                assert_eq!(engine.row_counts().unwrap(), before, "the refused write changed rows");
                refused += 1;
            }
        }
    }
    assert!(refused >= 10, "the full disk refused only {refused} of 20 writes");
    assert!(rapport_core::reported_error_count() > reported, "io failures reach the host's error log");
    // Reads go on.
    assert_eq!(ok(&engine, "customers.get", &json!({"id": first}))["id"], first);
    assert_eq!(customers(&engine), committed.len() as i64);

    std::fs::remove_file(fs.file("filler")).unwrap();
    ok(&engine, "customers.batch", &batch("after", 10));
    committed.extend(refs_of("after", 10));
    drop(engine);

    assert!(!exists(&format!("{path}-wal")), "closing folds the WAL into the file");
    assert_eq!(integrity(&path), "ok");
    assert_eq!(external_refs(&path), committed.iter().cloned().collect::<BTreeSet<_>>());
    let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(customers(&engine), committed.len() as i64);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The file system turns read-only

/// ext4 on a loop device, mounted `errors=remount-ro` on a directory of its own; unmounted on drop.
struct Ext4 {
    // Declared first so the mount goes before its directory.
    _mounted: Option<Mounted>,
    mnt: TempDir,
    image: String,
    _image_dir: TempDir,
}

impl Ext4 {
    /// `None` (and why, printed) where the machine has no loop devices or no `mkfs.ext4`.
    fn make(name: &str) -> Option<Ext4> {
        let image_dir = TempDir::new(&format!("{name}-image"));
        let image = image_dir.file("fs.img");
        std::fs::File::create(&image).unwrap().set_len(16 << 20).unwrap();
        // No journal: the error below then leaves nothing for the journal to replay, only the fsck.
        if let Err(e) = run("mkfs.ext4", &["-q", "-F", "-O", "^has_journal", &image]) {
            eprintln!("{name}: skipped, cannot make an ext4 image ({e})");
            return None;
        }
        let mut fs = Ext4 { _mounted: None, mnt: TempDir::new(name), image, _image_dir: image_dir };
        if let Err(e) = fs.mount() {
            eprintln!("{name}: skipped, cannot mount an ext4 image on a loop device ({e})");
            return None;
        }
        Some(fs)
    }
    fn mount(&mut self) -> Result<(), String> {
        run("mount", &["-o", "loop,errors=remount-ro", &self.image, self.mnt.path()])?;
        self._mounted = Some(Mounted(self.mnt.path().to_string()));
        Ok(())
    }
    /// Makes the kernel meet an error on this file system: with `errors=remount-ro` it turns read-only at once,
    /// under every open file (a tmpfs cannot be remounted read-only while a file is open for writing).
    fn fail(&self) {
        let out = Command::new("findmnt").args(["-no", "SOURCE", self.mnt.path()]).output().unwrap();
        let device = String::from_utf8(out.stdout).unwrap().trim().trim_start_matches("/dev/").to_string();
        std::fs::write(format!("/sys/fs/ext4/{device}/trigger_fs_error"), "1").unwrap();
    }
    /// Unmounts, repairs (`e2fsck`: the error marked the file system) and mounts again.
    fn repair(&mut self) {
        self._mounted = None;
        let status = Command::new("e2fsck").args(["-fy", &self.image]).output().unwrap().status;
        assert!(matches!(status.code(), Some(0 | 1)), "e2fsck: {status}");
        self.mount().unwrap();
    }
    fn file(&self, name: &str) -> String {
        self.mnt.file(name)
    }
}

/// A file system that turns read-only under an open engine (the kernel's answer to a disk error): every write is
/// refused with `io` (the file can no longer be written: a failure for the host's error log, not the `read_only` of
/// a database opened read-only), nothing of it is kept, and reads go on. Such a file system stays read-only until
/// it is unmounted and checked, so recovery is a reopen: then every commit is there with `synchronous_full`, and
/// with the default `synchronous=NORMAL` a prefix of whole transactions (commits not yet checkpointed were in the
/// page cache only, which the failed file system never writes back: as a power loss, which NORMAL does not cover;
/// a new file can lose its schema that way too, and is then made again on reopening).
#[test]
fn faults_a_file_system_turning_read_only_refuses_writes_with_io_and_keeps_whole_transactions() {
    let Some(_one_at_a_time) = may_mount("faults_a_file_system_turning_read_only") else { return };
    for synchronous_full in [true, false] {
        let Some(mut fs) = Ext4::make(&format!("ext4-full-{synchronous_full}")) else { return };
        let path = fs.file("crm.db");
        let options = OpenOptions { synchronous_full, ..OpenOptions::default() };
        let mut groups = Vec::new();
        {
            let engine = Engine::open(&path, &options).unwrap();
            for g in 0..4 {
                groups.push(format!("g{g}"));
                ok(&engine, "customers.batch", &batch(&groups[g], 5));
            }
            let before = engine.row_counts().unwrap();
            fs.fail();
            for round in 0..3 {
                let err = call(&engine, "customers.batch", &batch(&format!("ro{round}"), 5)).unwrap_err();
                assert_eq!(err.code, ErrorCode::Io, "{err:?}");
                assert!(err.message.contains("read-only"), "{err:?}");
                assert_quotes_no_input(&err);
                let err = call(&engine, "customers.create", &json!({"name": "Customer x"})).unwrap_err();
                assert_eq!(err.code, ErrorCode::Io, "{err:?}");
            }
            assert_eq!(engine.row_counts().unwrap(), before, "refused writes changed rows");
            assert_eq!(ok(&engine, "customers.list", &json!({}))["items"].as_array().unwrap().len(), 20);
        }
        fs.repair();
        assert_eq!(integrity(&path), "ok");
        {
            // Opens and writes (with NORMAL, a new file may have lost even its schema: it is made again).
            let engine = Engine::open(&path, &options).unwrap();
            ok(&engine, "customers.batch", &batch("after", 5));
        }
        let mut refs = external_refs(&path);
        for r in refs_of("after", 5) {
            assert!(refs.remove(&r), "the write after reopening is kept");
        }
        let kept = groups.iter().take_while(|g| refs.contains(&format!("{g}-0"))).count();
        let expected: BTreeSet<String> = groups[..kept].iter().flat_map(|g| refs_of(g, 5)).collect();
        assert_eq!(refs, expected, "whole transactions, a prefix of them (synchronous_full {synchronous_full})");
        if synchronous_full {
            assert_eq!(kept, groups.len(), "synchronous_full keeps every commit");
        }
        assert_eq!(integrity(&path), "ok");
    }
}

/// A database on a read-only file system: a read-write open is refused with `read_only` (the file cannot be
/// written; a read-only open reads it), a read-only open reads every commit (as an immutable file: SQLite cannot
/// make the `-wal` and `-shm` files there) and refuses writes with `read_only`; remounted read-write, the file
/// opens read-write again with everything in it. (A tmpfs cannot be remounted read-only while the engine has the
/// file open for writing: the kernel answers "busy"; the case above covers a file system turning read-only
/// under an open engine.)
#[test]
fn faults_a_database_on_a_read_only_file_system_opens_read_only() {
    let Some(_one_at_a_time) = may_mount("faults_a_database_on_a_read_only_file_system") else { return };
    let fs = Tmpfs::mount("read-only", 8 * 1024);
    let path = fs.file("crm.db");
    {
        let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
        ok(&engine, "customers.batch", &batch("g0", 10));
    }
    fs.remount("ro").unwrap();
    let err = Engine::open(&path, &OpenOptions::default()).err().expect("a read-write open is refused");
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{}", err.public_message());
    assert!(err.public_message().contains("read_only"), "the message says how to read it: {}", err.public_message());
    let read_only = OpenOptions { read_only: true, ..OpenOptions::default() };
    {
        let engine = Engine::open(&path, &read_only).unwrap();
        assert_eq!(customers(&engine), 10);
        assert_eq!(ok(&engine, "customers.list", &json!({}))["items"].as_array().unwrap().len(), 10);
        let err = call(&engine, "customers.create", &json!({"name": "Customer x"})).unwrap_err();
        assert_eq!(err.code, ErrorCode::ReadOnly);
    }
    fs.remount("rw").unwrap();
    let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
    ok(&engine, "customers.batch", &batch("g1", 10));
    drop(engine);
    assert_eq!(integrity(&path), "ok");
    assert_eq!(external_refs(&path).len(), 20);
}

// ---------------------------------------------------------------------------------------------------------------
// 3. The WAL is truncated or damaged

/// A database with committed transactions still in its WAL: the database and WAL files copied while the engine is
/// open (as a crash would leave them), each transaction's external refs, and the WAL's size after each commit.
struct WalSnapshot {
    _dir: TempDir,
    db: Vec<u8>,
    wal: Vec<u8>,
    /// (external refs, WAL size after the commit), in commit order.
    transactions: Vec<(Vec<String>, usize)>,
    page_size: usize,
}

impl WalSnapshot {
    fn take() -> WalSnapshot {
        let dir = TempDir::new("wal-source");
        let path = dir.file("crm.db");
        // A first open writes the schema; closed, it is all in the database file and the WAL starts empty.
        drop(Engine::open(&path, &OpenOptions::default()).unwrap());
        let engine = Engine::open(&path, &OpenOptions::default()).unwrap();
        let wal_size = || std::fs::metadata(format!("{path}-wal")).map(|m| m.len() as usize).unwrap_or(0);
        let mut transactions = Vec::new();
        for t in 0..10 {
            // Single rows and batches (one transaction of several rows) in turn.
            let refs = if t % 2 == 0 {
                let r = format!("t{t}-0");
                ok(&engine, "customers.create", &json!({"name": format!("Customer {r}"), "external_ref": r}));
                vec![r]
            } else {
                ok(&engine, "customers.batch", &batch(&format!("t{t}"), 4));
                refs_of(&format!("t{t}"), 4)
            };
            let size = wal_size();
            assert!(transactions.last().is_none_or(|(_, last)| size > *last), "the WAL grows (no checkpoint)");
            transactions.push((refs, size));
        }
        let db = std::fs::read(&path).unwrap();
        let wal = std::fs::read(format!("{path}-wal")).unwrap();
        drop(engine);
        let page_size = match u16::from_be_bytes([db[16], db[17]]) {
            1 => 65536,
            n => usize::from(n),
        };
        WalSnapshot { _dir: dir, db, wal, transactions, page_size }
    }

    /// Opens a copy with `wal` as its WAL file, checks it opens and takes a write, and answers the external refs
    /// it held (after `integrity_check`).
    fn reopen_with(&self, name: &str, wal: &[u8]) -> BTreeSet<String> {
        let dir = TempDir::new(name);
        let path = dir.file("crm.db");
        std::fs::write(&path, &self.db).unwrap();
        std::fs::write(format!("{path}-wal"), wal).unwrap();
        let held = {
            let engine = Engine::open(&path, &OpenOptions::default())
                .unwrap_or_else(|e| panic!("{name}: {:?} {}", e.code(), e.public_message()));
            let held = customers(&engine);
            ok(&engine, "customers.create", &json!({"name": "Customer after", "external_ref": "after"}));
            held
        };
        assert_eq!(integrity(&path), "ok", "{name}");
        let mut refs = external_refs(&path);
        assert!(refs.remove("after"), "{name}: the write after reopening is kept");
        assert_eq!(refs.len() as i64, held, "{name}");
        refs
    }

    /// The refs of the first `n` transactions.
    fn prefix(&self, n: usize) -> BTreeSet<String> {
        self.transactions[..n].iter().flat_map(|(refs, _)| refs.iter().cloned()).collect()
    }
}

/// A WAL cut anywhere (to nothing, inside its header, inside a frame, at a commit) reopens: `integrity_check` is
/// ok and the database holds exactly the transactions whose commit frame survived, whole (a batch is all or
/// nothing). A WAL of random bytes is ignored, and one with a damaged frame keeps the transactions before it.
#[test]
fn faults_a_truncated_or_damaged_wal_keeps_a_prefix_of_whole_transactions() {
    let snap = WalSnapshot::take();
    let frame = 24 + snap.page_size;
    let mut cuts = BTreeSet::from([0, 16, 32, 32 + frame / 2, snap.wal.len()]);
    for (_, end) in &snap.transactions {
        cuts.extend([end - frame / 2, end - 1, *end, end + 24 + 100].into_iter().filter(|c| *c <= snap.wal.len()));
    }
    for cut in cuts {
        let held = snap.reopen_with(&format!("wal-cut-{cut}"), &snap.wal[..cut]);
        let survived = snap.transactions.iter().filter(|(_, end)| *end <= cut).count();
        assert_eq!(held, snap.prefix(survived), "WAL cut at byte {cut} of {}", snap.wal.len());
    }

    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let random: Vec<u8> = (0..snap.wal.len())
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    assert_eq!(snap.reopen_with("wal-random", &random), snap.prefix(0));

    // A byte flipped in the middle of transaction 5's frames: its checksum fails, and so does every later frame's.
    let (start, end) = (snap.transactions[4].1, snap.transactions[5].1);
    let mut damaged = snap.wal.clone();
    damaged[(start + end) / 2] ^= 0x55;
    assert_eq!(snap.reopen_with("wal-damaged", &damaged), snap.prefix(5));
}

// ---------------------------------------------------------------------------------------------------------------
// 4. The database file is garbage

fn random_bytes(n: usize) -> Vec<u8> {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    (0..n)
        .map(|_| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as u8
        })
        .collect()
}

/// A garbage database file (random bytes, text, a real database cut short) never panics and never answers
/// `internal`: the open, or the first call that reads a missing page, is refused with `io` and a message that
/// says what is wrong, a refused open leaves the file as it was, and the host goes on with other databases. A
/// zero-length file is an empty SQLite database: it opens as a new Rapport database.
#[test]
fn faults_a_garbage_database_file_is_refused_with_io() {
    let dir = TempDir::new("garbage");
    let real = dir.file("real.db");
    {
        let engine = Engine::open(&real, &OpenOptions::default()).unwrap();
        for g in 0..10 {
            ok(&engine, "customers.batch", &batch(&format!("g{g}"), 20));
        }
    }
    let real = std::fs::read(&real).unwrap();
    let text = "name,phone\nACME,0755-83761234\n".repeat(200).into_bytes();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("random", random_bytes(64 * 1024)),
        ("random-one-page", random_bytes(4096)),
        ("text", text),
        ("header-only-50", real[..50].to_vec()),
        ("header-100", real[..100].to_vec()),
        ("first-page", real[..4096].to_vec()),
        ("half", real[..real.len() / 2].to_vec()),
        ("all-but-last-page", real[..real.len() - 4096].to_vec()),
    ];
    let mut outcomes = Vec::new();
    for (name, bytes) in &cases {
        let path = dir.file(&format!("{name}.db"));
        std::fs::write(&path, bytes).unwrap();
        let outcome = match Engine::open(&path, &OpenOptions::default()) {
            Err(e) => {
                assert_eq!(e.code(), ErrorCode::Io, "{name}: {}", e.public_message());
                assert_eq!(&std::fs::read(&path).unwrap(), bytes, "{name}: a refused open changed the file");
                format!("{name}: open refused, {}", e.public_message())
            }
            Ok(engine) => {
                // The damage is met where a call reads it.
                let mut codes = Vec::new();
                for (method, req) in [
                    ("customers.list", json!({"limit": 1000})),
                    ("customers.create", json!({"name": "Customer x"})),
                    ("customers.batch", batch("late", 20)),
                ] {
                    match call(&engine, method, &req) {
                        Ok(_) => codes.push("ok".to_string()),
                        Err(e) => {
                            assert_eq!(e.code, ErrorCode::Io, "{name}: {method}: {e:?}");
                            codes.push(format!("{:?} ({})", e.code, e.message));
                        }
                    }
                }
                format!("{name}: opened; list, create, batch: {}", codes.join(", "))
            }
        };
        outcomes.push(outcome);
        // The host goes on: another database works.
        let other = Engine::open(&dir.file(&format!("{name}-other.db")), &OpenOptions::default()).unwrap();
        ok(&other, "customers.create", &json!({"name": "Customer y"}));
    }
    eprintln!("{}", outcomes.join("\n"));

    let empty = dir.file("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let engine = Engine::open(&empty, &OpenOptions { create_if_missing: false, ..OpenOptions::default() }).unwrap();
    ok(&engine, "customers.create", &json!({"name": "Customer z"}));
    assert_eq!(customers(&engine), 1);
}

// ---------------------------------------------------------------------------------------------------------------
// 5. The same through the C ABI

fn c(s: &str) -> CString {
    CString::new(s).unwrap()
}

/// Through the C ABI: `rapport_open` on a garbage file answers `RAPPORT_IO` with a handle whose message explains
/// it, and the process goes on: a good database opens and answers calls.
#[test]
fn faults_a_garbage_file_through_the_c_abi_answers_rapport_io() {
    use rapport::c_api::*;
    let dir = TempDir::new("c-abi");
    let garbage = dir.file("garbage.db");
    std::fs::write(&garbage, random_bytes(8192)).unwrap();
    let mut db = std::ptr::null_mut();
    // SAFETY: NUL-terminated strings and storage for one handle, as rapport.h asks.
    let rc = unsafe { rapport_open(c(&garbage).as_ptr(), std::ptr::null(), &mut db) };
    assert_eq!(rc, RAPPORT_IO);
    // SAFETY: the handle rapport_open gave, even on failure; the message is the library's.
    let message = unsafe { CStr::from_ptr(rapport_errmsg(db)) }.to_str().unwrap().to_string();
    assert!(message.contains("not a Rapport database"), "{message}");
    // SAFETY: as above.
    assert_eq!(unsafe { rapport_close(db) }, RAPPORT_OK);

    let good = dir.file("good.db");
    let mut db = std::ptr::null_mut();
    // SAFETY: as above.
    assert_eq!(unsafe { rapport_open(c(&good).as_ptr(), std::ptr::null(), &mut db) }, RAPPORT_OK);
    let mut out: *mut c_char = std::ptr::null_mut();
    let (method, request) = (c("customers.create"), c(r#"{"name": "Customer c"}"#));
    // SAFETY: an open handle, NUL-terminated strings, storage for the answer (freed below with rapport_free).
    let rc = unsafe { rapport_call(db, std::ptr::null(), method.as_ptr(), request.as_ptr(), &mut out) };
    // SAFETY: the answer rapport_call gave.
    let answer = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
    // SAFETY: freed once, with the library's own function; then the handle closes.
    unsafe {
        rapport_free(out);
        assert_eq!(rapport_close(db), RAPPORT_OK);
    }
    assert_eq!(rc, RAPPORT_OK, "{answer}");
    assert!(answer.contains("Customer c"), "{answer}");
}
