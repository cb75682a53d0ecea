-- Schema v10, who owns receivables (DOC-10): the engine derives them from orders and receipts (origin
-- 'engine'), or the host ERP pushes them with its own key and its open amount (origin 'erp'). The setting is
-- meta `receivables_owner` (absent: the engine).
ALTER TABLE receivables ADD COLUMN origin TEXT NOT NULL DEFAULT 'engine';   -- engine | erp
ALTER TABLE receivables ADD COLUMN external_ref TEXT;
CREATE UNIQUE INDEX receivables_by_external_ref ON receivables (external_ref) WHERE external_ref IS NOT NULL;
-- The pushed receivables falling due in the days a move of the statistics' reference date covers.
CREATE INDEX receivables_erp_by_due ON receivables (due_date, customer_id) WHERE origin = 'erp';
