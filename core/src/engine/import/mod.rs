//! Imports (LIFE-1): a file's rows, streamed, mapped into drafts and written by each kind's own upsert in one transaction, with per-row errors, a duplicate policy, progress and cancel; the list of imports; revert.
//!
//! Memory stays flat whatever the file's size: rows are read one at a time and written in chunks of
//! [`CHUNK_ROWS`], each chunk in one savepoint (a savepoint per row copied every page a row touched
//! into SQLite's statement journal); only a chunk holding a bad row is written again row by row, so a
//! bad row costs its chunk, not the file. The whole import is one transaction: all-or-nothing refuses
//! it when any row failed, and a cancel from the host's callback keeps nothing.

mod kinds;
mod plan;
mod revert;
mod source;

use std::io::Read;

pub(crate) use revert::Revertable;

use super::paging::page_limit;
use super::progress::{OnProgress, Progress, Reporter, no_progress};
use super::{Ctx, Engine, EngineError, EngineResult};
use crate::domain::common::{BatchMode, IdRequest, Page};
use crate::domain::import::cells::read_row;
use crate::domain::import::{
    DuplicatePolicy, ImportKind, ImportListRequest, ImportRecord, ImportReport, ImportRequest, MAX_ROW_ERRORS,
    RevertReport, RowError, check_date_format,
};
use crate::domain::permissions::Action;
use kinds::ImportedKind;
use plan::Plan;
use source::{Counted, RowFailure, Rows, Source};

/// Rows written in one savepoint.
const CHUNK_ROWS: usize = 500;

impl Engine {
    /// Imports the request's file or text (LIFE-1).
    pub fn import(&self, actor: Option<&str>, req: ImportRequest) -> EngineResult<ImportReport> {
        self.import_with_progress(actor, req, &mut no_progress)
    }

    /// Imports the request's file or text, telling `on_progress` how far it is (rows read, bytes of the
    /// source); the callback's `Cancel` stops it and keeps nothing.
    pub fn import_with_progress(
        &self,
        actor: Option<&str>,
        req: ImportRequest,
        on_progress: &mut OnProgress<'_>,
    ) -> EngineResult<ImportReport> {
        let source = source::open(&req)?;
        import_source(self, actor, &req, source, on_progress)
    }

    /// Imports rows from any reader (Rust hosts streaming from elsewhere): `size` is its length in bytes
    /// when known (0 if not), for progress; the request's `path` and `text` must be absent.
    pub fn import_reader(
        &self,
        actor: Option<&str>,
        req: ImportRequest,
        reader: impl Read,
        size: u64,
        on_progress: &mut OnProgress<'_>,
    ) -> EngineResult<ImportReport> {
        if req.path.is_some() || req.text.is_some() {
            return Err(EngineError::validation("path", "the rows come from the reader: give neither path nor text"));
        }
        let source = Source { reader: Box::new(reader), size, name: None };
        import_source(self, actor, &req, source, on_progress)
    }

    /// Imports newest first, with their counts (administrators and the host see every import, others theirs).
    pub fn imports(&self, actor: Option<&str>, req: ImportListRequest) -> EngineResult<Page<ImportRecord>> {
        self.read(actor, |cx| {
            let limit = page_limit(req.limit)?;
            let cursor = match req.cursor.as_deref() {
                None => None,
                Some(c) => Some(c.split_once('|').ok_or_else(|| EngineError::validation("cursor", "is not a cursor"))?),
            };
            let mut rows = cx.tx.imports_page(req.entity, cursor, limit)?;
            rows.retain(|i| may_see(cx, i));
            let more = rows.len() > limit as usize;
            rows.truncate(limit as usize);
            let next_cursor = more
                .then(|| {
                    rows.last().map(|i| format!("{}|{}", crate::domain::calendar::format_instant(i.created_at), i.id))
                })
                .flatten();
            Ok(Page { items: rows, next_cursor })
        })
    }

