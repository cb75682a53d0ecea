//! The CLI's data commands (LIFE-1, LIFE-2): `init`, `import`, `export`, `backup` and `restore`, with a progress bar on long work.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rapport_core::{ApiError, Engine, ErrorCode, Flow, OpenOptions, Progress};
use serde_json::{Value, json};

/// A data command's usage, printed by `--help` and with a usage error.
pub(crate) const INIT_HELP: &str = "\
rapport init <db>
    Creates an empty Rapport database at <db> (a SQLite file) with the current schema, and prints its
    version. An existing Rapport database is left as it is (an older one is migrated forward).
";

pub(crate) const IMPORT_HELP: &str = "\
rapport import <file> --db <db> --entity <kind> [--map <mapping.json>] [options]
    Imports the rows of a CSV or JSON-lines file (LIFE-1) into <db> in one transaction, with a progress bar.
    --entity      customers | contacts | leads | products | orders | receipts
    --map         a JSON file: {\"columns\": {\"客户名称\": \"name\", ...}, \"constants\": {...},
                  \"date_format\": \"%Y/%m/%d\"}; without it each column fills the field of its name
    --format      csv | jsonl (default: from the file's extension, .jsonl/.ndjson, else csv)
    --encoding    utf8 | gbk | gb18030 (default utf8; a byte order mark is skipped)
    --delimiter   the CSV delimiter (default ,)
    --duplicates  update | skip | create (default update: a known external_ref updates that record)
    --mode        all_or_nothing | skip_invalid (default all_or_nothing)
    --dry-run     check every row and write nothing
    --actor       the acting user's id (default: the host)
    Prints the counts and the rejected rows (row, column, message). Exit code 0, or the error's number.
";

pub(crate) const EXPORT_HELP: &str = "\
rapport export <list> --db <db> [--out <file>] [--format csv|jsonl] [--filter <json>] [--actor <id>]
    Exports every record of a list method (customers.list, leads.list, orders.list, ...) with its filter
    and the actor's scope (LIFE-2); financial fields are withheld as the actor's permissions say.
    Without --out the rows go to standard output.
";

pub(crate) const BACKUP_HELP: &str = "\
rapport backup <file> --db <db> [--overwrite]
    Copies the database to <file> while it stays in use (SQLite's online backup), with a progress bar.
";

pub(crate) const RESTORE_HELP: &str = "\
rapport restore <file> --db <db>
    Replaces the content of <db> with the backup <file> (migrated forward if it is older). A file that is
    not a Rapport database, or one written by a newer version, is refused and <db> is left unchanged.
";

/// A command's positional arguments and its `--name value` options (a flag's value is empty).
type Parsed = (Vec<String>, BTreeMap<String, String>);

/// Splits `args` into positional arguments and `--name value` options (`flags` take no value); `None` when
/// `--help` was asked for (and printed).
fn parse(args: &[String], valued: &[&str], flags: &[&str], help: &str) -> Result<Option<Parsed>, ApiError> {
    let mut positional = Vec::new();
    let mut opts = BTreeMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--help" || a == "-h" {
            print!("{help}");
            return Ok(None);
        }
        if flags.contains(&a.as_str()) {
            opts.insert(a.trim_start_matches("--").to_string(), String::new());
        } else if valued.contains(&a.as_str()) {
            let v = it.next().ok_or_else(|| misuse(&format!("{a} needs a value"), help))?;
            opts.insert(a.trim_start_matches("--").to_string(), v.clone());
        } else if a.starts_with("--") {
            return Err(misuse(&format!("unknown option {a}"), help));
        } else {
            positional.push(a.clone());
        }
    }
    Ok(Some((positional, opts)))
}

fn misuse(message: &str, help: &str) -> ApiError {
    ApiError::new(ErrorCode::Misuse, format!("{message}\n\n{help}"))
}

fn one_positional(positional: &[String], what: &str, help: &str) -> Result<String, ApiError> {
    match positional {
        [one] => Ok(one.clone()),
        _ => Err(misuse(&format!("expected {what}"), help)),
    }
}

fn db_of(opts: &BTreeMap<String, String>, help: &str) -> Result<String, ApiError> {
    opts.get("db").cloned().ok_or_else(|| misuse("--db <db> is required", help))
}

fn open_existing(path: &str) -> Result<Engine, ApiError> {
    Ok(Engine::open(path, &OpenOptions { create_if_missing: false, ..OpenOptions::default() })?)
}

fn actor(opts: &BTreeMap<String, String>) -> Option<&str> {
    opts.get("actor").map(String::as_str).filter(|a| *a != "-" && *a != "system")
}

// ---------------------------------------------------------------------------------------------

pub(crate) fn run_init(args: &[String]) -> Result<(), ApiError> {
    let Some((positional, _)) = parse(args, &[], &[], INIT_HELP)? else { return Ok(()) };
    let path = one_positional(&positional, "the database path", INIT_HELP)?;
    let existed = std::path::Path::new(&path).exists();
    let engine = Engine::open(&path, &OpenOptions::default())?;
    let counts = engine.row_counts()?;
    drop(engine);
    println!(
        "{} Rapport database {path} (schema version {}, {} users)",
        if existed { "Opened the existing" } else { "Created the empty" },
        Engine::schema_version(),
        counts.get("users").copied().unwrap_or(0)
    );
    if !existed {
        println!("Next: rapport call {path} - departments.create '{{\"name\": \"HQ\"}}'");
    }
    Ok(())
}

pub(crate) fn run_import(args: &[String]) -> Result<(), ApiError> {
    let valued =
        ["--db", "--entity", "--map", "--format", "--encoding", "--delimiter", "--duplicates", "--mode", "--actor"];
    let Some((positional, opts)) = parse(args, &valued, &["--dry-run"], IMPORT_HELP)? else { return Ok(()) };
    let file = one_positional(&positional, "the file to import", IMPORT_HELP)?;
    let db = db_of(&opts, IMPORT_HELP)?;
    let entity = opts.get("entity").ok_or_else(|| misuse("--entity <kind> is required", IMPORT_HELP))?;
    let mapping: Value = match opts.get("map") {
        None => json!({}),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| ApiError::new(ErrorCode::Io, format!("{path}: {e}")).with_field("map"))?;
            serde_json::from_str(&text).map_err(|e| {
                ApiError::new(ErrorCode::MalformedRequest, format!("{path} is not JSON: {e}")).with_field("map")
            })?
        }
    };
    let format = opts.get("format").cloned().unwrap_or_else(|| {
        if file.ends_with(".jsonl") || file.ends_with(".ndjson") { "jsonl".into() } else { "csv".into() }
    });
    let mut request = json!({"entity": entity, "path": file, "format": format, "mapping": mapping,
                             "dry_run": opts.contains_key("dry-run")});
    for key in ["encoding", "delimiter", "duplicates", "mode"] {
        if let Some(v) = opts.get(key) {
            request[key] = json!(v);
        }
    }
    let engine = open_existing(&db)?;
    let bar = Bar::bytes(&format!("importing {file}"));
    let started = Instant::now();
    let answer = engine.call_with_progress(actor(&opts), "imports.run", &request.to_string(), &mut |p| bar.show(p));
    bar.finish();
    let report: Value = match answer {
        Ok(text) => serde_json::from_str(&text).unwrap_or_default(),
        Err(e) => {
            print_row_errors(e.items.iter().map(|i| (i.index as u64 + 1, i.field.clone(), i.message.clone())));
            return Err(e);
        }
    };
    let secs = started.elapsed().as_secs_f64();
    let rows = report["rows"].as_u64().unwrap_or(0);
    println!(
        "{}{rows} rows in {secs:.1} s ({:.0} rows/s): {} created, {} updated, {} skipped, {} rejected",
        if report["dry_run"] == true { "Dry run, nothing written: " } else { "" },
        rows as f64 / secs.max(1e-9),
        report["created"],
        report["updated"],
        report["skipped"],
        report["rejected"]
    );
    if let Some(id) = report["import_id"].as_str() {
        println!("Import {id} (revert: rapport call {db} - imports.revert '{{\"id\": \"{id}\"}}')");
    }
    print_row_errors(report["errors"].as_array().into_iter().flatten().map(|e| {
        (
            e["row"].as_u64().unwrap_or(0),
            e["column"].as_str().or(e["field"].as_str()).map(str::to_string),
            e["message"].as_str().unwrap_or("").to_string(),
        )
    }));
    Ok(())
}

