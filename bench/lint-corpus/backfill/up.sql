SET lock_timeout = '3s';
ALTER TABLE accounts ADD COLUMN active BOOLEAN;
UPDATE accounts SET active = true;
