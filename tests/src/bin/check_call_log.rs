//! Checks a foreign host's concurrent run against the serial oracle: `check_call_log DATABASE LOG` (tests/c/test_concurrency.c writes both).
//!
//! The log is tab-separated text: `#options<TAB><open options JSON>` (the run's; the clock must be
//! fixed), then `#stream` before each stream of calls (one thread's, in the order they returned; the
//! streams of one actor in the order they ran), and one line per logged write:
//! `W<TAB><actor id or -><TAB><method><TAB><request><TAB><status code><TAB><answer or error JSON>`.
//! The successful writes are replayed serially in the commit order the database's audit log shows
//! (`rapport_tests::serial_oracle`), and every answer, table and total (each report as every actor of
//! the log, each customer's overview and scores) must be equal. Exit status 0 when they are, 1 when not.

use std::process::ExitCode;

use rapport_core::{Engine, OpenOptions};
use rapport_tests::serial_oracle::{self, Call, Kind, Outcome};
use serde_json::{Value, json};

/// The open options and the streams of a log.
fn parse_log(text: &str) -> Result<(OpenOptions, Vec<Vec<Call>>), String> {
    let mut options = None;
    let mut streams: Vec<Vec<Call>> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.splitn(6, '\t').collect();
        match fields[..] {
            ["#options", json] => {
                options = Some(serde_json::from_str(json).map_err(|e| format!("line {}: options: {e}", n + 1))?)
            }
            ["#stream"] => streams.push(Vec::new()),
            ["W", actor, method, request, code, answer] => {
                let outcome = if code == "0" {
                    Outcome::Ok(answer.to_string())
                } else {
                    let error: Value = serde_json::from_str(answer).unwrap_or(Value::Null);
                    Outcome::Err(error["error"]["code"].as_str().unwrap_or("?").to_string())
                };
                let stream = streams.last_mut().ok_or_else(|| format!("line {}: a call before #stream", n + 1))?;
                stream.push(Call {
                    actor: (actor != "-").then(|| actor.to_string()),
                    method: method.to_string(),
                    request: request.to_string(),
                    kind: Kind::Write,
                    outcome,
                });
            }
            _ => return Err(format!("line {}: not a log line: {line}", n + 1)),
        }
    }
    Ok((options.ok_or("no #options line")?, streams))
}

fn check(database: &str, log: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(log).map_err(|e| format!("{log}: {e}"))?;
    let (options, streams) = parse_log(&text)?;
    let forbidden: Vec<&Call> =
        streams.iter().flatten().filter(|c| matches!(c.outcome.code(), Some("busy" | "internal"))).collect();
    if !forbidden.is_empty() {
        return Err(format!("calls answered busy or internal: {forbidden:?}"));
    }
    let dir = std::env::temp_dir().join(format!("rapport-check-call-log-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let replay_path = dir.join("serial.db").to_str().ok_or("temp path")?.to_string();
    let outcome = (|| {
        let replay = serial_oracle::replay(database, &streams, &replay_path, &options)?;
        let rows = serial_oracle::compare_tables(database, &replay_path, &replay.ids)?;
        let concurrent = Engine::open(database, &OpenOptions { read_only: true, ..options.clone() })
            .map_err(|e| format!("open {database}: {e}"))?;
        let mut actors: Vec<Option<String>> = streams.iter().flatten().map(|c| c.actor.clone()).collect();
        actors.sort();
        actors.dedup();
        let mut reads = serial_oracle::report_reads(&actors);
        let all = concurrent
            .call(None, "customers.list", &json!({"limit": 1000, "include_archived": true}).to_string())
            .map_err(|e| e.to_string())?;
        let all: Value = serde_json::from_str(&all).map_err(|e| e.to_string())?;
        for customer in all["items"].as_array().into_iter().flatten() {
            for method in ["customers.overview", "customers.scores"] {
                reads.push((None, method.to_string(), json!({"id": customer["id"]}).to_string()));
            }
        }
        let totals = serial_oracle::compare_reads(&concurrent, &replay.engine, &replay.ids, &reads)?;
        let s = &replay.stats;
        Ok(format!(
            "check_call_log: {} writes replayed serially in seq order ({} audit entries, {} refused writes skipped); {rows} rows and {totals} totals equal",
            s.writes, s.audit_entries, s.refused_writes
        ))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    outcome
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, database, log] = &args[..] else {
        eprintln!("usage: check_call_log DATABASE LOG");
        return ExitCode::from(2);
    };
    match check(database, log) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("check_call_log: the concurrent run differs from the serial replay:\n{e}");
            ExitCode::FAILURE
        }
    }
}