fn print_row_errors(errors: impl Iterator<Item = (u64, Option<String>, String)>) {
    for (row, column, message) in errors.take(50) {
        match column {
            Some(c) => eprintln!("  row {row}, column {c}: {message}"),
            None => eprintln!("  row {row}: {message}"),
        }
    }
}

pub(crate) fn run_export(args: &[String]) -> Result<(), ApiError> {
    let Some((positional, opts)) =
        parse(args, &["--db", "--out", "--format", "--filter", "--actor"], &[], EXPORT_HELP)?
    else {
        return Ok(());
    };
    let list = one_positional(&positional, "the list method (customers.list, ...)", EXPORT_HELP)?;
    let db = db_of(&opts, EXPORT_HELP)?;
    let filter: Value = match opts.get("filter") {
        None => json!({}),
        Some(f) => serde_json::from_str(f)
            .map_err(|_| ApiError::new(ErrorCode::MalformedRequest, "--filter is not JSON").with_field("filter"))?,
    };
    let mut request =
        json!({"list": list, "filter": filter, "format": opts.get("format").map_or("csv", String::as_str)});
    if let Some(out) = opts.get("out") {
        request["path"] = json!(out);
    }
    let engine = open_existing(&db)?;
    let bar = Bar::rows(&format!("exporting {list}"), opts.contains_key("out"));
    let answer = engine.call_with_progress(actor(&opts), "exports.run", &request.to_string(), &mut |p| bar.show(p));
    bar.finish();
    let answer: Value = serde_json::from_str(&answer?).unwrap_or_default();
    match opts.get("out") {
        Some(out) => println!("{} rows, {} bytes written to {out}", answer["rows"], answer["bytes"]),
        None => print!("{}", answer["text"].as_str().unwrap_or("")),
    }
    Ok(())
}

