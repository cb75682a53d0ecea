-- Schema v5, approval flows (ORG-5): each document type's flow by version, and each submission's route,
-- the users each step is addressed to, and its history. OPP-3's submissions move here from
-- `opportunity_approvals`, as approvals under the built-in default flow (version 0).

-- A configured flow version; a type without one follows its built-in default.
CREATE TABLE approval_flows (
    id            TEXT PRIMARY KEY,
    document_type TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    UNIQUE (document_type, version)
) STRICT;

CREATE TABLE approval_flow_steps (
    flow_id         TEXT NOT NULL REFERENCES approval_flows (id),
    position        INTEGER NOT NULL,                -- 1, 2, ...
    name            TEXT NOT NULL,
    approver        TEXT NOT NULL,                   -- manager_in_scope | manager | nearest_role | role | user
    levels          INTEGER,                         -- manager
    role            TEXT,                            -- nearest_role, role
    department_id   TEXT REFERENCES departments (id), -- role (optional)
    user_id         TEXT REFERENCES users (id),       -- user
    condition_field TEXT,
    condition_op    TEXT,
    condition_value TEXT,                            -- the threshold, as JSON
    PRIMARY KEY (flow_id, position)
) STRICT, WITHOUT ROWID;

-- One submission of a document; its route is fixed when it is submitted.
CREATE TABLE approvals (
    id            TEXT PRIMARY KEY,
    document_type TEXT NOT NULL,
    document_id   TEXT NOT NULL,
    subject       TEXT,            -- what of the document is approved: an opportunity evaluation's stage id
    flow_version  INTEGER NOT NULL,
    status        TEXT NOT NULL,   -- pending | approved | rejected
    current_step  INTEGER,         -- the waiting step's position while pending
    submitted_by  TEXT,
    submitted_at  TEXT NOT NULL,
    note          TEXT,
    decided_at    TEXT,
    reason        TEXT
) STRICT;
CREATE INDEX approvals_by_document ON approvals (document_id, submitted_at);

CREATE TABLE approval_steps (
    approval_id TEXT NOT NULL REFERENCES approvals (id),
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,     -- skipped | upcoming | waiting | approved | rejected
    PRIMARY KEY (approval_id, position)
) STRICT, WITHOUT ROWID;

-- Who may decide each step; `waiting_since` is set on the rows of the waiting step only, so the open
-- rows are every user's inbox and the readers a waiting document gains.
CREATE TABLE approval_addressees (
    approval_id   TEXT NOT NULL REFERENCES approvals (id),
    position      INTEGER NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id),
    document_id   TEXT NOT NULL,
    waiting_since TEXT,
    PRIMARY KEY (approval_id, position, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX approval_inbox ON approval_addressees (user_id, waiting_since, approval_id)
    WHERE waiting_since IS NOT NULL;
CREATE INDEX approval_readers ON approval_addressees (document_id, user_id) WHERE waiting_since IS NOT NULL;

CREATE TABLE approval_events (
    approval_id TEXT NOT NULL REFERENCES approvals (id),
    seq         INTEGER NOT NULL,  -- 1 for the submission
    at          TEXT NOT NULL,
    position    INTEGER,
    actor_id    TEXT,
    action      TEXT NOT NULL,     -- submitted | approved | rejected | sent_back
    comment     TEXT,
    PRIMARY KEY (approval_id, seq)
) STRICT, WITHOUT ROWID;

-- OPP-3's submissions, each a one-step approval ("manager": any manager whose scope covers the owner).
INSERT INTO approvals (id, document_type, document_id, subject, flow_version, status, current_step,
                       submitted_by, submitted_at, note, decided_at, reason)
SELECT id, 'opportunity_evaluation', opportunity_id, stage_id, 0, COALESCE(decision, 'pending'),
       CASE WHEN decision IS NULL THEN 1 END, submitted_by, submitted_at, note, decided_at,
       CASE WHEN decision = 'rejected' THEN decision_note END
  FROM opportunity_approvals;
INSERT INTO approval_steps (approval_id, position, name, status)
SELECT id, 1, 'manager', COALESCE(decision, 'waiting') FROM opportunity_approvals;
INSERT INTO approval_events (approval_id, seq, at, position, actor_id, action, comment)
SELECT id, 1, submitted_at, NULL, submitted_by, 'submitted', note FROM opportunity_approvals;
INSERT INTO approval_events (approval_id, seq, at, position, actor_id, action, comment)
SELECT id, 2, decided_at, 1, decided_by, decision, decision_note FROM opportunity_approvals WHERE decision IS NOT NULL;
-- A waiting submission is addressed, as the engine addresses one, to the active managers whose widest
-- role scope (configured, or the role's default) covers the owner, the submitter left out.
WITH widths AS (
    SELECT ur.user_id,
           MAX(CASE COALESCE(rs.scope, CASE ur.role WHEN 'admin' THEN 'all'
                                                    WHEN 'sales_rep' THEN 'own'
                                                    WHEN 'service_agent' THEN 'own'
                                                    ELSE 'department_tree' END)
               WHEN 'all' THEN 4 WHEN 'department_tree' THEN 3 WHEN 'department' THEN 2 ELSE 1 END) AS width
      FROM user_roles ur LEFT JOIN role_scopes rs ON rs.role = ur.role
     GROUP BY ur.user_id
), managers AS (
    SELECT u.id, u.department_id, d.path, w.width
      FROM users u JOIN departments d ON d.id = u.department_id JOIN widths w ON w.user_id = u.id
     WHERE u.active = 1
       AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id
                   AND r.role IN ('admin', 'sales_manager', 'service_manager'))
)
INSERT INTO approval_addressees (approval_id, position, user_id, document_id, waiting_since)
SELECT a.id, 1, m.id, a.opportunity_id, a.submitted_at
  FROM opportunity_approvals a
  JOIN opportunities o ON o.id = a.opportunity_id
  LEFT JOIN users ou ON ou.id = o.owner_id
  LEFT JOIN departments od ON od.id = ou.department_id
  JOIN managers m ON m.width = 4
                  OR m.id = o.owner_id
                  OR (m.width = 2 AND ou.department_id = m.department_id)
                  OR (m.width = 3 AND substr(od.path, 1, length(m.path)) = m.path)
 WHERE a.decision IS NULL AND m.id IS NOT a.submitted_by;
DROP TABLE opportunity_approvals;
