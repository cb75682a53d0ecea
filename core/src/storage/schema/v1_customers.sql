-- Schema v1, customers and contacts (CUS-1, CUS-3).

CREATE TABLE customers (
    id              TEXT PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    kind            TEXT NOT NULL,            -- company | individual
    status          TEXT NOT NULL,            -- potential | transaction
    owner_id        TEXT REFERENCES users (id),   -- NULL: in the public pool
    department_id   TEXT REFERENCES departments (id),
    region          TEXT,                     -- hierarchical code, e.g. 44/4403
    industry        TEXT,
    source          TEXT,
    phone           TEXT,
    email           TEXT,
    website         TEXT,
    address         TEXT,
    credit_limit    INTEGER,                  -- minor units of the base currency
    custom          TEXT NOT NULL DEFAULT '{}',
    external_ref    TEXT UNIQUE,
    last_contact_at TEXT,
    created_by      TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    archived_at     TEXT
) STRICT;
CREATE INDEX customers_by_owner ON customers (owner_id, id);
CREATE INDEX customers_by_region ON customers (region);
CREATE INDEX customers_by_name_key ON customers (name_key);

CREATE TABLE customer_tags (
    customer_id TEXT NOT NULL REFERENCES customers (id),
    tag         TEXT NOT NULL,
    PRIMARY KEY (customer_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_tags_by_tag ON customer_tags (tag, customer_id);

CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    title        TEXT,
    phones       TEXT NOT NULL DEFAULT '[]',
    emails       TEXT NOT NULL DEFAULT '[]',
    birthday     TEXT,                        -- calendar date
    deal_role    TEXT,                        -- decision_maker | influencer | user | gatekeeper
    reports_to   TEXT REFERENCES contacts (id),
    is_primary   INTEGER NOT NULL DEFAULT 0,
    custom       TEXT NOT NULL DEFAULT '{}',
    external_ref TEXT UNIQUE,
    created_by   TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    archived_at  TEXT
) STRICT;
CREATE INDEX contacts_by_customer ON contacts (customer_id, id);
-- At most one primary contact per customer among the live contacts.
CREATE UNIQUE INDEX contacts_one_primary ON contacts (customer_id)
    WHERE is_primary = 1 AND archived_at IS NULL;
