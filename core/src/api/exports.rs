//! Exports methods (LIFE-2) and their orchestration: any `*.list` method of the registry paged through as the actor, its records streamed as CSV rows or JSON lines to a file, the answer or a host's writer.
//!
//! An export calls the list method itself, page after page, so what it writes is what that list shows the
//! actor: their scope, the filter as the list applies it, financial fields withheld. That is why it lives
//! at the boundary, beside the registry; the engine answers only whether the actor may export the kind and
//! which of its fields are withheld from them (`Engine::export_access`). Each page is read as of its own
//! moment (the list's cursor keeps records from repeating); memory holds one page.

use std::io::{BufWriter, Write};

use serde_json::Value;

use super::error::{ApiError, ApiResult, ErrorCode};
use super::method::{MethodEntry, methods};
use super::registry;
pub use crate::domain::export::{EXPORT_PAGE_SIZE, ExportFormat, ExportReport, ExportRequest};
use crate::domain::export::{cell, default_columns, list_entity, withheld_names};
use crate::engine::{Engine, EngineError, OnProgress, Progress, Reporter, no_progress};

methods! {
    /// Exports any list (`customers.list`, `orders.list`, ...) as CSV or JSON lines, with the list's own filter, as the actor sees it: their scope, and financial fields withheld from them left out of the rows and the header. Writes a file (`path`, whole or not at all) or answers the text (up to the maximum request size). Needs the `export` permission on the list's kind. Long work: `call_with_progress` reports rows written and cancels it.
    "exports.run" => export_list(ExportRequest) -> ExportReport,
        example r#"{"list": "customers.list", "filter": {"region": "44", "status": "transaction"}, "format": "csv", "columns": ["code", "name", "region", "phone", "tags"]}"#;
}

impl Engine {
    /// Exports a list (LIFE-2) to the request's file, or answers the text.
    pub fn export_list(&self, actor: Option<&str>, req: ExportRequest) -> ApiResult<ExportReport> {
        self.export_with_progress(actor, req, &mut no_progress)
    }

    /// Exports a list, telling `on_progress` the rows written (`items` = `done` = rows, `total` = 0: not
    /// known ahead); its `Cancel` stops the export and leaves no file.
    pub fn export_with_progress(
        &self,
        actor: Option<&str>,
        req: ExportRequest,
        on_progress: &mut OnProgress<'_>,
    ) -> ApiResult<ExportReport> {
        match req.path.clone() {
            Some(path) => export_file(self, actor, &req, path, on_progress),
            None => {
                let mut text = Vec::new();
                let target = Target { limit: Some(self.max_request_bytes as u64), failure: WriteFailure::Answer };
                let mut report = self.export_into(actor, &req, &mut text, target, on_progress)?;
                report.text = Some(String::from_utf8(text).map_err(|_| ApiError::internal("the export is not UTF-8"))?);
                Ok(report)
            }
        }
    }

    /// Exports a list into `writer` (Rust hosts streaming elsewhere); the request's `path` must be absent.
    pub fn export_to(
        &self,
        actor: Option<&str>,
        req: ExportRequest,
        writer: &mut dyn Write,
        on_progress: &mut OnProgress<'_>,
    ) -> ApiResult<ExportReport> {
        if req.path.is_some() {
            return Err(ApiError::validation("path", "the records go to the writer: give no path"));
        }
        self.export_into(actor, &req, writer, Target { limit: None, failure: WriteFailure::Writer }, on_progress)
    }

