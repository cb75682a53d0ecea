-- Schema v7, notifications (ORG-7): each user's inbox of what the engine raised for them, the
-- announcements posted to departments, and the outbox of messages the host delivers.

CREATE TABLE inbox_entries (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id),
    kind       TEXT NOT NULL,                 -- approval | approval_decided | assignment | alert | reminder | announcement
    entity     TEXT,                          -- the kind of record it concerns (`opportunity`), if any
    record_id  TEXT,
    title      TEXT NOT NULL,                 -- the record's name or code, or the announcement's title
    params     TEXT NOT NULL,                 -- JSON object: what a host needs to word it
    -- Raised once per user: an alert per record and day, a reminder per activity and time, an
    -- approval step per approval and position.
    dedupe_key TEXT,
    created_at TEXT NOT NULL,
    read_at    TEXT
) STRICT;
-- Unread first, newest first: the first page of an inbox is one index range.
CREATE INDEX inbox_by_user ON inbox_entries (user_id, read_at IS NOT NULL, created_at DESC, id DESC);
CREATE UNIQUE INDEX inbox_by_dedupe ON inbox_entries (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Each user's unread count, kept by triggers in the same transaction as every change of an entry, so
-- the count an inbox page carries is one lookup, not a walk over every unread entry.
CREATE TABLE inbox_unread (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    unread  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER inbox_unread_on_insert AFTER INSERT ON inbox_entries WHEN NEW.read_at IS NULL BEGIN
    INSERT INTO inbox_unread (user_id, unread) VALUES (NEW.user_id, 1)
        ON CONFLICT (user_id) DO UPDATE SET unread = unread + 1;
END;
CREATE TRIGGER inbox_unread_on_read AFTER UPDATE OF read_at ON inbox_entries
    WHEN (OLD.read_at IS NULL) <> (NEW.read_at IS NULL) BEGIN
    UPDATE inbox_unread SET unread = unread + (CASE WHEN NEW.read_at IS NULL THEN 1 ELSE -1 END)
        WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER inbox_unread_on_delete AFTER DELETE ON inbox_entries WHEN OLD.read_at IS NULL BEGIN
    UPDATE inbox_unread SET unread = unread - 1 WHERE user_id = OLD.user_id;
END;

CREATE TABLE announcements (
    id              TEXT PRIMARY KEY,
    author_id       TEXT REFERENCES users (id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    department_ids  TEXT NOT NULL,            -- JSON array, as posted
    subdepartments  INTEGER NOT NULL,         -- 1: the departments below them too
    recipients      INTEGER NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;

CREATE TABLE outbox_messages (
    id             TEXT PRIMARY KEY,
    channel        TEXT NOT NULL,             -- push | sms | email
    recipient_kind TEXT NOT NULL,             -- user | contact | customer
    recipient_id   TEXT NOT NULL,
    address        TEXT,                      -- phone or email for sms and email; null for push (the host knows the device)
    customer_id    TEXT REFERENCES customers (id),
    template_key   TEXT NOT NULL,
    params         TEXT NOT NULL,             -- JSON object
    entity         TEXT,                      -- the record it concerns, if any
    record_id      TEXT,
    dedupe_key     TEXT UNIQUE,               -- raised once (a birthday greeting per contact and year)
    created_by     TEXT REFERENCES users (id),
    created_at     TEXT NOT NULL,
    status         TEXT NOT NULL,             -- pending | sent | failed
    taken_at       TEXT,                      -- when the host last took it; offered again after its lease
    attempts       INTEGER NOT NULL DEFAULT 0,
    reported_at    TEXT,
    error          TEXT,
    activity_id    TEXT                       -- the activity logging a delivery to a customer
) STRICT;
CREATE INDEX outbox_pending ON outbox_messages (status, taken_at, created_at, id);
