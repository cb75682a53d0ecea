//! Activities and the agenda on mobile (ACT-1, ACT-4): log or plan, complete, list (e.g. one day), and a user's day.

use rapport_core::IdRequest;
use rapport_core::activities::{
    Activity, ActivityDraft, ActivityListRequest, AgendaDay, AgendaRequest, CompleteRequest,
};
use rapport_core::mobile::{ActivityPage, RapportError};

use super::Engine;

#[uniffi::export]
impl Engine {
    /// Logs (status `done`) or plans an activity: a visit, call, meeting, ...; see `activities.create`.
    pub fn create_activity(&self, actor: Option<String>, draft: ActivityDraft) -> Result<Activity, RapportError> {
        self.with(|e| e.create_activity(actor.as_deref(), draft))
    }

    /// Completes a planned activity with an optional outcome.
    pub fn complete_activity(&self, actor: Option<String>, request: CompleteRequest) -> Result<Activity, RapportError> {
        self.with(|e| e.complete_activity(actor.as_deref(), request))
    }

    /// One activity.
    pub fn get_activity(&self, actor: Option<String>, id: String) -> Result<Activity, RapportError> {
        self.with(|e| e.activity(actor.as_deref(), IdRequest::new(id)))
    }

    /// Activities in scope, filtered; `date` keeps one local day.
    pub fn list_activities(
        &self,
        actor: Option<String>,
        request: ActivityListRequest,
    ) -> Result<ActivityPage, RapportError> {
        self.with(|e| e.list_activities(actor.as_deref(), request)).map(Into::into)
    }

    /// A user's agenda for a local day: planned activities, overdue tasks, reminders due.
    pub fn agenda(&self, actor: Option<String>, request: AgendaRequest) -> Result<AgendaDay, RapportError> {
        self.with(|e| e.agenda_day(actor.as_deref(), request))
    }
}
