//! Online backup to a file and restore from one (LIFE-2): who may, the file written whole or not at all, progress and cancel, and the engine's state after a restore.

use super::progress::{OnProgress, no_progress};
use super::{Engine, EngineResult};
use crate::domain::backup::{BackupReport, BackupRequest, RestoreReport, RestoreRequest};

impl Engine {
    /// Backs the open database up to a file (LIFE-2) while other calls go on reading and writing.
    pub fn create_backup(&self, actor: Option<&str>, req: BackupRequest) -> EngineResult<BackupReport> {
        self.create_backup_with_progress(actor, req, &mut no_progress)
    }

    /// Backs the database up, telling `on_progress` the pages copied after each step (`items` = `done` =
    /// pages copied, `total` = the database's pages); its `Cancel` stops the copy and removes the partial file.
    ///
    /// The copy is one snapshot of the database, read by a connection of its own, so writers neither wait
    /// for it nor restart it. It is written to a temporary file beside `path`, renamed into place at the
    /// end. Only the host or an administrator may back up.
    pub fn create_backup_with_progress(
        &self,
        actor: Option<&str>,
        req: BackupRequest,
        on_progress: &mut OnProgress<'_>,
    ) -> EngineResult<BackupReport> {
        self.read(actor, |cx| Ok(cx.actor.require_admin("back up the database")?))?;
        native::create(self, req, on_progress)
    }

    /// Replaces the open database's content with a backup file's (LIFE-2), then migrates it forward if it
    /// is older. Readers see the restored data at their next call.
    pub fn restore_backup(&self, actor: Option<&str>, req: RestoreRequest) -> EngineResult<RestoreReport> {
        self.restore_backup_with_progress(actor, req, &mut no_progress)
    }

    /// Restores a backup, telling `on_progress` the pages copied after each step; a `Cancel` before the
    /// last step leaves the database as it was (the answer to the report after the last step comes too
    /// late to stop anything and is not heeded: the restore is committed by then).
    ///
    /// A file that is not a SQLite database, not a Rapport database, damaged, of another page size
    /// (`validation` or `io` on `path`), missing (`io`) or newer than this build (`schema_too_new`) is
    /// refused before anything changes. The writer is held from the copy to the end, so no write
    /// interleaves. The engine keeps its own node id (written into the restored `meta`), and its clock
    /// moves past the newest time of the restored audit log. Only the host or an administrator may restore.
    pub fn restore_backup_with_progress(
        &self,
        actor: Option<&str>,
        req: RestoreRequest,
        on_progress: &mut OnProgress<'_>,
    ) -> EngineResult<RestoreReport> {
        self.read(actor, |cx| Ok(cx.actor.require_admin("restore the database")?))?;
        native::restore(self, req, on_progress)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::*;
    use crate::domain::hlc;
    use crate::engine::files::{TempSibling, cannot_write};
    use crate::engine::progress::{Progress, Reporter};
    use crate::engine::{Ctx, EngineError, context, funnel, statistics, write_and_refresh};
    use crate::storage::{CopyError, Pages, SCHEMA_VERSION};

    pub(super) fn create(
        engine: &Engine,
        req: BackupRequest,
        on_progress: &mut OnProgress<'_>,
    ) -> EngineResult<BackupReport> {
        let target = std::path::Path::new(&req.path);
        if !req.overwrite && std::fs::symlink_metadata(target).is_ok() {
            return Err(EngineError::validation("path", "a file exists there; pass overwrite to replace it"));
        }
        let temp = TempSibling::beside(&req.path, "path")?;
        let mut reporter = Reporter::new(on_progress);
        let pages = engine
            .db
            .backup_into(temp.path(), &mut |p: Pages| reporter.report(progress(p.copied, p.total)))
            .map_err(copy_failed)?;
        reporter.report(progress(pages.copied, pages.total))?;
        let bytes = std::fs::metadata(temp.path()).map_err(|_| cannot_write("path"))?.len();
        if !req.overwrite && std::fs::symlink_metadata(target).is_ok() {
            return Err(EngineError::validation(
                "path",
                "a file appeared there during the backup; nothing was replaced",
            ));
        }
        temp.commit("path")?;
        Ok(BackupReport { path: req.path, pages: pages.copied, bytes })
    }

    pub(super) fn restore(
        engine: &Engine,
        req: RestoreRequest,
        on_progress: &mut OnProgress<'_>,
    ) -> EngineResult<RestoreReport> {
        if std::fs::metadata(&req.path).map(|m| !m.is_file()).unwrap_or(false) {
            return Err(EngineError::validation("path", "is not a file"));
        }
        let mut reporter = Reporter::new(on_progress);
        let (pages, ()) = engine
            .db
            .restore_from(&req.path, &mut |p: Pages| reporter.report(progress(p.copied, p.total)), |tx| {
                // The engine's own identity and clock stay: the file now says this node, and the clock
                // moves past the newest time the restored audit log holds.
                tx.meta_set("node_id", &engine.node_id)?;
                if let Some(last) = tx.last_hlc()?.as_deref().and_then(hlc::decode).map(|(h, _)| h) {
                    let now = engine.clock.now().timestamp_millis();
                    engine.hlc.lock().unwrap_or_else(|p| p.into_inner()).observe(last, now);
                }
                // What an open builds once for an older file, built for the restored one.
                let now = engine.clock.now();
                let mut cx = Ctx::new(engine, tx, context::resolve_actor(tx, None)?, now);
                write_and_refresh(&mut cx, |cx| {
                    funnel::build_once(cx)?;
                    cx.tx.build_sales_facts_once()?;
                    statistics::rebuild_once(cx)
                })
            })
            .map_err(copy_failed)?;
        // Too late to cancel: the restore is committed.
        let _ = reporter.report(progress(pages.copied, pages.total));
        Ok(RestoreReport { pages: pages.copied, schema_version: SCHEMA_VERSION })
    }

    /// Pages as progress: `items` and `done` the pages copied, `total` the database's.
    fn progress(copied: u64, total: u64) -> Progress {
        Progress { items: copied, done: copied, total }
    }

    /// A copy's failure as the engine answers it: the file's own failures and refusals on `path`.
    fn copy_failed(e: CopyError<EngineError>) -> EngineError {
        match e {
            // The file the request names: a newer schema is said as such; anything else about it is the
            // request's fault (`validation`), not a failure of the engine's own database (`io`).
            CopyError::File(e) => match EngineError::from(e) {
                e if e.code() == crate::domain::error::ErrorCode::SchemaTooNew => e.with_field("path"),
                _ => EngineError::validation("path", "the file cannot be opened, read or written there"),
            },
            CopyError::Invalid(message) => EngineError::validation("path", message),
            CopyError::Other(e) => e,
        }
    }
}

/// In a browser there are no files to back up to: the database image is the backup.
#[cfg(target_arch = "wasm32")]
mod native {
    use super::*;
    use crate::engine::EngineError;

    fn no_files() -> EngineError {
        EngineError::validation(
            "path",
            "a browser has no files to back up to or restore from: use the database image (Engine::export_image, \
             Engine::open_image)",
        )
    }

    pub(super) fn create(_: &Engine, _: BackupRequest, _: &mut OnProgress<'_>) -> EngineResult<BackupReport> {
        Err(no_files())
    }

    pub(super) fn restore(_: &Engine, _: RestoreRequest, _: &mut OnProgress<'_>) -> EngineResult<RestoreReport> {
        Err(no_files())
    }
}
