-- Schema v8, receivables (DOC-6): one row per receivable of a counting order (several once a payment plan splits
-- an order into instalments), settled by the customer's receipts; and the receivable a receipt names.

CREATE TABLE receivables (
    id               TEXT PRIMARY KEY,
    customer_id      TEXT NOT NULL REFERENCES customers (id),
    order_id         TEXT NOT NULL REFERENCES orders (id),
    seq              INTEGER NOT NULL,         -- instalment number, 1 for an order's single receivable
    due_date         TEXT NOT NULL,            -- calendar date
    amount_base      INTEGER NOT NULL,         -- what is owed, minor units of the base currency
    outstanding_base INTEGER NOT NULL,         -- what the settlement leaves unpaid (0 once closed)
    closed_at        TEXT,                     -- set when its order stopped counting (kept: receipts may name it)
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX receivables_by_order ON receivables (order_id, seq);
CREATE INDEX receivables_by_customer ON receivables (customer_id, due_date);
-- The aging report and the open lists: open receivables only, covering the report's columns.
CREATE INDEX receivables_open ON receivables (customer_id, due_date, outstanding_base) WHERE outstanding_base > 0;

ALTER TABLE receipts ADD COLUMN receivable_id TEXT REFERENCES receivables (id);

-- The receivables of the counting orders already stored, settled exactly as the engine settles them
-- (domain/receivable.rs `settle`): receipts naming an order pay it first (the excess, and receipts naming
-- an order that does not count, join the customer's pool); the pool pays the oldest receivables first, by
-- due date, then order date, then order id.
INSERT INTO receivables (id, customer_id, order_id, seq, due_date, amount_base, outstanding_base, closed_at,
                         created_at, updated_at)
WITH counting AS (
    SELECT o.id, o.customer_id, o.order_date, o.due_date, o.amount_base,
           MIN(o.amount_base, COALESCE((SELECT SUM(r.amount_base) FROM receipts r WHERE r.order_id = o.id), 0)) AS named
      FROM orders o
     WHERE o.status IN ('approved', 'partially_delivered', 'delivered', 'completed')
),
pool AS (
    SELECT c.customer_id,
           COALESCE((SELECT SUM(r.amount_base) FROM receipts r WHERE r.customer_id = c.customer_id), 0)
           - SUM(c.named) AS amount
      FROM counting c GROUP BY c.customer_id
),
ranked AS (
    SELECT c.*, c.amount_base - c.named AS remaining,
           SUM(c.amount_base - c.named) OVER (PARTITION BY c.customer_id ORDER BY c.due_date, c.order_date, c.id
                                              ROWS UNBOUNDED PRECEDING) - (c.amount_base - c.named) AS ahead
      FROM counting c
)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8'
             || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
       x.customer_id, x.id, 1, x.due_date, x.amount_base,
       x.remaining - MAX(0, MIN(x.remaining, p.amount - x.ahead)),
       NULL, o.created_at, o.created_at
  FROM ranked x
  JOIN pool p ON p.customer_id = x.customer_id
  JOIN orders o ON o.id = x.id;
