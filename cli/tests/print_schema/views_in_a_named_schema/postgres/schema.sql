-- A view outside `public` is qualified by its schema inside `pub mod shop`, as a table is;
-- views of other schemas are not printed.
CREATE SCHEMA shop;
CREATE TABLE shop.orders (id SERIAL PRIMARY KEY, total NUMERIC NOT NULL);
CREATE VIEW shop.big_orders AS SELECT id, total FROM shop.orders WHERE total > 100;
CREATE VIEW public.elsewhere AS SELECT 1 AS one;
