-- Schema v8, orders made in the engine (DOC-4): lines, quotes, payment terms, shipping, the credit
-- override; deliveries per line (DOC-5); returns and exchanges (DOC-7).

-- An order made in the engine keeps its own id in external_ref (NOT NULL UNIQUE since v2): the record
-- shows no external_ref then, and origin says where it was made.
ALTER TABLE orders ADD COLUMN origin TEXT NOT NULL DEFAULT 'erp';        -- erp | engine
ALTER TABLE orders ADD COLUMN quote_id TEXT REFERENCES quotes (id);
ALTER TABLE orders ADD COLUMN net_amount INTEGER;                        -- with lines: the lines' sums
ALTER TABLE orders ADD COLUMN tax_amount INTEGER;
ALTER TABLE orders ADD COLUMN payment_terms_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN shipping_address TEXT;
ALTER TABLE orders ADD COLUMN channel_partner TEXT;
ALTER TABLE orders ADD COLUMN returned_amount INTEGER NOT NULL DEFAULT 0; -- approved credit returns, minor units of currency
ALTER TABLE orders ADD COLUMN returned_base INTEGER NOT NULL DEFAULT 0;   -- the same in the base currency
ALTER TABLE orders ADD COLUMN credit_override_reason TEXT;
ALTER TABLE orders ADD COLUMN credit_override_by TEXT;
ALTER TABLE orders ADD COLUMN note TEXT;
ALTER TABLE orders ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
ALTER TABLE orders ADD COLUMN created_by TEXT;
ALTER TABLE orders ADD COLUMN archived_at TEXT;
CREATE INDEX orders_by_quote ON orders (quote_id) WHERE quote_id IS NOT NULL;
CREATE INDEX orders_by_time ON orders (created_at, id);

CREATE TABLE order_lines (
    order_id        TEXT NOT NULL REFERENCES orders (id),
    line_no         INTEGER NOT NULL,
    product_id      TEXT NOT NULL REFERENCES products (id),
    product_code    TEXT NOT NULL,
    description     TEXT NOT NULL,
    unit            TEXT NOT NULL,
    quantity_milli  INTEGER NOT NULL,
    unit_price      INTEGER NOT NULL,
    discount_bp     INTEGER NOT NULL,
    tax_rate_bp     INTEGER NOT NULL,
    price_source    TEXT NOT NULL,
    net             INTEGER NOT NULL,
    tax             INTEGER NOT NULL,
    gross           INTEGER NOT NULL,
    delivered_milli INTEGER NOT NULL DEFAULT 0,
    returned_milli  INTEGER NOT NULL DEFAULT 0,  -- approved returns, credit and exchange alike
    PRIMARY KEY (order_id, line_no)
) STRICT, WITHOUT ROWID;
-- No index by product: no query reads lines by product, and products are deactivated, never deleted
-- (such an index put each of a document's lines on another page: a 50-line quote wrote ~30 more pages).

ALTER TABLE deliveries ADD COLUMN shipping_address TEXT;
-- A replacement delivery of an exchange (DOC-7) names its return; it leaves the delivered quantities as they are.
ALTER TABLE deliveries ADD COLUMN return_id TEXT;

CREATE TABLE delivery_lines (
    delivery_id    TEXT NOT NULL REFERENCES deliveries (id),
    line_no        INTEGER NOT NULL,               -- the order line
    quantity_milli INTEGER NOT NULL,
    amount         INTEGER NOT NULL,               -- the line's gross share, minor units of the order's currency
    PRIMARY KEY (delivery_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE returns (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,             -- RT-000001
    order_id      TEXT NOT NULL REFERENCES orders (id),
    customer_id   TEXT NOT NULL REFERENCES customers (id),
    kind          TEXT NOT NULL,                    -- credit | exchange
    status        TEXT NOT NULL,                    -- submitted | approved | rejected
    reason        TEXT NOT NULL,
    amount        INTEGER NOT NULL,                 -- the lines' gross shares, minor units of the order's currency
    amount_base   INTEGER NOT NULL,
    replacement_delivery_id TEXT REFERENCES deliveries (id),
    external_ref  TEXT UNIQUE,
    created_by    TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    decided_at    TEXT
) STRICT;
CREATE INDEX returns_by_order ON returns (order_id);
CREATE INDEX returns_by_customer ON returns (customer_id, created_at);

CREATE TABLE return_lines (
    return_id      TEXT NOT NULL REFERENCES returns (id),
    line_no        INTEGER NOT NULL,               -- the order line
    quantity_milli INTEGER NOT NULL,
    amount         INTEGER NOT NULL,
    PRIMARY KEY (return_id, line_no)
) STRICT, WITHOUT ROWID;
