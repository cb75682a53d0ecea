-- Schema v10, invoice requests (DOC-10): a rep asks finance (or the host ERP) to invoice an order, a contract
-- or service income; finance or the host reports the issued invoice back, or rejects the request.

CREATE TABLE invoices (
    id               TEXT PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,       -- INV-000001
    customer_id      TEXT NOT NULL REFERENCES customers (id),
    subject          TEXT NOT NULL,              -- order | contract | service
    order_id         TEXT REFERENCES orders (id),
    contract_id      TEXT REFERENCES contracts (id),
    status           TEXT NOT NULL,              -- requested | issued | rejected
    amount           INTEGER NOT NULL,           -- requested, minor units of currency
    currency         TEXT NOT NULL,
    invoice_title    TEXT NOT NULL,              -- 发票抬头
    tax_id           TEXT,                       -- 纳税人识别号
    invoice_type     TEXT NOT NULL,              -- vat_special | vat_general | electronic
    description      TEXT,
    invoice_number   TEXT,
    issue_date       TEXT,
    issued_amount    INTEGER,
    rejection_reason TEXT,
    external_ref     TEXT UNIQUE,
    requested_by     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    decided_at       TEXT
) STRICT;
CREATE INDEX invoices_by_customer ON invoices (customer_id, created_at);
CREATE INDEX invoices_by_order ON invoices (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX invoices_by_contract ON invoices (contract_id) WHERE contract_id IS NOT NULL;
-- Finance's and the host's queue: the requests waiting, oldest first.
CREATE INDEX invoices_requested ON invoices (created_at, id) WHERE status = 'requested';
