-- Schema v12, the sales reports' kept figures (SCORE-9): a line records the category its product had when
-- it was written (as it records the product's code and description), and sales_facts holds, per customer
-- owner, month and key, the counting orders' figures, so a report over years of orders reads a few thousand
-- rows instead of every order and line. The rows are kept in the transaction of every write that moves
-- them (an order saved, a customer given to another owner) and built once, when the engine first opens a
-- file without them (meta sales_facts_built).
ALTER TABLE order_lines ADD COLUMN category TEXT;
UPDATE order_lines SET category = (SELECT p.category FROM products p WHERE p.id = order_lines.product_id);

CREATE TABLE sales_facts (
    dim            TEXT NOT NULL,     -- o: the orders themselves | p: by product | c: by category
    month          TEXT NOT NULL,     -- YYYY-MM of the order date
    owner_id       TEXT NOT NULL,     -- the customer's owner, '' for none; '*' sums every owner's (the whole company)
    key            TEXT NOT NULL,     -- the product or category ('' for an order without lines, a line without category)
    orders         INTEGER NOT NULL,  -- counting orders with a sale under the key
    quantity_milli INTEGER NOT NULL,  -- sold less returned (p and c)
    amount         INTEGER NOT NULL,  -- minor units of the base currency, less credit returns
    PRIMARY KEY (dim, month, owner_id, key)
) STRICT, WITHOUT ROWID;
