//! Benchmark: the cost of the C ABI, `rapport_call` against the typed `Engine` call in Rust, same database.
//!
//! Run: `cargo run --release -p rapport-examples --bin bench_c_abi [-- --creates N --reads N --rounds N]`.
//! Each round runs every path in turn (so drift affects them alike); the table shows the median round.
//! Prints a table; never used as a timed assertion.

use std::ffi::{CStr, CString, c_char};
use std::time::Instant;

#[path = "../bench_support.rs"]
mod bench_support;

use bench_support::{arg, remove_db, temp_path};
use rapport::c_api::{RAPPORT_OK, RapportDb, rapport_call, rapport_close, rapport_free, rapport_open};
use rapport_core::IdRequest;
use rapport_core::customers::CustomerDraft;
use rapport_core::{Engine, OpenOptions};
use serde_json::{Value, json};

/// One C-side call, exactly as a C host makes it: C strings in, an owned string out, freed.
fn c_call(db: *mut RapportDb, actor: &CStr, method: &CStr, request: &CStr) -> usize {
    let mut out: *mut c_char = std::ptr::null_mut();
    // SAFETY: valid NUL-terminated strings and an out pointer; the answer is freed below.
    let rc = unsafe { rapport_call(db, actor.as_ptr(), method.as_ptr(), request.as_ptr(), &mut out) };
    assert_eq!(rc, RAPPORT_OK, "rapport_call failed");
    // SAFETY: `out` is the NUL-terminated answer, freed right after reading its length.
    let len = unsafe { CStr::from_ptr(out) }.to_bytes().len();
    unsafe { rapport_free(out) };
    len
}

fn setup(engine: &Engine) -> (String, Vec<String>) {
    let call = |method: &str, req: Value| engine.call_value(None, method, &req.to_string()).expect(method);
    let dept = call("departments.create", json!({"name": "华南销售部"}))["id"].as_str().unwrap().to_string();
    let rep = call("users.create", json!({"name": "张伟", "department_id": dept, "roles": ["sales_rep"]}))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let ids = (0..200)
        .map(|i| {
            let req = json!({"name": format!("深圳华强{i}电子有限公司"), "owner_id": rep, "region": "44/4403",
                             "phone": format!("0755-8376{i:04}"), "tags": ["key-account"]});
            engine.call_value(Some(&rep), "customers.create", &req.to_string()).expect("seed")["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    (rep, ids)
}

fn micros(start: Instant, n: usize) -> f64 {
    start.elapsed().as_secs_f64() * 1e6 / n as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let creates = arg("--creates", 3_000);
    let reads = arg("--reads", 30_000);
    let rounds = arg("--rounds", 5);

    let path = temp_path("c-abi");
    let engine = Engine::open(&path, &OpenOptions::default()).expect("open");
    let (rep, ids) = setup(&engine);
    let c_path = CString::new(path.clone()).unwrap();
    let mut db: *mut RapportDb = std::ptr::null_mut();
    // SAFETY: valid strings and out pointer; closed at the end.
    assert_eq!(unsafe { rapport_open(c_path.as_ptr(), std::ptr::null(), &mut db) }, RAPPORT_OK);

    let c_rep = CString::new(rep.clone()).unwrap();
    let create_json =
        |i: usize| format!(r#"{{"name": "佛山美佳{i}家具有限公司", "region": "44/4406", "phone": "0757-2233{i:04}"}}"#);
    let get_json = |i: usize| format!(r#"{{"id": "{}"}}"#, ids[i % ids.len()]);
    // Requests are prepared before the clock starts, as a host would hold them.
    let create_drafts: Vec<CustomerDraft> =
        (0..creates).map(|i| serde_json::from_str(&create_json(i)).expect("draft")).collect();
    let create_c: Vec<CString> = (0..creates).map(|i| CString::new(create_json(i)).unwrap()).collect();
    let create_text: Vec<String> = (0..creates).map(create_json).collect();
    let get_c: Vec<CString> = (0..reads).map(|i| CString::new(get_json(i)).unwrap()).collect();
    let get_text: Vec<String> = (0..reads).map(get_json).collect();

    // The six measured paths; each round runs them in a rotated order so drift (a growing table,
    // a busy machine) does not favour one of them.
    let mut paths: Vec<Box<dyn FnMut() -> f64 + '_>> = vec![
        Box::new(|| {
            let t = Instant::now();
            for d in &create_drafts {
                engine.create_customer(Some(&rep), d.clone()).expect("typed create");
            }
            micros(t, creates)
        }),
        Box::new(|| {
            let t = Instant::now();
            for r in &create_text {
                engine.call(Some(&rep), "customers.create", r).expect("json create");
            }
            micros(t, creates)
        }),
        Box::new(|| {
            let t = Instant::now();
            for r in &create_c {
                c_call(db, &c_rep, c"customers.create", r);
            }
            micros(t, creates)
        }),
        Box::new(|| {
            let t = Instant::now();
            for i in 0..reads {
                engine.customer(Some(&rep), IdRequest::new(ids[i % ids.len()].clone())).expect("typed get");
            }
            micros(t, reads)
        }),
        Box::new(|| {
            let t = Instant::now();
            for r in &get_text {
                engine.call(Some(&rep), "customers.get", r).expect("json get");
            }
            micros(t, reads)
        }),
        Box::new(|| {
            let t = Instant::now();
            for r in &get_c {
                c_call(db, &c_rep, c"customers.get", r);
            }
            micros(t, reads)
        }),
    ];
    let mut samples: [Vec<f64>; 6] = Default::default();
    for round in 0..rounds {
        for k in 0..3 {
            let create = (k + round) % 3;
            samples[create].push(paths[create]());
            samples[3 + create].push(paths[3 + create]());
        }
    }
    drop(paths);
    // SAFETY: the handle from rapport_open above, closed once.
    unsafe { rapport_close(db) };
    drop(engine);
    remove_db(&path);

    let [typed_create, json_create, c_create, typed_get, json_get, c_get] = samples.map(median);
    println!("C ABI overhead, file database (WAL), median of {rounds} rounds, µs per call");
    println!(
        "| workload | calls/round | typed Engine (Rust) | engine.call (JSON, Rust) | rapport_call (C ABI) | C ABI / typed |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, n, typed, json, c) in [
        ("customers.create (small, rep actor)", creates, typed_create, json_create, c_create),
        ("customers.get (one record, rep actor)", reads, typed_get, json_get, c_get),
    ] {
        println!("| {name} | {n} | {typed:.1} | {json:.1} | {c:.1} | {:.2}x |", c / typed);
    }
}
