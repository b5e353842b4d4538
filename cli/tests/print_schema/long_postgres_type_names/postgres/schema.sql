-- PostgreSQL type attributes as wide as diesel_cli's printer keeps on one line, and wider.
CREATE SCHEMA s;
CREATE TYPE "q""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" AS ENUM ('a');
CREATE TABLE tab55 (id INTEGER PRIMARY KEY, c "q""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" NOT NULL);
CREATE TYPE "q""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" AS ENUM ('a');
CREATE TABLE tab56 (id INTEGER PRIMARY KEY, c "q""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" NOT NULL);
CREATE TYPE s."r""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" AS ENUM ('a');
CREATE TABLE tab_s (id INTEGER PRIMARY KEY, c s."r""zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz" NOT NULL);
