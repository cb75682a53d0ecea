-- Schema v10, contracts (DOC-3, DOC-9): versions keep one code; lines priced as a quote's, one per product;
-- a payment plan of dated instalments; orders made under a contract.

CREATE TABLE contracts (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL,            -- K-000001, shared by every version
    version            INTEGER NOT NULL,
    previous_id        TEXT REFERENCES contracts (id),
    customer_id        TEXT NOT NULL REFERENCES customers (id),
    quote_id           TEXT REFERENCES quotes (id),
    opportunity_id     TEXT REFERENCES opportunities (id),
    title              TEXT NOT NULL,
    status             TEXT NOT NULL,            -- draft | submitted | approved | rejected | signed | terminated | superseded (expired: signed past end_date)
    currency           TEXT NOT NULL,
    fx_rate            TEXT NOT NULL,
    net_amount         INTEGER NOT NULL,
    tax_amount         INTEGER NOT NULL,
    gross_amount       INTEGER NOT NULL,
    amount_base        INTEGER NOT NULL,         -- gross in minor units of the base currency
    start_date         TEXT NOT NULL,
    end_date           TEXT NOT NULL,
    signed_date        TEXT,
    note               TEXT,
    custom             TEXT NOT NULL,
    external_ref       TEXT UNIQUE,
    created_by         TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    decided_at         TEXT,
    termination_reason TEXT,
    archived_at        TEXT,
    UNIQUE (code, version)
) STRICT;
CREATE INDEX contracts_by_customer ON contracts (customer_id, created_at);
CREATE INDEX contracts_by_time ON contracts (created_at, id);
-- The alerts' contracts ending soon: the signed ones by end date.
CREATE INDEX contracts_signed_by_end ON contracts (end_date) WHERE status = 'signed';

CREATE TABLE contract_lines (
    contract_id    TEXT NOT NULL REFERENCES contracts (id),
    line_no        INTEGER NOT NULL,
    product_id     TEXT NOT NULL REFERENCES products (id),
    product_code   TEXT NOT NULL,
    description    TEXT NOT NULL,
    unit           TEXT NOT NULL,
    quantity_milli INTEGER NOT NULL,
    unit_price     INTEGER NOT NULL,
    discount_bp    INTEGER NOT NULL,
    tax_rate_bp    INTEGER NOT NULL,
    price_source   TEXT NOT NULL,
    net            INTEGER NOT NULL,
    tax            INTEGER NOT NULL,
    gross          INTEGER NOT NULL,
    PRIMARY KEY (contract_id, line_no)
) STRICT, WITHOUT ROWID;

-- The payment plan (DOC-9): instalments in date order adding up to the gross total.
CREATE TABLE contract_instalments (
    contract_id TEXT NOT NULL REFERENCES contracts (id),
    seq         INTEGER NOT NULL,
    due_date    TEXT NOT NULL,
    amount      INTEGER NOT NULL,                -- minor units of the contract's currency
    percent_bp  INTEGER,                         -- set when given as a share of the gross total
    note        TEXT,
    PRIMARY KEY (contract_id, seq)
) STRICT, WITHOUT ROWID;
-- The alerts' instalments due soon.
CREATE INDEX contract_instalments_by_due ON contract_instalments (due_date);

ALTER TABLE orders ADD COLUMN contract_id TEXT REFERENCES contracts (id);
CREATE INDEX orders_by_contract ON orders (contract_id) WHERE contract_id IS NOT NULL;
