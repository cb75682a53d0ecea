-- Schema v4: defects found in review, repaired in the data already stored.

-- §0 codes, DOC-8: an order's code is the engine's readable, unique code; the ERP's own number moves to
-- `erp_number`. An order keeps its code only when the sequence made it (the current prefix and at least
-- six digits, below the next value, held by no other order); every other code was the ERP's number.
ALTER TABLE orders ADD COLUMN erp_number TEXT;
INSERT INTO code_sequences (entity, prefix, next_value) VALUES ('order', 'SO-', 1) ON CONFLICT (entity) DO NOTHING;
UPDATE orders SET erp_number = code
 WHERE NOT (
       code GLOB (SELECT prefix FROM code_sequences WHERE entity = 'order') || '[0-9][0-9][0-9][0-9][0-9][0-9]*'
   AND CAST(substr(code, length((SELECT prefix FROM code_sequences WHERE entity = 'order')) + 1) AS INTEGER)
       < (SELECT next_value FROM code_sequences WHERE entity = 'order')
   AND (SELECT COUNT(*) FROM orders o WHERE o.code = orders.code) = 1
 );
UPDATE orders
   SET code = (SELECT prefix FROM code_sequences WHERE entity = 'order')
              || printf('%06d', (SELECT next_value FROM code_sequences WHERE entity = 'order') + renumbered.n - 1)
  FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY created_at, id) AS n FROM orders WHERE erp_number IS NOT NULL) AS renumbered
 WHERE orders.id = renumbered.id;
UPDATE code_sequences SET next_value = next_value + (SELECT COUNT(*) FROM orders WHERE erp_number IS NOT NULL)
 WHERE entity = 'order';
CREATE UNIQUE INDEX orders_by_code ON orders (code);

-- ORG-3: a customer's department is its owner's, also for owners who moved before this was kept.
UPDATE customers SET department_id = (SELECT u.department_id FROM users u WHERE u.id = customers.owner_id)
 WHERE owner_id IS NOT NULL
   AND department_id IS NOT (SELECT u.department_id FROM users u WHERE u.id = customers.owner_id);

-- §0 archive: custom_fields.remove archives the definition; stored values stay readable.
ALTER TABLE custom_field_defs ADD COLUMN archived_at TEXT;
