CREATE TABLE coupons (id SERIAL PRIMARY KEY, code TEXT NOT NULL, account_id INTEGER);
CREATE INDEX coupons_code_idx ON coupons (code);
ALTER TABLE coupons ADD CONSTRAINT coupons_account_fk FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE coupons ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE coupons ALTER COLUMN code TYPE VARCHAR(32);
