SET lock_timeout = '3s';
ALTER TABLE orders ADD COLUMN referrer_id INTEGER REFERENCES accounts (id);
