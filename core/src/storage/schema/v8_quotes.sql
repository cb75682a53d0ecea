-- Schema v8, quotes (DOC-2): versions keep one code; lines priced once, exactly.

CREATE TABLE quotes (
    id                TEXT PRIMARY KEY,
    code              TEXT NOT NULL,            -- Q-000001, shared by every version
    version           INTEGER NOT NULL,
    previous_id       TEXT REFERENCES quotes (id),
    customer_id       TEXT NOT NULL REFERENCES customers (id),
    opportunity_id    TEXT REFERENCES opportunities (id),
    status            TEXT NOT NULL,            -- draft | sent | accepted | rejected | superseded (expired: sent past valid_until)
    currency          TEXT NOT NULL,
    fx_rate           TEXT NOT NULL,
    net_amount        INTEGER NOT NULL,
    tax_amount        INTEGER NOT NULL,
    gross_amount      INTEGER NOT NULL,
    amount_base       INTEGER NOT NULL,         -- gross in minor units of the base currency
    max_discount_bp   INTEGER NOT NULL,
    discount_approval TEXT NOT NULL,            -- not_needed | pending | approved | rejected
    valid_until       TEXT NOT NULL,
    note              TEXT,
    custom            TEXT NOT NULL,
    external_ref      TEXT UNIQUE,
    created_by        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    sent_at           TEXT,
    decided_at        TEXT,
    rejection_reason  TEXT,
    archived_at       TEXT,
    UNIQUE (code, version)
) STRICT;
CREATE INDEX quotes_by_customer ON quotes (customer_id, created_at);
CREATE INDEX quotes_by_opportunity ON quotes (opportunity_id) WHERE opportunity_id IS NOT NULL;
CREATE INDEX quotes_by_time ON quotes (created_at, id);

CREATE TABLE quote_lines (
    quote_id       TEXT NOT NULL REFERENCES quotes (id),
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
    PRIMARY KEY (quote_id, line_no)
) STRICT, WITHOUT ROWID;
-- No index by product: no query reads lines by product, and products are deactivated, never deleted
-- (such an index put each of a document's lines on another page: a 50-line quote wrote ~30 more pages).

-- The discount ceiling of a role (built-in name or custom role code), basis points (DOC-2).
CREATE TABLE discount_ceilings (
    role       TEXT PRIMARY KEY,
    ceiling_bp INTEGER NOT NULL
) STRICT;
