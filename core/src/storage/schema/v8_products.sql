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
