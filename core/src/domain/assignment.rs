//! Lead assignment (LEAD-3): manual, round robin, least loaded, territory; deterministic.
//!
//! A team is the active sales reps of one department, ordered by user id. The
//! choice functions here are pure: the engine passes the team with each
//! member's open-lead count and the stored round-robin position.

use serde::{Deserialize, Serialize};

use super::error::{DomainError, DomainResult};
use super::sort;
use super::text;

/// How to choose the owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AssignMethod {
    /// A named user.
    Manual { user_id: String },
    /// The next rep of the department's team after the one who got the last lead (wrapping).
    RoundRobin { department_id: String },
    /// The rep of the department's team with the fewest open leads (ties: lowest user id).
    LeastLoaded { department_id: String },
    /// The team of the longest territory prefix matching the lead's region, then least loaded.
    Territory,
}

/// Assigns one lead (`id`) or several (`ids`, assigned atomically in order).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignRequest {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub ids: Vec<String>,
    pub method: AssignMethod,
}

impl AssignRequest {
    /// The lead ids in order: `id` first when given, then `ids`.
    pub(crate) fn lead_ids(&self) -> DomainResult<Vec<String>> {
        let ids: Vec<String> = self.id.iter().chain(self.ids.iter()).cloned().collect();
        if ids.is_empty() {
            return Err(DomainError::validation("ids", "name at least one lead (id or ids)"));
        }
        for (i, id) in ids.iter().enumerate() {
            if ids[..i].contains(id) {
                return Err(DomainError::validation("ids", "a lead is named twice"));
            }
        }
        Ok(ids)
    }
}

/// A territory: leads whose region lies under `region_prefix` go to the team of `department_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Territory {
    /// A region code (`44` or `44/4403`); covers itself and every region below it.
    pub region_prefix: String,
    pub department_id: String,
}

impl Territory {
    /// Validates the region prefix.
    pub(crate) fn validated(&self) -> DomainResult<Territory> {
        let region_prefix = text::region("region_prefix", Some(&self.region_prefix))?
            .ok_or_else(|| DomainError::validation("region_prefix", "is required"))?;
        Ok(Territory { region_prefix, department_id: self.department_id.trim().to_string() })
    }
}

/// A team member and their load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: String,
    /// Leads the user owns in status assigned, working or qualified.
    pub open_leads: i64,
}

/// Round robin: the first member (by user id) after `last`, wrapping to the
/// first; the first member when there is no position yet. `None` for an empty team.
pub(crate) fn round_robin<'a>(team: &'a [Candidate], last: Option<&str>) -> Option<&'a Candidate> {
    let mut sorted: Vec<&Candidate> = team.iter().collect();
    sort::sort_by(&mut sorted, |a, b| a.user_id.cmp(&b.user_id));
    let next = last.and_then(|l| sorted.iter().find(|c| c.user_id.as_str() > l));
    next.or(sorted.first()).copied()
}

/// Least loaded: the fewest open leads, ties by the lowest user id. `None` for an empty team.
pub(crate) fn least_loaded(team: &[Candidate]) -> Option<&Candidate> {
    team.iter().min_by(|a, b| a.open_leads.cmp(&b.open_leads).then_with(|| a.user_id.cmp(&b.user_id)))
}

/// The territory with the longest prefix covering `region` (`44/4403` before `44`).
pub(crate) fn territory_for<'a>(region: &str, territories: &'a [Territory]) -> Option<&'a Territory> {
    territories.iter().filter(|t| text::region_under(region, &t.region_prefix)).max_by(|a, b| {
        a.region_prefix.len().cmp(&b.region_prefix.len()).then_with(|| b.region_prefix.cmp(&a.region_prefix))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team(loads: &[(&str, i64)]) -> Vec<Candidate> {
        loads.iter().map(|(u, n)| Candidate { user_id: u.to_string(), open_leads: *n }).collect()
    }

    #[test]
    fn lead_3_round_robin_wraps() {
        let t = team(&[("b", 0), ("a", 0), ("c", 0)]);
        assert_eq!(round_robin(&t, None).unwrap().user_id, "a");
        assert_eq!(round_robin(&t, Some("a")).unwrap().user_id, "b");
        assert_eq!(round_robin(&t, Some("b")).unwrap().user_id, "c");
        assert_eq!(round_robin(&t, Some("c")).unwrap().user_id, "a");
        // A departed member's position still points at the next one.
        assert_eq!(round_robin(&t, Some("bb")).unwrap().user_id, "c");
        assert!(round_robin(&[], Some("a")).is_none());
    }

    #[test]
    fn lead_3_least_loaded_ties_by_user_id() {
        let t = team(&[("c", 1), ("b", 2), ("a", 1)]);
        assert_eq!(least_loaded(&t).unwrap().user_id, "a");
        let t = team(&[("c", 0), ("b", 2), ("a", 1)]);
        assert_eq!(least_loaded(&t).unwrap().user_id, "c");
        assert!(least_loaded(&[]).is_none());
    }

    #[test]
    fn lead_3_territory_longest_prefix() {
        let ts = vec![
            Territory { region_prefix: "44".into(), department_id: "south".into() },
            Territory { region_prefix: "44/4403".into(), department_id: "shenzhen".into() },
            Territory { region_prefix: "11".into(), department_id: "north".into() },
        ];
        assert_eq!(territory_for("44/4403/440305", &ts).unwrap().department_id, "shenzhen");
        assert_eq!(territory_for("44/4401", &ts).unwrap().department_id, "south");
        assert_eq!(territory_for("44", &ts).unwrap().department_id, "south");
        assert!(territory_for("440", &ts).is_none());
        assert!(territory_for("31", &ts).is_none());
    }

    #[test]
    fn lead_3_assign_request_names_leads() {
        let r = AssignRequest { id: None, ids: vec![], method: AssignMethod::Territory };
        assert!(r.lead_ids().is_err());
        let r = AssignRequest { id: Some("a".into()), ids: vec!["b".into()], method: AssignMethod::Territory };
        assert_eq!(r.lead_ids().unwrap(), vec!["a", "b"]);
        let r = AssignRequest { id: Some("a".into()), ids: vec!["a".into()], method: AssignMethod::Territory };
        assert!(r.lead_ids().is_err());
        let m: AssignMethod = serde_json::from_str(r#"{"kind": "round_robin", "department_id": "d"}"#).unwrap();
        assert_eq!(m, AssignMethod::RoundRobin { department_id: "d".into() });
    }
}
