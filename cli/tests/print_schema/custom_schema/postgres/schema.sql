CREATE SCHEMA shop;
CREATE TYPE shop.order_state AS ENUM ('new', 'paid');
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TABLE shop.customers (id SERIAL PRIMARY KEY, name TEXT NOT NULL, mood public.mood);
CREATE TABLE shop.orders (id BIGSERIAL PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES shop.customers (id), state shop.order_state NOT NULL);
CREATE TABLE shop."Order Notes" (id SERIAL PRIMARY KEY, order_id BIGINT REFERENCES shop.orders (id), body TEXT);
CREATE TABLE public.elsewhere (id SERIAL PRIMARY KEY, customer_id INTEGER REFERENCES shop.customers (id));
COMMENT ON TABLE shop.orders IS 'Orders placed.';