    /// Pages through the list and writes every record to `out`.
    fn export_into(
        &self,
        actor: Option<&str>,
        req: &ExportRequest,
        out: &mut dyn Write,
        target: Target,
        on_progress: &mut OnProgress<'_>,
    ) -> ApiResult<ExportReport> {
        req.check()?;
        let (entry, entity) = registry::find(&req.list).zip(list_entity(&req.list)).ok_or_else(|| {
            ApiError::validation("list", "names no list of records (customers.list, orders.list, ...)")
        })?;
        let left_out = self.export_access(actor, entity)?;
        let mut sink = Sink { inner: out, bytes: 0, limit: target.limit, over: false };
        let mut reporter = Reporter::new(on_progress);
        let written = {
            let mut buffered = BufWriter::new(&mut sink);
            let written = self.write_pages(actor, req, entry, left_out, &mut buffered, &mut reporter);
            match (written, buffered.flush()) {
                (Err(stop), _) => Err(stop),
                (Ok(_), Err(_)) => Err(Stop::Write),
                (Ok(w), Ok(())) => Ok(w),
            }
        };
        let (rows, columns) = written.map_err(|stop| match stop {
            Stop::Api(e) => e,
            Stop::Write if sink.over => ApiError::new(
                ErrorCode::TooLarge,
                format!(
                    "the export exceeds the maximum answer of {} bytes: give a path to write it to a file",
                    self.max_request_bytes
                ),
            ),
            Stop::Write => target.failure.error(),
        })?;
        reporter.report(Progress { items: rows, done: rows, total: 0 })?;
        Ok(ExportReport { rows, bytes: sink.bytes, columns, path: None, text: None })
    }

    /// Writes every page of the list: CSV (the header once the first page says the columns) or JSON lines.
    fn write_pages(
        &self,
        actor: Option<&str>,
        req: &ExportRequest,
        entry: &MethodEntry,
        mut left_out: Vec<String>,
        out: &mut dyn Write,
        reporter: &mut Reporter<'_, '_>,
    ) -> Result<(u64, Vec<String>), Stop> {
        let (mut items, mut next) = self.list_page(actor, req, entry, None)?;
        for name in withheld_names(&items) {
            if !left_out.contains(&name) {
                left_out.push(name);
            }
        }
        let columns: Vec<String> = match (req.format, &req.columns) {
            (ExportFormat::Jsonl, _) => Vec::new(),
            (ExportFormat::Csv, Some(asked)) => asked.iter().filter(|c| !left_out.contains(c)).cloned().collect(),
            (ExportFormat::Csv, None) => default_columns(&items, &left_out),
        };
        let mut output = match req.format {
            ExportFormat::Csv => {
                let mut csv = csv::Writer::from_writer(out);
                if !columns.is_empty() {
                    csv.write_record(&columns).map_err(|_| Stop::Write)?;
                }
                Output::Csv(Box::new(csv))
            }
            ExportFormat::Jsonl => Output::Jsonl(out),
        };
        let mut rows = 0u64;
        loop {
            for item in &items {
                match &mut output {
                    Output::Csv(csv) => {
                        csv.write_record(columns.iter().map(|c| cell(item.get(c)))).map_err(|_| Stop::Write)?
                    }
                    Output::Jsonl(out) => {
                        serde_json::to_writer(&mut **out, item).map_err(|_| Stop::Write)?;
                        out.write_all(b"\n").map_err(|_| Stop::Write)?;
                    }
                }
                rows += 1;
                reporter.tick(Progress { items: rows, done: rows, total: 0 }).map_err(|e| Stop::Api(e.into()))?;
            }
            let Some(cursor) = next else { break };
            (items, next) = self.list_page(actor, req, entry, Some(&cursor))?;
        }
        if let Output::Csv(mut csv) = output {
            csv.flush().map_err(|_| Stop::Write)?;
        }
        Ok((rows, columns))
    }