    /// One import with its counts.
    pub fn import_record(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<ImportRecord> {
        self.read(actor, |cx| visible_import(cx, &req.id))
    }

    /// Reverts an import: what it created is archived (products made inactive, orders cancelled and
    /// archived), what it updated is put back as it was, except records changed since, which are listed
    /// and left. One transaction, audited on each record as `import_revert`.
    pub fn revert_import(&self, actor: Option<&str>, req: IdRequest) -> EngineResult<RevertReport> {
        self.write(actor, |cx| revert::revert(cx, &req.id))
    }
}

/// Whether the actor sees an import: the host and administrators every one, a user the ones they ran.
fn may_see(cx: &Ctx<'_>, import: &ImportRecord) -> bool {
    cx.actor.is_admin() || cx.actor.user_id().is_none() || cx.actor.user_id() == import.actor_id.as_deref()
}

pub(super) fn visible_import(cx: &Ctx<'_>, id: &str) -> EngineResult<ImportRecord> {
    match cx.tx.import(id)? {
        Some(i) if may_see(cx, &i) => Ok(i),
        _ => Err(EngineError::not_found("no such import")),
    }
}

/// Reads the source and writes its rows in one transaction (rolled back for a dry run).
fn import_source(
    engine: &Engine,
    actor: Option<&str>,
    req: &ImportRequest,
    source: Source<'_>,
    on_progress: &mut OnProgress<'_>,
) -> EngineResult<ImportReport> {
    if let Some(f) = &req.mapping.date_format {
        check_date_format(f)?;
    }
    let (counted, bytes) = Counted::new(source.reader);
    let mut rows = Rows::start(source::decoded(counted, req.encoding)?, req)?;
    let size = source.size;
    let name = source.name;
    let mut reporter = Reporter::new(on_progress);
    let report = engine.write_or_dry_run(actor, req.dry_run, |cx| {
        cx.actor.require(req.entity.entity(), Action::Create)?;
        let plan = Plan::new(cx, req, rows.headers())?;
        let import_id = cx.new_id();
        let record = ImportRecord {
            id: import_id.clone(),
            entity: req.entity,
            format: req.format,
            source: name.clone(),
            duplicates: req.duplicates,
            mode: req.mode,
            actor_id: cx.actor.user_id().map(str::to_string),
            created_at: cx.now,
            rows: 0,
            created: 0,
            updated: 0,
            skipped: 0,
            rejected: 0,
            reverted_at: None,
            reverted_by: None,
        };
        cx.tx.insert_import(&record)?;
        let mut run = Run {
            import_id,
            policy: req.duplicates,
            report: ImportReport {
                import_id: (!req.dry_run).then(|| record.id.clone()),
                dry_run: req.dry_run,
                rows: 0,
                created: 0,
                updated: 0,
                skipped: 0,
                rejected: 0,
                errors: Vec::new(),
            },
        };
        let progress = |rows: u64| Progress { items: rows, done: bytes.get(), total: size };
        let field = source::source_field(req);
        match req.entity {
            ImportKind::Customers => run.all::<kinds::Customers>(cx, &plan, &mut rows, field, &mut reporter, progress),
            ImportKind::Contacts => run.all::<kinds::Contacts>(cx, &plan, &mut rows, field, &mut reporter, progress),
            ImportKind::Leads => run.all::<kinds::Leads>(cx, &plan, &mut rows, field, &mut reporter, progress),
            ImportKind::Products => run.all::<kinds::Products>(cx, &plan, &mut rows, field, &mut reporter, progress),
            ImportKind::Orders => run.all::<kinds::Orders>(cx, &plan, &mut rows, field, &mut reporter, progress),
            ImportKind::Receipts => run.all::<kinds::Receipts>(cx, &plan, &mut rows, field, &mut reporter, progress),
        }?;
        let r = &run.report;
        if req.mode == BatchMode::AllOrNothing && r.rejected > 0 && !req.dry_run {
            let n = r.rejected;
            let items = run.report.errors.into_iter().map(RowError::into_item).collect();
            return Err(
                EngineError::validation(field, format!("{n} row(s) rejected; nothing was written")).with_items(items)
            );
        }
        cx.tx.finish_import(&record.id, r.rows, r.created, r.updated, r.skipped, r.rejected)?;
        Ok(run.report)
    })?;
    Ok(report)
}

/// One import as it runs: its id, policy and counts.
struct Run {
    import_id: String,
    policy: DuplicatePolicy,
    report: ImportReport,
}

/// What writing one row did.
enum Outcome {
    Created,
    Updated,
    Skipped,
}

/// A row read into its draft, waiting for its chunk to be written.
struct Pending<D> {
    row: u64,
    draft: D,
}

impl Run {
    /// Reads every row, writes them chunk by chunk, and reports progress.
    fn all<K: ImportedKind>(
        &mut self,
        cx: &mut Ctx<'_>,
        plan: &Plan,
        rows: &mut Rows<'_>,
        field: &str,
        reporter: &mut Reporter<'_, '_>,
        progress: impl Fn(u64) -> Progress,
    ) -> EngineResult<()> {
        let mut chunk: Vec<Pending<K::Draft>> = Vec::with_capacity(CHUNK_ROWS);
        let mut group = plan::Group::default();
        loop {
            let next = rows.next(field);
            let raw = match next {
                None => None,
                Some(Ok(raw)) => Some(raw),
                Some(Err(RowFailure::Row(e))) => {
                    self.report.rows += 1;
                    self.reject(e);
                    continue;
                }
                Some(Err(RowFailure::Source(e))) => return Err(e),
            };
            let last = raw.is_none();
            if raw.is_some() {
                self.report.rows += 1;
            }
            let ready = match raw {
                Some(raw) => plan.take(&mut group, raw),
                None => group.flush(),
            };
            for built in ready {
                match built.and_then(|(row, cell)| match read_row::<K::Draft>(&cell) {
                    Ok(draft) => Ok(Pending { row, draft }),
                    Err(e) => Err(plan.cell_error(row, e)),
                }) {
                    Ok(p) => chunk.push(p),
                    Err(e) => self.reject(e),
                }
            }
            if chunk.len() >= CHUNK_ROWS || (last && !chunk.is_empty()) {
                self.write_chunk::<K>(cx, plan, std::mem::take(&mut chunk))?;
            }
            if last {
                return reporter.report(progress(self.report.rows));
            }
            reporter.tick(progress(self.report.rows))?;
        }
    }

