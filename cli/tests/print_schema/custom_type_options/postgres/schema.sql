CREATE DOMAIN email AS TEXT CHECK (VALUE LIKE '%@%');
CREATE DOMAIN positive_int AS INTEGER CHECK (VALUE > 0);
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE excluded_kind AS ENUM ('a', 'b');
CREATE TABLE people (id SERIAL PRIMARY KEY, email email NOT NULL, age positive_int, mood mood, kind excluded_kind, search TSVECTOR);
