-- Schema v1, leads and their assignment (LEAD-1, LEAD-3, LEAD-4).

CREATE TABLE leads (
    id                       TEXT PRIMARY KEY,
    code                     TEXT NOT NULL UNIQUE,
    person_name              TEXT NOT NULL,
    company_name             TEXT,
    title                    TEXT,
    phone                    TEXT,
    email                    TEXT,
    region                   TEXT,
    industry                 TEXT,
    source                   TEXT,
    campaign                 TEXT,
    status                   TEXT NOT NULL,   -- new|assigned|working|qualified|converted|disqualified|recycled
    disqualify_reason        TEXT,
    owner_id                 TEXT REFERENCES users (id),
    score                    INTEGER NOT NULL DEFAULT 0,
    custom                   TEXT NOT NULL DEFAULT '{}',
    external_ref             TEXT UNIQUE,
    converted_customer_id    TEXT REFERENCES customers (id),
    converted_contact_id     TEXT REFERENCES contacts (id),
    converted_opportunity_id TEXT,
    converted_at             TEXT,
    created_by               TEXT,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    archived_at              TEXT
) STRICT;
CREATE INDEX leads_by_owner ON leads (owner_id, status);
CREATE INDEX leads_by_source ON leads (source, status);

-- Territories: a region code prefix routes leads to a team (a department).
CREATE TABLE lead_territories (
    region_prefix TEXT PRIMARY KEY,
    department_id TEXT NOT NULL REFERENCES departments (id)
) STRICT;

-- Round-robin position per team: the user who got the last lead.
CREATE TABLE lead_round_robin (
    department_id TEXT PRIMARY KEY REFERENCES departments (id),
    last_user_id  TEXT NOT NULL REFERENCES users (id)
) STRICT;
