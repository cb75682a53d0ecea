-- Schema v8, the product catalogue (DOC-1).

CREATE TABLE products (
    id                 TEXT PRIMARY KEY,
    code               TEXT NOT NULL UNIQUE,    -- the SKU
    name               TEXT NOT NULL,
    unit               TEXT NOT NULL,
    list_price         INTEGER NOT NULL,        -- minor units of currency, per unit
    currency           TEXT NOT NULL,
    category           TEXT,
    tax_rate_bp        INTEGER NOT NULL,        -- basis points
    warranty_months    INTEGER NOT NULL,
    needs_installation INTEGER NOT NULL,
    active             INTEGER NOT NULL,
    external_ref       TEXT UNIQUE,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX products_by_category ON products (category, code);
CREATE INDEX products_by_name ON products (name);

-- Price lists (DOC-1): named lists of rules, replaced whole by `price_lists.define` (version raised).
CREATE TABLE price_lists (
    id          TEXT PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    archived_at TEXT
) STRICT;

-- A rule: a fixed unit price (minor units of the product's currency) for a product, for everyone,
-- one customer or a customer tag, from a minimum quantity (thousandths), within inclusive dates.
CREATE TABLE price_list_rules (
    id              TEXT PRIMARY KEY,
    price_list_id   TEXT NOT NULL REFERENCES price_lists (id),
    position        INTEGER NOT NULL,
    product_id      TEXT NOT NULL REFERENCES products (id),
    customer_id     TEXT REFERENCES customers (id),
    customer_tag    TEXT,
    unit_price      INTEGER NOT NULL,
    min_quantity    INTEGER NOT NULL,         -- thousandths
    valid_from      TEXT,                     -- YYYY-MM-DD, inclusive
    valid_to        TEXT                      -- YYYY-MM-DD, inclusive
) STRICT;
CREATE INDEX price_list_rules_by_list ON price_list_rules (price_list_id, position);
CREATE INDEX price_list_rules_by_product ON price_list_rules (product_id, price_list_id);
