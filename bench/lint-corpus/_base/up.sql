CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');

CREATE TABLE accounts (
    id SERIAL PRIMARY KEY,
    email VARCHAR(255),
    name TEXT,
    display_name TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT accounts_name_nn CHECK (name IS NOT NULL)
);

CREATE TABLE orders (
    id BIGSERIAL PRIMARY KEY,
    account_id INTEGER NOT NULL,
    status order_status NOT NULL DEFAULT 'pending',
    quantity INTEGER NOT NULL DEFAULT 1,
    total NUMERIC(12, 2) NOT NULL DEFAULT 0,
    legacy_code TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE line_items (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders (id),
    sku TEXT NOT NULL
);

CREATE TABLE audit_log (id BIGSERIAL PRIMARY KEY, payload JSONB);
