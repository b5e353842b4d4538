-- Tables without a primary key whose every fallback key is taken. strata keys a table
-- without a primary key by its first unique constraint over NOT NULL columns, else by all
-- its columns (diesel_cli 2.3.14 stops at it). A table without columns has no key at all,
-- and table! needs a column: it is left out.
CREATE TABLE readings (sensor TEXT, value REAL, UNIQUE (sensor));
CREATE TABLE events (kind TEXT NOT NULL, at TIMESTAMP NOT NULL, UNIQUE (at), UNIQUE (kind));
CREATE TABLE nothing ();
CREATE TABLE plain (id SERIAL PRIMARY KEY);