pub(crate) fn run_backup(args: &[String]) -> Result<(), ApiError> {
    let Some((positional, opts)) = parse(args, &["--db"], &["--overwrite"], BACKUP_HELP)? else { return Ok(()) };
    let file = one_positional(&positional, "the backup file", BACKUP_HELP)?;
    let engine = open_existing(&db_of(&opts, BACKUP_HELP)?)?;
    let request = json!({"path": file, "overwrite": opts.contains_key("overwrite")});
    let bar = Bar::pages(&format!("backing up to {file}"));
    let started = Instant::now();
    let answer = engine.call_with_progress(None, "backups.create", &request.to_string(), &mut |p| bar.show(p));
    bar.finish();
    let answer: Value = serde_json::from_str(&answer?).unwrap_or_default();
    println!(
        "Backed up {} pages ({} bytes) to {file} in {:.1} s",
        answer["pages"],
        answer["bytes"],
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub(crate) fn run_restore(args: &[String]) -> Result<(), ApiError> {
    let Some((positional, opts)) = parse(args, &["--db"], &[], RESTORE_HELP)? else { return Ok(()) };
    let file = one_positional(&positional, "the backup file", RESTORE_HELP)?;
    let db = db_of(&opts, RESTORE_HELP)?;
    let engine = Engine::open(&db, &OpenOptions::default())?;
    let bar = Bar::pages(&format!("restoring {file}"));
    let answer =
        engine.call_with_progress(None, "backups.restore", &json!({"path": file}).to_string(), &mut |p| bar.show(p));
    bar.finish();
    let answer: Value = serde_json::from_str(&answer?).unwrap_or_default();
    println!("Restored {db} from {file}: {} pages, schema version {}", answer["pages"], answer["schema_version"]);
    Ok(())
}

/// A progress bar on standard error (hidden when it is not a terminal), with items per second.
struct Bar {
    bar: ProgressBar,
    unit: &'static str,
    started: Instant,
}

impl Bar {
    fn new(message: &str, unit: &'static str, template: &str, visible: bool) -> Bar {
        let target = if visible { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()));
        bar.set_prefix(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Bar { bar, unit, started: Instant::now() }
    }

    /// An import: the source's bytes as the bar, rows and rows per second beside it.
    fn bytes(message: &str) -> Bar {
        Bar::new(message, "rows", "{prefix} [{bar:30}] {bytes}/{total_bytes} {msg} eta {eta}", true)
    }

    /// An export: rows so far (no total); hidden when the rows themselves go to standard output... not
    /// when they go to a file.
    fn rows(message: &str, visible: bool) -> Bar {
        Bar::new(message, "rows", "{prefix} {spinner} {msg}", visible)
    }

    /// A backup or restore: pages.
    fn pages(message: &str) -> Bar {
        Bar::new(message, "pages", "{prefix} [{bar:30}] {pos}/{len} pages {msg}", true)
    }

    fn show(&self, p: Progress) -> Flow {
        if p.total > 0 {
            self.bar.set_length(p.total);
        }
        self.bar.set_position(p.done);
        let per_second = p.items as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        self.bar.set_message(format!("{} {} ({per_second:.0} {}/s)", p.items, self.unit, self.unit));
        Flow::Continue
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
