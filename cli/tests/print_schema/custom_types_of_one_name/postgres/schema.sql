-- PostgreSQL types of one name in different schemas. diesel_cli 2.3.14 gives each the Rust
-- name `Mood`, defines one of them, and types every such column with it, so the others'
-- values are sent as the wrong type. The type in `public` keeps the name; each other is
-- named after its schema too, and every column uses the type generated for its own type.
CREATE SCHEMA hr;
CREATE SCHEMA sales;
CREATE TYPE hr.mood AS ENUM ('calm', 'tense');
CREATE TYPE sales.mood AS ENUM ('hot', 'cold');
CREATE TYPE public.mood AS ENUM ('sad', 'happy');
CREATE TYPE sales.lead_state AS ENUM ('new', 'won');
CREATE TABLE people (id SERIAL PRIMARY KEY, feeling hr.mood, market sales.mood, own mood);
CREATE TABLE leads (
    id SERIAL PRIMARY KEY,
    moods sales.mood[] NOT NULL,
    state sales.lead_state NOT NULL,
    person_id INTEGER REFERENCES people (id)
);
