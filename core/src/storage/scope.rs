//! Scope as SQL (ORG-3): the WHERE fragment that keeps lists, searches and reports to the actor's records.

use rusqlite::types::Value as SqlValue;

use crate::domain::access::{Actor, Scope};

/// How a list query restricts owned records, built from the actor.
#[derive(Debug, Clone)]
pub(crate) struct ListScope {
    scope: Scope,
    user_id: String,
    department_id: String,
    department_path: String,
}

impl ListScope {
    pub(crate) fn of(actor: &Actor) -> ListScope {
        match actor {
            Actor::System => ListScope {
                scope: Scope::All,
                user_id: String::new(),
                department_id: String::new(),
                department_path: String::new(),
            },
            Actor::User(u) => ListScope {
                scope: u.scope,
                user_id: u.id.clone(),
                department_id: u.department_id.clone(),
                department_path: u.department_path.clone(),
            },
        }
    }

    /// A boolean SQL expression over `owner_col` (e.g. `c.owner_id`) that is
    /// true for records whose owner the actor's scope covers. Parameters are
    /// appended to `params`.
    pub(crate) fn owner_sql(&self, owner_col: &str, params: &mut Vec<SqlValue>) -> String {
        match self.scope {
            Scope::All => "1".into(),
            Scope::Own => {
                params.push(self.user_id.clone().into());
                format!("{owner_col} = ?{}", params.len())
            }
            Scope::Department => {
                params.push(self.user_id.clone().into());
                let u = params.len();
                params.push(self.department_id.clone().into());
                let d = params.len();
                format!("({owner_col} = ?{u} OR {owner_col} IN (SELECT id FROM users WHERE department_id = ?{d}))")
            }
            Scope::DepartmentTree => {
                params.push(self.user_id.clone().into());
                let u = params.len();
                params.push(format!("{}%", escape_like(&self.department_path)).into());
                let p = params.len();
                format!(
                    "({owner_col} = ?{u} OR {owner_col} IN (SELECT us.id FROM users us JOIN departments dp ON dp.id = us.department_id WHERE dp.path LIKE ?{p} ESCAPE '\\'))"
                )
            }
        }
    }

    /// The user id for collaborator and similar checks (empty for system).
    pub(crate) fn user_id(&self) -> &str {
        &self.user_id
    }

    pub(crate) fn is_all(&self) -> bool {
        self.scope == Scope::All
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
