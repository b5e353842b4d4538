-- A schema whose name is no Rust identifier: diesel_cli 2.3.14 names its module and the
-- tables' `schema.table` prefix with the mapped name, and a type in it with a raw string.
-- The table `type` gets #[sql_name = "type"]: diesel_cli writes "my shop.type" there, which
-- table! quotes as one name (schema_table_names_that_need_quoting).
CREATE SCHEMA "my shop";
CREATE TYPE "my shop"."state ""x""" AS ENUM ('new', 'paid');
CREATE TABLE "my shop".orders (id SERIAL PRIMARY KEY, state "my shop"."state ""x""");
CREATE TABLE "my shop"."type" (id SERIAL PRIMARY KEY, order_id INTEGER REFERENCES "my shop".orders (id));
