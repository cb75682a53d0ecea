-- Schema v1, organisation and access (ORG-1, ORG-2): departments, users, roles, role scopes.

CREATE TABLE departments (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    parent_id    TEXT REFERENCES departments (id),
    -- Materialised path of ids, '/root/child/', so a subtree is one prefix match.
    path         TEXT NOT NULL UNIQUE,
    external_ref TEXT UNIQUE,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    archived_at  TEXT
) STRICT;
CREATE INDEX departments_by_parent ON departments (parent_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT,
    phone         TEXT,
    department_id TEXT NOT NULL REFERENCES departments (id),
    manager_id    TEXT REFERENCES users (id),
    active        INTEGER NOT NULL DEFAULT 1,
    external_ref  TEXT UNIQUE,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX users_by_department ON users (department_id);
CREATE UNIQUE INDEX users_by_email ON users (email) WHERE email IS NOT NULL;

CREATE TABLE user_roles (
    user_id TEXT NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

-- Configured data scope per role; a role without a row has its default scope.
CREATE TABLE role_scopes (
    role  TEXT PRIMARY KEY,
    scope TEXT NOT NULL
) STRICT;
