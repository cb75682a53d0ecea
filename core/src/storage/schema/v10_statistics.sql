-- Schema v10, the customer statistics (CUS-4): this year's receipts and what this year's orders still owe, and
-- the latest due date a payment reached (the incremental update's guard). The stored rows are recomputed from
-- the documents, at their reference date, by the first open after the upgrade (`stats_rebuild`, which it
-- removes: engine/statistics.rs `rebuild_once`).
ALTER TABLE customer_stats ADD COLUMN year_receipts_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer_stats ADD COLUMN year_outstanding_amount INTEGER NOT NULL DEFAULT 0;
ALTER TABLE customer_stats ADD COLUMN last_paid_due TEXT;
INSERT INTO meta (key, value) VALUES ('stats_rebuild', '1');
