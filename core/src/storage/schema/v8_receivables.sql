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

-- The aging report's kept totals of the open receivables (outstanding_base > 0), kept by the triggers below in
-- the transaction of every change of a receivable: per customer (its first page of customers, largest total
-- first, is a walk of `receivable_customer_totals_by_total`) and per due date (the organisation's bucket totals
-- sum a few hundred rows). A row exists while it counts an open receivable.
CREATE TABLE receivable_customer_totals (
    customer_id      TEXT PRIMARY KEY REFERENCES customers (id),
    outstanding_base INTEGER NOT NULL,
    receivables      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX receivable_customer_totals_by_total ON receivable_customer_totals (outstanding_base DESC, customer_id);
CREATE TABLE receivable_due_totals (
    due_date         TEXT PRIMARY KEY,
    outstanding_base INTEGER NOT NULL,
    receivables      INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

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
-- (end of the receivables fill)

-- The kept totals of what the fill wrote (the triggers below keep them from here on).
INSERT INTO receivable_customer_totals (customer_id, outstanding_base, receivables)
SELECT customer_id, SUM(outstanding_base), COUNT(*) FROM receivables WHERE outstanding_base > 0 GROUP BY customer_id;
INSERT INTO receivable_due_totals (due_date, outstanding_base, receivables)
SELECT due_date, SUM(outstanding_base), COUNT(*) FROM receivables WHERE outstanding_base > 0 GROUP BY due_date;

-- The triggers keeping them: a change takes the old row's open amount out (dropping a total left counting
-- nothing) and puts the new row's in.
CREATE TRIGGER receivable_totals_on_insert AFTER INSERT ON receivables WHEN NEW.outstanding_base > 0 BEGIN
    INSERT INTO receivable_customer_totals (customer_id, outstanding_base, receivables)
        VALUES (NEW.customer_id, NEW.outstanding_base, 1)
        ON CONFLICT (customer_id) DO UPDATE SET outstanding_base = outstanding_base + excluded.outstanding_base,
                                                receivables = receivables + 1;
    INSERT INTO receivable_due_totals (due_date, outstanding_base, receivables)
        VALUES (NEW.due_date, NEW.outstanding_base, 1)
        ON CONFLICT (due_date) DO UPDATE SET outstanding_base = outstanding_base + excluded.outstanding_base,
                                             receivables = receivables + 1;
END;
CREATE TRIGGER receivable_totals_on_update AFTER UPDATE OF customer_id, due_date, outstanding_base ON receivables
    WHEN OLD.outstanding_base > 0 OR NEW.outstanding_base > 0 BEGIN
    UPDATE receivable_customer_totals
       SET outstanding_base = outstanding_base - OLD.outstanding_base, receivables = receivables - 1
     WHERE customer_id = OLD.customer_id AND OLD.outstanding_base > 0;
    DELETE FROM receivable_customer_totals WHERE customer_id = OLD.customer_id AND receivables = 0;
    UPDATE receivable_due_totals
       SET outstanding_base = outstanding_base - OLD.outstanding_base, receivables = receivables - 1
     WHERE due_date = OLD.due_date AND OLD.outstanding_base > 0;
    DELETE FROM receivable_due_totals WHERE due_date = OLD.due_date AND receivables = 0;
    INSERT INTO receivable_customer_totals (customer_id, outstanding_base, receivables)
        SELECT NEW.customer_id, NEW.outstanding_base, 1 WHERE NEW.outstanding_base > 0
        ON CONFLICT (customer_id) DO UPDATE SET outstanding_base = outstanding_base + excluded.outstanding_base,
                                                receivables = receivables + 1;
    INSERT INTO receivable_due_totals (due_date, outstanding_base, receivables)
        SELECT NEW.due_date, NEW.outstanding_base, 1 WHERE NEW.outstanding_base > 0
        ON CONFLICT (due_date) DO UPDATE SET outstanding_base = outstanding_base + excluded.outstanding_base,
                                             receivables = receivables + 1;
END;
CREATE TRIGGER receivable_totals_on_delete AFTER DELETE ON receivables WHEN OLD.outstanding_base > 0 BEGIN
    UPDATE receivable_customer_totals
       SET outstanding_base = outstanding_base - OLD.outstanding_base, receivables = receivables - 1
     WHERE customer_id = OLD.customer_id;
    DELETE FROM receivable_customer_totals WHERE customer_id = OLD.customer_id AND receivables = 0;
    UPDATE receivable_due_totals
       SET outstanding_base = outstanding_base - OLD.outstanding_base, receivables = receivables - 1
     WHERE due_date = OLD.due_date;
    DELETE FROM receivable_due_totals WHERE due_date = OLD.due_date AND receivables = 0;
END;
