-- Schema v1, activities (ACT-1) and the agenda (ACT-4).

CREATE TABLE activities (
    id               TEXT PRIMARY KEY,
    kind             TEXT NOT NULL,          -- call | visit | meeting | email | task | note
    subject          TEXT NOT NULL,
    starts_at        TEXT,                   -- planned or actual start (UTC instant)
    duration_minutes INTEGER,
    due_date         TEXT,                   -- calendar date, for tasks
    customer_id      TEXT REFERENCES customers (id),
    contact_id       TEXT REFERENCES contacts (id),
    opportunity_id   TEXT REFERENCES opportunities (id),
    ticket_id        TEXT,
    owner_id         TEXT REFERENCES users (id),
    status           TEXT NOT NULL,          -- planned | done | cancelled
    outcome          TEXT,
    remind_at        TEXT,
    completed_at     TEXT,
    custom           TEXT NOT NULL DEFAULT '{}',
    external_ref     TEXT UNIQUE,
    created_by       TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    archived_at      TEXT
) STRICT;
CREATE INDEX activities_by_owner ON activities (owner_id, status, starts_at);
CREATE INDEX activities_by_customer ON activities (customer_id, starts_at);
CREATE INDEX activities_by_reminder ON activities (owner_id, remind_at) WHERE remind_at IS NOT NULL;
