-- Tables outside `public` whose names need #[sql_name]. table! takes the schema from
-- `app.User_Accounts` and quotes #[sql_name] as one name, so #[sql_name] holds the table's
-- name alone. diesel_cli 2.3.14 writes "app.User Accounts" there: it compiles, and its
-- queries name the table "app"."app.User Accounts", which does not exist.
CREATE SCHEMA app;
CREATE TABLE app."User Accounts" (id SERIAL PRIMARY KEY, "Full Name" TEXT);
CREATE TABLE app."order-items" (
    id SERIAL PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES app."User Accounts" (id)
);
CREATE TABLE app."type" (id SERIAL PRIMARY KEY);
CREATE TABLE app.plain (id SERIAL PRIMARY KEY);
CREATE TABLE public."User Accounts" (id SERIAL PRIMARY KEY);
