//! The `rapport` command: run the demo, call any method from a shell, import, export, back up and restore, list methods, regenerate the docs.

mod data;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rapport_core::demo::{self, DemoOptions};
use rapport_core::{ApiError, Engine, ErrorCode, OpenOptions};
use serde_json::{Value, json};

const USAGE: &str = "\
rapport: the Rapport CRM engine from a shell

USAGE:
    rapport demo [--db <path>] [--customers <n>] [--seed <n>]
        Opens (or creates) a SQLite file (default ./rapport-demo.db), seeds the demo
        organisation unless it is already there, and prints a summary.
    rapport call <db> <actor|-> <method> <json|->
        Calls one method and prints the JSON response. Actor `-` or `system` is the
        host itself; `-` as the request reads it from stdin. On failure the error JSON
        goes to stderr and the exit code is the error's number.
    rapport init <db>
        Creates an empty Rapport database.
    rapport import <file> --db <db> --entity <kind> [--map <mapping.json>] [...]
        Imports a CSV or JSON-lines file (customers, contacts, leads, products, orders, receipts).
    rapport export <list> --db <db> [--out <file>] [--format csv|jsonl] [--filter <json>]
        Exports every record of a list method (customers.list, ...).
    rapport backup <file> --db <db> [--overwrite]
        Copies the database to <file> while it stays in use.
    rapport restore <file> --db <db>
        Replaces the database's content with a backup's.
        Each of these five takes --help.
    rapport methods
        Lists every method with its doc line.
    rapport docs [--out <repo root>]
        Writes docs/api.md and bindings/schema/*.json (deleting stale schema files), and the npm package's
        generated TypeScript types and method list (bindings/js/generated/).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("demo") => run_demo(&args[1..]),
        Some("call") => return run_call(&args[1..]),
        Some("init") => data::run_init(&args[1..]),
        Some("import") => data::run_import(&args[1..]),
        Some("export") => data::run_export(&args[1..]),
        Some("backup") => data::run_backup(&args[1..]),
        Some("restore") => data::run_restore(&args[1..]),
        Some("methods") => run_methods(),
        Some("docs") => run_docs(&args[1..]),
        Some("--version" | "-V" | "version") => {
            println!("rapport {}", rapport_core::VERSION);
            Ok(())
        }
        Some("help" | "--help" | "-h") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => Err(usage("expected a command")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapport: {e}");
            ExitCode::from(exit_code(e.code))
        }
    }
}

fn exit_code(code: ErrorCode) -> u8 {
    u8::try_from(code.number()).unwrap_or(1)
}

fn usage(message: &str) -> ApiError {
    ApiError::new(ErrorCode::Misuse, format!("{message}\n\n{USAGE}"))
}

/// `--name value` options after the command; anything else is refused.
fn options(args: &[String], known: &[&str]) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if !known.contains(&a.as_str()) {
            return Err(usage(&format!("unknown argument {a}")));
        }
        let v = it.next().ok_or_else(|| usage(&format!("{a} needs a value")))?;
        out.insert(a.trim_start_matches("--").to_string(), v.clone());
    }
    Ok(out)
}

fn number(opts: &BTreeMap<String, String>, name: &str) -> Result<Option<u64>, ApiError> {
    opts.get(name).map(|v| v.parse::<u64>().map_err(|_| usage(&format!("--{name} must be a number")))).transpose()
}

// ---------------------------------------------------------------------------------------------
// rapport demo

fn run_demo(args: &[String]) -> Result<(), ApiError> {
    let opts = options(args, &["--db", "--customers", "--seed"])?;
    let path = opts.get("db").cloned().unwrap_or_else(|| "rapport-demo.db".to_string());
    let demo_opts = DemoOptions {
        customers: number(&opts, "customers")?.map(|n| n as usize),
        seed: number(&opts, "seed")?,
        ..DemoOptions::default()
    };
    let engine = Engine::open(&path, &OpenOptions::default())?;
    println!("Rapport {} demo database: {path}", rapport_core::VERSION);
    if demo::is_seeded(&engine)? {
        println!("Already seeded; reusing it (delete the file to seed afresh).\n");
    } else {
        let plan = demo_opts.plan();
        println!("Seeding {} customers (seed {}) ...", plan.customers, plan.seed);
        let started = Instant::now();
        let summary = demo::seed(&engine, &demo_opts)?;
        let elapsed = started.elapsed();
        println!("Seeded in {:.3} s:", elapsed.as_secs_f64());
        println!(
            "  {} departments, {} users, {} customers, {} contacts, {} leads ({} assigned), {} pipelines,",
            summary.departments,
            summary.users,
            summary.customers,
            summary.contacts,
            summary.leads,
            summary.leads_assigned,
            summary.pipelines
        );
        println!(
            "  {} opportunities ({} won, {} lost), {} activities",
            summary.opportunities, summary.opportunities_won, summary.opportunities_lost, summary.activities
        );
        if !summary.skipped.is_empty() {
            println!("  skipped (methods not in this build): {}", summary.skipped.join(", "));
        }
        println!();
    }
    print_summary(&engine)?;
    println!("\nTry: rapport call {path} - users.list '{{\"role\": \"sales_rep\"}}'");
    Ok(())
}

fn has(method: &str) -> bool {
    rapport_core::find_method(method).is_some()
}

fn sys(engine: &Engine, method: &str, request: Value) -> Result<Value, ApiError> {
    engine.call_value(None, method, &request.to_string())
}

/// Every item of a paged list method (`{"items", "next_cursor"}`), or of one answering a plain array.
fn all_items(engine: &Engine, method: &str) -> Result<Vec<Value>, ApiError> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = sys(engine, method, json!({"limit": 1000, "cursor": cursor}))?;
        match page {
            Value::Array(list) => return Ok(list),
            page => {
                items.extend(page["items"].as_array().cloned().unwrap_or_default());
                match page["next_cursor"].as_str() {
                    Some(next) => cursor = Some(next.to_string()),
                    None => return Ok(items),
                }
            }
        }
    }
}

fn print_summary(engine: &Engine) -> Result<(), ApiError> {
    let counts = engine.row_counts()?;
    let count = |t: &str| counts.get(t).copied().unwrap_or(0);
    println!("== Organisation");
    let users = sys(engine, "users.list", json!({}))?;
    let users = users.as_array().cloned().unwrap_or_default();
    let mut by_role: BTreeMap<String, usize> = BTreeMap::new();
    for u in &users {
        for r in u["roles"].as_array().into_iter().flatten() {
            *by_role.entry(r.as_str().unwrap_or("?").to_string()).or_default() += 1;
        }
    }
    let roles: Vec<String> = by_role.iter().map(|(r, n)| format!("{r} {n}")).collect();
    println!("  {} departments, {} users: {}", count("departments"), users.len(), roles.join(", "));
    println!(
        "  rows: {} customers, {} contacts, {} leads, {} opportunities, {} activities, {} audit entries",
        count("customers"),
        count("contacts"),
        count("leads"),
        count("opportunities"),
        count("activities"),
        count("audit_log")
    );
    let names: BTreeMap<String, String> = users
        .iter()
        .map(|u| (u["id"].as_str().unwrap_or_default().to_string(), u["name"].as_str().unwrap_or_default().to_string()))
        .collect();

    if has("opportunities.list") {
        let opps = all_items(engine, "opportunities.list")?;
        print_pipeline(engine, &opps)?;
        print_reps(&users, &names, &opps);
    }
    if has("leads.list") {
        print_leads(&all_items(engine, "leads.list")?);
    }
    if count("customer_scores") > 0 {
        print_value(engine, count("orders"), count("receipts"))?;
    }
    Ok(())
}

/// The value pyramid, RFM segments, ABC classes and the churn list from the last rescoring.
fn print_value(engine: &Engine, orders: i64, receipts: i64) -> Result<(), ApiError> {
    let pyramid = sys(engine, "reports.value_pyramid", json!({}))?;
    println!(
        "\n== Customer value (model {}; {orders} ERP orders, {receipts} receipts; amounts in CNY)",
        pyramid["model_code"].as_str().unwrap_or("?")
    );
    for level in pyramid["levels"].as_array().into_iter().flatten() {
        let grade = level["grade"].as_str().unwrap_or("unscored");
        let (n, amount) = (level["customers"].as_i64().unwrap_or(0), level["order_amount"].as_i64().unwrap_or(0));
        println!("  grade {} {:>6} customers  {:>18}", pad(grade, 8), n, money(amount));
    }
    let groups = |method: &str| -> Result<Vec<String>, ApiError> {
        let r = sys(engine, method, json!({}))?;
        Ok(r["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|g| !g["key"].is_null())
            .map(|g| format!("{} {}", g["key"].as_str().unwrap_or("?"), g["customers"]))
            .collect())
    };
    println!("  RFM segments: {}", groups("reports.rfm_segments")?.join(", "));
    println!("  ABC classes: {}", groups("reports.abc_classes")?.join(", "));
    let churn = sys(engine, "reports.churn", json!({"limit": 1000}))?;
    let at_risk = churn["customers"].as_array().map(Vec::len).unwrap_or(0);
    println!("  churn risk: {at_risk} customers silent for more than twice their usual interval");
    Ok(())
}

fn amount_of(o: &Value) -> i64 {
    o["amount_base"].as_i64().or_else(|| o["amount"].as_i64()).unwrap_or(0)
}

fn stage_of(o: &Value) -> String {
    o["stage_name"].as_str().or_else(|| o["stage"].as_str()).unwrap_or("?").to_string()
}

fn print_pipeline(engine: &Engine, opps: &[Value]) -> Result<(), ApiError> {
    println!("\n== Pipeline by stage (open opportunities; amounts in CNY)");
    // Stage order from the pipelines when that method exists, else first appearance.
    let mut order: Vec<String> = Vec::new();
    if has("pipelines.list") {
        let pipelines = sys(engine, "pipelines.list", json!({}))?;
        let list = pipelines.as_array().cloned().or_else(|| pipelines["items"].as_array().cloned()).unwrap_or_default();
        for p in list {
            for s in p["stages"].as_array().into_iter().flatten() {
                if let Some(name) = s["name"].as_str() {
                    order.push(name.to_string());
                }
            }
        }
    }
    let mut by_stage: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    let mut closed: BTreeMap<String, (usize, i64)> = BTreeMap::new();
    for o in opps {
        let status = o["status"].as_str().unwrap_or("open");
        let bucket = if status == "open" { by_stage.entry(stage_of(o)) } else { closed.entry(status.to_string()) };
        let e = bucket.or_default();
        e.0 += 1;
        e.1 += amount_of(o);
    }
    for stage in by_stage.keys() {
        if !order.contains(stage) {
            order.push(stage.clone());
        }
    }
    for stage in &order {
        if let Some((n, amount)) = by_stage.get(stage) {
            println!("  {} {:>6}  {:>18}", pad(stage, 14), n, money(*amount));
        }
    }
    if !closed.is_empty() {
        println!("  -- closed");
    }
    for (status, (n, amount)) in &closed {
        println!("  {} {:>6}  {:>18}", pad(status, 14), n, money(*amount));
    }
    Ok(())
}

fn print_reps(users: &[Value], names: &BTreeMap<String, String>, opps: &[Value]) {
    println!("\n== Open opportunities per sales rep (amounts in CNY)");
    let mut per_owner: BTreeMap<&str, (usize, i64)> = BTreeMap::new();
    for o in opps.iter().filter(|o| o["status"].as_str().unwrap_or("open") == "open") {
        let e = per_owner.entry(o["owner_id"].as_str().unwrap_or("")).or_default();
        e.0 += 1;
        e.1 += amount_of(o);
    }
    for u in users.iter().filter(|u| u["roles"].as_array().is_some_and(|r| r.iter().any(|r| r == "sales_rep"))) {
        let id = u["id"].as_str().unwrap_or_default();
        let (n, amount) = per_owner.get(id).copied().unwrap_or_default();
        println!("  {} {:>6}  {:>18}", pad(names.get(id).map(String::as_str).unwrap_or(id), 14), n, money(amount));
    }
}

fn print_leads(leads: &[Value]) {
    println!("\n== Leads by source and status");
    let mut statuses: Vec<String> = Vec::new();
    let mut table: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for l in leads {
        let source = l["source"].as_str().unwrap_or("-").to_string();
        let status = l["status"].as_str().unwrap_or("-").to_string();
        if !statuses.contains(&status) {
            statuses.push(status.clone());
        }
        *table.entry(source).or_default().entry(status).or_default() += 1;
    }
    const ORDER: &[&str] = &["new", "assigned", "working", "qualified", "converted", "disqualified", "recycled"];
    statuses.sort_by_key(|s| ORDER.iter().position(|o| o == s).unwrap_or(ORDER.len()));
    let header: String = statuses.iter().map(|s| format!("{s:>13}")).collect();
    println!("  {}{header}{:>8}", pad("source", 22), "total");
    for (source, row) in &table {
        let label = format!("{source} ({})", demo::names::source_label(source));
        let cells: String = statuses.iter().map(|s| format!("{:>13}", row.get(s).copied().unwrap_or(0))).collect();
        println!("  {}{cells}{:>8}", pad(&label, 22), row.values().sum::<usize>());
    }
}

/// Minor units as `1,234,567.89`.
fn money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let minor = minor.unsigned_abs();
    let whole = (minor / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{:02}", minor % 100)
}

/// Pads to `width` terminal columns, counting CJK characters as two.
fn pad(s: &str, width: usize) -> String {
    let cols: usize = s.chars().map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(cols)))
}

// ---------------------------------------------------------------------------------------------
// rapport call

fn run_call(args: &[String]) -> ExitCode {
    let [db, actor, method, request] = args else {
        eprintln!("rapport: call needs <db> <actor|-> <method> <json>\n\n{USAGE}");
        return ExitCode::from(exit_code(ErrorCode::Misuse));
    };
    let request = if request == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
            eprintln!("{}", ApiError::new(ErrorCode::Io, format!("stdin: {e}")).to_json());
            return ExitCode::from(exit_code(ErrorCode::Io));
        }
        s
    } else {
        request.clone()
    };
    let actor = match actor.as_str() {
        "-" | "system" => None,
        a => Some(a),
    };
    let opened = Engine::open(db, &OpenOptions { create_if_missing: false, ..OpenOptions::default() });
    let result = opened.map_err(ApiError::from).and_then(|engine| engine.call_value(actor, method, &request));
    match result {
        Ok(v) => {
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.to_json());
            ExitCode::from(exit_code(e.code))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// rapport methods, rapport docs

fn run_methods() -> Result<(), ApiError> {
    let width = rapport_core::methods().map(|m| m.name.len()).max().unwrap_or(0);
    for m in rapport_core::methods() {
        println!("{:width$}  {}", m.name, m.doc);
    }
    Ok(())
}

/// The workspace this binary was built from, when it still exists; else the current directory.
fn default_repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    if root.join("Cargo.toml").is_file() { root } else { PathBuf::from(".") }
}

fn io_error(path: &Path, e: std::io::Error) -> ApiError {
    ApiError::new(ErrorCode::Io, format!("{}: {e}", path.display()))
}

fn run_docs(args: &[String]) -> Result<(), ApiError> {
    let opts = options(args, &["--out"])?;
    let root = opts.get("out").map(PathBuf::from).unwrap_or_else(default_repo_root);
    let root = root.canonicalize().unwrap_or(root);
    let written = rapport_codegen::write(&root).map_err(|e| io_error(&root, e))?;
    println!(
        "wrote {} generated files under {} ({} stale schema files removed)",
        written.files.len(),
        root.display(),
        written.removed.len()
    );
    Ok(())
}
