//! Files written whole or not at all (exports, backups): a temporary sibling, renamed over the target when complete and removed otherwise.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{EngineError, EngineResult};

/// A file being written under a temporary name beside its target. [`TempSibling::commit`] renames it into
/// place; dropped without that (an error, a cancel), it is removed with any journal SQLite left beside it.
pub(crate) struct TempSibling {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

/// Tells temporary names apart within one process (with the process id, across processes).
static NEXT: AtomicU64 = AtomicU64::new(0);

impl TempSibling {
    /// Names a temporary file beside `path` (nothing is created yet). A path without a file name is
    /// `validation` on `field`.
    pub(crate) fn beside(path: &str, field: &str) -> EngineResult<TempSibling> {
        let target = PathBuf::from(path);
        let name = target
            .file_name()
            .filter(|_| !path.ends_with(std::path::MAIN_SEPARATOR) && !path.ends_with('/'))
            .ok_or_else(|| EngineError::validation(field, "must name a file"))?
            .to_string_lossy()
            .into_owned();
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let temp = target.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()));
        Ok(TempSibling { target, temp, committed: false })
    }

    /// The temporary file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.temp
    }

    /// Renames the temporary file over the target (replacing a file there) and makes the rename durable.
    pub(crate) fn commit(mut self, field: &str) -> EngineResult<()> {
        std::fs::rename(&self.temp, &self.target).map_err(|_| cannot_write(field))?;
        self.committed = true;
        sync_directory(&self.target);
        Ok(())
    }
}

impl Drop for TempSibling {
    fn drop(&mut self) {
        if !self.committed {
            for suffix in ["", "-journal", "-wal", "-shm"] {
                let mut name = self.temp.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

/// Why a file the request names cannot be written.
pub(crate) const CANNOT_WRITE: &str = "the file cannot be created or written there (no such folder, or no permission)";

/// `validation` on `field`: the file the request names cannot be created or written there (the request's
/// fault, not a failure of the engine's own files, which is `io`).
pub(crate) fn cannot_write(field: &str) -> EngineError {
    EngineError::validation(field, CANNOT_WRITE)
}

/// Syncs the directory holding `path`, so a rename survives a power loss (best effort: not every platform
/// opens directories).
fn sync_directory(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_file_is_removed_unless_committed() {
        let dir = std::env::temp_dir().join(format!("rapport-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        let t = TempSibling::beside(target.to_str().unwrap(), "path").unwrap();
        std::fs::write(t.path(), "partial").unwrap();
        let temp = t.path().to_path_buf();
        drop(t);
        assert!(!temp.exists() && !target.exists());
        let t = TempSibling::beside(target.to_str().unwrap(), "path").unwrap();
        std::fs::write(t.path(), "whole").unwrap();
        t.commit("path").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "whole");
        assert_eq!(TempSibling::beside("dir/", "path").err().unwrap().field(), Some("path"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
