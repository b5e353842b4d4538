ALTER TABLE accounts DROP COLUMN nickname;
