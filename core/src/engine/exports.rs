//! Exports (LIFE-2), the engine's share: whether the actor may export a kind, and which of its fields an export leaves out for them.
//!
//! The export itself pages through a list method of the registry, so it is orchestrated at the boundary
//! (`api/exports.rs`); what it needs to know about the actor is asked here, where the actor resolves.

use super::{Engine, EngineResult};
use crate::domain::entity::Entity;
use crate::domain::export::permission_kind;
use crate::domain::permissions::Action;
use crate::domain::withholding::withheld_fields;

impl Engine {
    /// Refuses an actor whose roles do not permit `export` on `entity` (for the catalogue, on the kind it
    /// is kept with), and answers the financial fields of `entity` withheld from them (none for those who
    /// may see them), which an export's columns leave out.
    pub(crate) fn export_access(&self, actor: Option<&str>, entity: Entity) -> EngineResult<Vec<String>> {
        self.read(actor, |cx| {
            cx.actor.require(permission_kind(entity), Action::Export)?;
            Ok(withheld_fields(&cx.actor, entity).into_iter().map(str::to_string).collect())
        })
    }
}
