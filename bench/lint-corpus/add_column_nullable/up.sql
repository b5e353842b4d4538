ALTER TABLE accounts ADD COLUMN nickname TEXT;
