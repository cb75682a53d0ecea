-- Schema v3, cheaper statistics and rescoring at scale (CUS-4, SCORE-1..5).

-- A customer's orders and receipts as its statistics are recomputed, read from these indexes alone
-- (the same leading columns as before, so range reads by customer and date keep working).
DROP INDEX orders_by_customer;
CREATE INDEX orders_by_customer ON orders (customer_id, order_date, status, due_date, amount_base, id);
DROP INDEX receipts_by_customer;
CREATE INDEX receipts_by_customer ON receipts (customer_id, receipt_date, amount_base, order_id);

-- The live customers' ids and codes in id order, read from this small index alone and merged with
-- customer_stats (also in id order) instead of a lookup per customer.
CREATE INDEX customers_live_codes ON customers (id, code) WHERE archived_at IS NULL;

-- Scores and segments keep no per-row date: the rescoring's date is kept once (value_models.scored_as_of,
-- meta segments_as_of / segments_window_days) and recency is derived from the last order date, so a daily
-- rescoring rewrites only the rows whose result changed.
ALTER TABLE value_models ADD COLUMN scored_as_of TEXT;
UPDATE value_models SET scored_as_of = (SELECT MAX(as_of) FROM customer_scores s WHERE s.model_id = value_models.id);

CREATE TABLE customer_scores_v3 (
    model_id      TEXT NOT NULL REFERENCES value_models (id),
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    model_version INTEGER NOT NULL,
    score         INTEGER NOT NULL,            -- hundredths, 0..=10000
    grade         TEXT NOT NULL,
    dimension_values TEXT NOT NULL,            -- each dimension's raw value, comma-separated, empty when missing;
                                               -- the breakdown is rebuilt from them and the model (same version)
    PRIMARY KEY (model_id, customer_id)
) STRICT, WITHOUT ROWID;
INSERT INTO customer_scores_v3 (model_id, customer_id, model_version, score, grade, dimension_values)
    SELECT model_id, customer_id, model_version, score, grade, dimension_values FROM customer_scores;
DROP TABLE customer_scores;
ALTER TABLE customer_scores_v3 RENAME TO customer_scores;

INSERT INTO meta (key, value) SELECT 'segments_as_of', MAX(as_of) FROM customer_segments HAVING COUNT(*) > 0;
INSERT INTO meta (key, value) SELECT 'segments_window_days', MAX(window_days) FROM customer_segments HAVING COUNT(*) > 0;
-- RFM (NULL outside the population: no order on or before the date) and ABC, per customer, from the last rescoring.
CREATE TABLE customer_segments_v3 (
    customer_id      TEXT PRIMARY KEY REFERENCES customers (id),
    last_order_date  TEXT,                     -- recency is the days from it to segments_as_of
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
INSERT INTO customer_segments_v3 (customer_id, last_order_date, frequency, monetary, r, f, m, segment, abc_class,
                                  abc_share_before, mean_interval_days, churn_risk)
    SELECT customer_id, CASE WHEN recency_days IS NULL THEN NULL ELSE date(as_of, '-' || recency_days || ' days') END,
           frequency, monetary, r, f, m, segment, abc_class, abc_share_before, mean_interval_days, churn_risk
    FROM customer_segments;
DROP TABLE customer_segments;
ALTER TABLE customer_segments_v3 RENAME TO customer_segments;
CREATE INDEX customer_segments_at_risk ON customer_segments (churn_risk) WHERE churn_risk = 1;
