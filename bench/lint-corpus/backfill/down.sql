ALTER TABLE accounts DROP COLUMN active;