    /// One page of the list: the filter with the export's cursor and page size, called as the actor.
    fn list_page(
        &self,
        actor: Option<&str>,
        req: &ExportRequest,
        entry: &MethodEntry,
        cursor: Option<&str>,
    ) -> Result<(Vec<Value>, Option<String>), Stop> {
        let mut request = req.filter.clone();
        request.insert("limit".into(), EXPORT_PAGE_SIZE.into());
        if let Some(c) = cursor {
            request.insert("cursor".into(), c.into());
        }
        let answer = (entry.call)(self, actor, &Value::Object(request).to_string()).map_err(|mut e| {
            // The list's request is the export's filter: its fields are named as such.
            e.field = e.field.map(|f| format!("filter.{f}"));
            Stop::Api(e)
        })?;
        let mut answer: Value =
            serde_json::from_str(&answer).map_err(|_| Stop::Api(ApiError::internal("a list answered invalid JSON")))?;
        let next = answer.get("next_cursor").and_then(Value::as_str).map(str::to_string);
        match answer.get_mut("items") {
            Some(Value::Array(items)) => Ok((std::mem::take(items), next)),
            _ => Err(Stop::Api(ApiError::validation("list", "does not answer a page of records"))),
        }
    }
}

/// Writes the export to a temporary file beside `path`, renamed into place once whole.
#[cfg(not(target_arch = "wasm32"))]
fn export_file(
    engine: &Engine,
    actor: Option<&str>,
    req: &ExportRequest,
    path: String,
    on_progress: &mut OnProgress<'_>,
) -> ApiResult<ExportReport> {
    use crate::engine::files::{TempSibling, cannot_write};
    let temp = TempSibling::beside(&path, "path")?;
    let mut file = std::fs::File::create(temp.path()).map_err(|_| cannot_write("path"))?;
    let target = Target { limit: None, failure: WriteFailure::File };
    let mut report = engine.export_into(actor, req, &mut file, target, on_progress)?;
    file.sync_all().map_err(|_| cannot_write("path"))?;
    drop(file);
    temp.commit("path")?;
    report.path = Some(path);
    Ok(report)
}

/// A browser has no files: the export is answered as text instead.
#[cfg(target_arch = "wasm32")]
fn export_file(
    _: &Engine,
    _: Option<&str>,
    _: &ExportRequest,
    _: String,
    _: &mut OnProgress<'_>,
) -> ApiResult<ExportReport> {
    Err(ApiError::validation("path", "a browser has no files to write: leave out path and the answer carries the text"))
}

/// Where an export goes: the most bytes it may take (the answer's text), and what a failed write is.
struct Target {
    limit: Option<u64>,
    failure: WriteFailure,
}

/// Whose write failed.
#[derive(Clone, Copy)]
enum WriteFailure {
    #[cfg_attr(target_arch = "wasm32", allow(dead_code, reason = "browsers write no files"))]
    File,
    Writer,
    Answer,
}

impl WriteFailure {
    fn error(self) -> ApiError {
        let e = match self {
            WriteFailure::File => EngineError::validation(
                "path",
                "the file cannot be created or written there (no such folder, or no permission)",
            ),
            WriteFailure::Writer => EngineError::refused(ErrorCode::Io, "the host's writer refused the export"),
            WriteFailure::Answer => EngineError::internal("the export could not be kept in memory"),
        };
        e.into()
    }
}

/// Where the rows go: a CSV writer, or JSON lines straight to the output.
enum Output<'o> {
    Csv(Box<csv::Writer<&'o mut dyn Write>>),
    Jsonl(&'o mut dyn Write),
}

/// Why writing the pages stopped: an error to answer, or a write that failed (told apart afterwards by
/// whether the answer grew past its limit).
enum Stop {
    Api(ApiError),
    Write,
}

impl From<ApiError> for Stop {
    fn from(e: ApiError) -> Self {
        Stop::Api(e)
    }
}

/// Counts the bytes written through it and refuses to grow past `limit`.
struct Sink<'w> {
    inner: &'w mut dyn Write,
    bytes: u64,
    limit: Option<u64>,
    over: bool,
}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.limit.is_some_and(|limit| self.bytes + buf.len() as u64 > limit) {
            self.over = true;
            return Err(std::io::Error::other("the export is larger than its limit"));
        }
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
