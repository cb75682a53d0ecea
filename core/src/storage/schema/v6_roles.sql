-- Schema v6, roles and permissions (ORG-6): custom roles with a scope and a permission set, the users
-- holding them, and grants of read or edit scope over departments to users or roles.

CREATE TABLE custom_roles (
    code        TEXT PRIMARY KEY,              -- never a built-in role's name
    name        TEXT NOT NULL,
    scope       TEXT NOT NULL,                 -- own | subordinates | department | department_tree | all
    permissions TEXT NOT NULL,                 -- {"customer": ["create", "edit"], ...}
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE user_custom_roles (
    user_id TEXT NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL REFERENCES custom_roles (code),
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_custom_roles_by_role ON user_custom_roles (role);

-- Read or edit scope over a department and the departments below it, to one user or to every holder
-- of a role (built-in or custom).
CREATE TABLE access_grants (
    id            TEXT PRIMARY KEY,
    user_id       TEXT REFERENCES users (id),
    role          TEXT,
    department_id TEXT NOT NULL REFERENCES departments (id),
    access        TEXT NOT NULL,               -- read | edit
    created_at    TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (role IS NULL))
) STRICT;
CREATE UNIQUE INDEX access_grants_by_user ON access_grants (user_id, department_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX access_grants_by_role ON access_grants (role, department_id) WHERE role IS NOT NULL;
