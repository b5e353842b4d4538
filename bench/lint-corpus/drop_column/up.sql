SET lock_timeout = '3s';
ALTER TABLE orders DROP COLUMN legacy_code;
