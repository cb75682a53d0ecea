-- Schema v1, core: engine metadata, the organisation, code sequences, custom fields, dedupe keys, the audit log.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE organisation (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    name               TEXT NOT NULL,
    base_currency      TEXT NOT NULL,
    utc_offset_minutes INTEGER NOT NULL,
    country_code       TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

-- Readable sequential codes (C-000123): one row per entity type; values are never reused.
CREATE TABLE code_sequences (
    entity     TEXT PRIMARY KEY,
    prefix     TEXT NOT NULL,
    next_value INTEGER NOT NULL
) STRICT;

CREATE TABLE custom_field_defs (
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    field_type TEXT NOT NULL,
    required   INTEGER NOT NULL DEFAULT 0,
    choices    TEXT NOT NULL DEFAULT '[]',
    position   INTEGER NOT NULL,
    PRIMARY KEY (entity, key)
) STRICT;

-- Normalised dedupe keys (name, phone, email) of customers, contacts and leads.
CREATE TABLE dedupe_keys (
    kind      TEXT NOT NULL,
    key       TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    PRIMARY KEY (kind, key, entity, entity_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX dedupe_keys_by_record ON dedupe_keys (entity, entity_id);

-- One row per mutation: the audit trail and the change feed (seq, hlc).
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    hlc       TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor_id  TEXT,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action    TEXT NOT NULL,
    changes   TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_by_record ON audit_log (entity, entity_id, seq);
