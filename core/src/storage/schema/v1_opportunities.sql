-- Schema v1, pipelines and opportunities (OPP-1 to OPP-5).

CREATE TABLE pipelines (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE pipeline_stages (
    id                TEXT PRIMARY KEY,
    pipeline_id       TEXT NOT NULL REFERENCES pipelines (id),
    code              TEXT NOT NULL,
    name              TEXT NOT NULL,
    position          INTEGER NOT NULL,
    probability       INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
    requires_approval INTEGER NOT NULL DEFAULT 0,
    forecast_category TEXT NOT NULL DEFAULT 'pipeline',
    active            INTEGER NOT NULL DEFAULT 1,  -- 0: retired by a pipeline update (kept for history)
    UNIQUE (pipeline_id, code)
) STRICT;

CREATE TABLE opportunities (
    id                   TEXT PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE,
    customer_id          TEXT NOT NULL REFERENCES customers (id),
    title                TEXT NOT NULL,
    amount               INTEGER NOT NULL,        -- minor units of `currency`
    currency             TEXT NOT NULL,
    fx_rate              TEXT NOT NULL DEFAULT '1',
    amount_base          INTEGER NOT NULL,        -- minor units of the base currency
    expected_close_date  TEXT,
    pipeline_id          TEXT NOT NULL REFERENCES pipelines (id),
    stage_id             TEXT NOT NULL REFERENCES pipeline_stages (id),
    probability_override INTEGER,
    owner_id             TEXT REFERENCES users (id),
    source               TEXT,
    campaign             TEXT,
    status               TEXT NOT NULL,           -- open | won | lost | abandoned
    close_reason         TEXT,
    competitor           TEXT,
    closed_at            TEXT,
    approval_status      TEXT NOT NULL DEFAULT 'none', -- none | pending | approved | rejected
    approval_stage_id    TEXT REFERENCES pipeline_stages (id),
    custom               TEXT NOT NULL DEFAULT '{}',
    external_ref         TEXT UNIQUE,
    created_by           TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    archived_at          TEXT
) STRICT;
CREATE INDEX opportunities_by_owner ON opportunities (owner_id, status);
CREATE INDEX opportunities_by_customer ON opportunities (customer_id);
CREATE INDEX opportunities_by_stage ON opportunities (pipeline_id, stage_id, status);

CREATE TABLE opportunity_lines (
    opportunity_id TEXT NOT NULL REFERENCES opportunities (id),
    position       INTEGER NOT NULL,
    product_code   TEXT,
    description    TEXT NOT NULL,
    quantity       TEXT NOT NULL,                 -- decimal, fixed scale
    unit_price     INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    PRIMARY KEY (opportunity_id, position)
) STRICT, WITHOUT ROWID;

-- OPP-4: every visit to a stage, with when it began and ended.
CREATE TABLE opportunity_stage_history (
    id             INTEGER PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities (id),
    stage_id       TEXT NOT NULL REFERENCES pipeline_stages (id),
    entered_at     TEXT NOT NULL,
    left_at        TEXT,
    actor_id       TEXT
) STRICT;
CREATE INDEX stage_history_by_opportunity ON opportunity_stage_history (opportunity_id, id);

CREATE TABLE opportunity_collaborators (
    opportunity_id TEXT NOT NULL REFERENCES opportunities (id),
    user_id        TEXT NOT NULL REFERENCES users (id),
    access         TEXT NOT NULL,                  -- read | edit
    PRIMARY KEY (opportunity_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX collaborators_by_user ON opportunity_collaborators (user_id);

-- OPP-3: submissions at an approval stage and their decisions.
CREATE TABLE opportunity_approvals (
    id             TEXT PRIMARY KEY,
    opportunity_id TEXT NOT NULL REFERENCES opportunities (id),
    stage_id       TEXT NOT NULL REFERENCES pipeline_stages (id),
    submitted_by   TEXT,
    submitted_at   TEXT NOT NULL,
    note           TEXT,
    decision       TEXT,                           -- approved | rejected | NULL while pending
    decided_by     TEXT,
    decided_at     TEXT,
    decision_note  TEXT
) STRICT;
CREATE INDEX approvals_by_opportunity ON opportunity_approvals (opportunity_id, submitted_at);
