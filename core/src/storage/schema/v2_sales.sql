-- Schema v2, sales documents pushed by the host ERP (DOC-8) and the per-customer statistics (CUS-4) they feed.

CREATE TABLE orders (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL,            -- the ERP's order number, or SO-000001
    customer_id      TEXT NOT NULL REFERENCES customers (id),
    status           TEXT NOT NULL,            -- draft | submitted | approved | rejected | partially_delivered | delivered | completed | cancelled
    order_date       TEXT NOT NULL,            -- calendar date
    due_date         TEXT NOT NULL,            -- when the receivable falls due
    amount           INTEGER NOT NULL,         -- minor units of currency
    currency         TEXT NOT NULL,
    fx_rate          TEXT NOT NULL,
    amount_base      INTEGER NOT NULL,         -- minor units of the base currency
    delivered_amount INTEGER NOT NULL DEFAULT 0,
    external_ref     TEXT NOT NULL UNIQUE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX orders_by_customer ON orders (customer_id, order_date);
CREATE INDEX orders_by_date ON orders (order_date, customer_id);
CREATE INDEX orders_by_due_date ON orders (due_date, customer_id);

CREATE TABLE deliveries (
    id            TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL REFERENCES orders (id),
    delivery_date TEXT NOT NULL,
    amount        INTEGER NOT NULL,            -- minor units of the order's currency
    external_ref  TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL
) STRICT;
CREATE INDEX deliveries_by_order ON deliveries (order_id);

CREATE TABLE receipts (
    id           TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL REFERENCES customers (id),
    order_id     TEXT REFERENCES orders (id),
    receipt_date TEXT NOT NULL,
    amount       INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    fx_rate      TEXT NOT NULL,
    amount_base  INTEGER NOT NULL,
    external_ref TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX receipts_by_customer ON receipts (customer_id, receipt_date);
CREATE INDEX receipts_by_date ON receipts (receipt_date, customer_id);

-- One row per customer with documents or activities, as of the reference date in meta `stats_as_of`
-- (window length in `stats_window_days`); recomputed from the customer's own documents when one changes.
CREATE TABLE customer_stats (
    customer_id           TEXT PRIMARY KEY REFERENCES customers (id),
    order_count           INTEGER NOT NULL,
    order_amount          INTEGER NOT NULL,
    year_order_count      INTEGER NOT NULL,
    year_order_amount     INTEGER NOT NULL,
    largest_order         INTEGER NOT NULL,
    first_order_date      TEXT,
    last_order_date       TEXT,
    window_order_count    INTEGER NOT NULL,
    window_order_amount   INTEGER NOT NULL,
    receipts_amount       INTEGER NOT NULL,
    outstanding_amount    INTEGER NOT NULL,
    overdue_amount        INTEGER NOT NULL,
    activity_count        INTEGER NOT NULL,
    recent_activity_count INTEGER NOT NULL,
    last_activity_date    TEXT
) STRICT, WITHOUT ROWID;

-- Done activities by completion time, to find whose recent-activity count a new reference date changes.
CREATE INDEX activities_done_by_time ON activities (completed_at) WHERE status = 'done';
