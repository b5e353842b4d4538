SET lock_timeout = '3s';
ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;
