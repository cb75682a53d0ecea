-- Schema v2, what lead scoring and win prediction learn from closed history (SCORE-6).
-- kind: 'lead' (converted vs disqualified) or 'opportunity' (won vs lost).

-- Each closed record's outcome and feature values, kept so a change applies as a delta.
CREATE TABLE prediction_facts (
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    outcome   TEXT NOT NULL,                   -- won | lost
    features  TEXT NOT NULL,                   -- JSON object: feature -> value (missing values left out)
    PRIMARY KEY (kind, record_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE prediction_totals (
    kind TEXT PRIMARY KEY,
    won  INTEGER NOT NULL,
    lost INTEGER NOT NULL
) STRICT;

-- Per feature value: how many won and lost records had it (rows at zero are removed).
CREATE TABLE prediction_counts (
    kind    TEXT NOT NULL,
    feature TEXT NOT NULL,
    value   TEXT NOT NULL,
    won     INTEGER NOT NULL,
    lost    INTEGER NOT NULL,
    PRIMARY KEY (kind, feature, value)
) STRICT, WITHOUT ROWID;
