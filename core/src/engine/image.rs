//! Database images for hosts that keep the bytes themselves (a browser's IndexedDB): export, and open from bytes.

use super::EngineResult;
use super::{Engine, OpenOptions};
use crate::storage::Db;

impl Engine {
    /// Opens a private in-memory database holding a copy of `image` (made by [`Engine::export_image`]
    /// or any SQLite file of this schema); an older schema is migrated forward as with a file.
    /// Bytes that are not a SQLite database are refused with `io`.
    pub fn open_image(image: &[u8], options: &OpenOptions) -> EngineResult<Engine> {
        options.check()?;
        let db = Db::open_image(image, &options.storage())?;
        Engine::with_db(db, options)
    }

    /// The whole database as one image, as of the last commit, in `journal_mode = DELETE` form so it
    /// opens anywhere (a file, another engine, a browser).
    pub fn export_image(&self) -> EngineResult<Vec<u8>> {
        Ok(self.db.export_image()?)
    }
}