    /// Writes a chunk in one savepoint; if a row of it fails, writes it again row by row.
    fn write_chunk<K: ImportedKind>(
        &mut self,
        cx: &mut Ctx<'_>,
        plan: &Plan,
        chunk: Vec<Pending<K::Draft>>,
    ) -> EngineResult<()> {
        let mark = cx.mark();
        let tx = cx.tx;
        let whole = tx.named_savepoint("import_chunk", || {
            chunk.iter().map(|p| self.write_one::<K>(cx, p.draft.clone())).collect::<EngineResult<Vec<_>>>()
        });
        match whole {
            Ok(outcomes) => {
                outcomes.into_iter().for_each(|o| self.count(o));
                return Ok(());
            }
            Err(e) if e.is_item_error() => cx.rewind(mark),
            Err(e) => return Err(e),
        }
        for p in chunk {
            match tx.savepoint(|| self.write_one::<K>(cx, p.draft)) {
                Ok(o) => self.count(o),
                Err(e) if e.is_item_error() => self.reject(plan.engine_error(p.row, &e)),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Writes one row by the duplicate policy, and records what the record was before.
    fn write_one<K: ImportedKind>(&self, cx: &mut Ctx<'_>, draft: K::Draft) -> EngineResult<Outcome> {
        let existing = K::existing(cx, &draft)?;
        match (self.policy, &existing) {
            (DuplicatePolicy::Skip, Some(_)) => return Ok(Outcome::Skipped),
            (DuplicatePolicy::Create, Some(_)) => {
                return Err(EngineError::conflict("external_ref", "a record with this external_ref exists"));
            }
            _ => {}
        }
        let before = existing.as_ref().map(kinds::kept_json).transpose()?;
        let (id, created) = K::write(cx, draft, existing)?;
        let before = if created { None } else { before };
        cx.tx.insert_import_item(&self.import_id, &id, before.as_deref(), cx.now)?;
        Ok(if created { Outcome::Created } else { Outcome::Updated })
    }

    fn count(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.report.created += 1,
            Outcome::Updated => self.report.updated += 1,
            Outcome::Skipped => self.report.skipped += 1,
        }
    }

    fn reject(&mut self, e: RowError) {
        self.report.rejected += 1;
        if self.report.errors.len() < MAX_ROW_ERRORS {
            self.report.errors.push(e);
        }
    }
}
