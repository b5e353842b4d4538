-- A view's own comments are its doc comments; a view column without one gets the generated
-- sentence, which says "view".
CREATE TABLE accounts (id SERIAL PRIMARY KEY, balance NUMERIC NOT NULL);
CREATE VIEW overdrawn AS SELECT id, balance FROM accounts WHERE balance < 0;
COMMENT ON VIEW overdrawn IS 'Accounts below zero.';
COMMENT ON COLUMN overdrawn.balance IS 'Negative, in cents.';
