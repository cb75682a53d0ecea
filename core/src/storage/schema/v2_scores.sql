-- Schema v2, value models and scores (SCORE-1..3), RFM segments and ABC classes (SCORE-4, SCORE-5).

CREATE TABLE value_models (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    is_default  INTEGER NOT NULL DEFAULT 0,
    dimensions  TEXT NOT NULL,                 -- JSON array of dimensions
    grading     TEXT NOT NULL,                 -- JSON grading method
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    archived_at TEXT
) STRICT;

CREATE TABLE customer_scores (
    model_id      TEXT NOT NULL REFERENCES value_models (id),
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    model_version INTEGER NOT NULL,
    as_of         TEXT NOT NULL,
    score         INTEGER NOT NULL,            -- hundredths, 0..=10000
    grade         TEXT NOT NULL,
    dimension_values TEXT NOT NULL,            -- each dimension's raw value, comma-separated, empty when missing;
                                               -- the breakdown is rebuilt from them and the model (same version)
    PRIMARY KEY (model_id, customer_id)
) STRICT, WITHOUT ROWID;

-- RFM (NULL outside the population: no order on or before as_of) and ABC, per customer, from the last rescoring.
CREATE TABLE customer_segments (
    customer_id      TEXT PRIMARY KEY REFERENCES customers (id),
    as_of            TEXT NOT NULL,
    window_days      INTEGER NOT NULL,
    recency_days     INTEGER,
    frequency        INTEGER,
    monetary         INTEGER,
    r                INTEGER,
    f                INTEGER,
    m                INTEGER,
    segment          TEXT,
    abc_class        TEXT,
    abc_share_before INTEGER,                  -- millionths of window revenue ahead of this customer
    mean_interval_days REAL,                   -- SCORE-10, customers with at least 3 orders
    churn_risk       INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE INDEX customer_segments_at_risk ON customer_segments (churn_risk) WHERE churn_risk = 1;
