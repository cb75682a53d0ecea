-- Schema v13, imports (LIFE-1): each import is recorded with its counts, and each record it wrote with
-- what it was before (NULL: the import created it), so the import can be reverted exactly.
CREATE TABLE imports (
    id          TEXT PRIMARY KEY,
    entity      TEXT NOT NULL,     -- customers | contacts | leads | products | orders | receipts
    format      TEXT NOT NULL,     -- csv | jsonl
    source      TEXT,              -- the file's name, NULL for text
    duplicates  TEXT NOT NULL,     -- update | skip | create
    mode        TEXT NOT NULL,     -- all_or_nothing | skip_invalid
    actor_id    TEXT,              -- NULL: the host
    created_at  TEXT NOT NULL,
    rows        INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    reverted_at TEXT,
    reverted_by TEXT
) STRICT;
CREATE INDEX imports_by_time ON imports (created_at DESC, id DESC);

CREATE TABLE import_items (
    import_id   TEXT NOT NULL REFERENCES imports (id),
    record_id   TEXT NOT NULL,
    before      TEXT,              -- the record as JSON before the import updated it; NULL: created by it
    written_at  TEXT NOT NULL,     -- the record's updated_at as the import left it (a later change is not undone)
    PRIMARY KEY (import_id, record_id)
) STRICT, WITHOUT ROWID;
