SET lock_timeout = '3s';
ALTER TABLE accounts ADD COLUMN nickname TEXT;
