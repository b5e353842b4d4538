-- diesel_cli stops at a table without a primary key. strata keys it by its first unique
-- constraint over NOT NULL columns, else by all its columns, and warns.
CREATE TABLE events (
    id INTEGER NOT NULL,
    code TEXT NOT NULL UNIQUE,
    note TEXT,
    CONSTRAINT events_id_note UNIQUE (id, note)
);
CREATE TABLE log_lines (at TIMESTAMPTZ NOT NULL, line TEXT);
CREATE TABLE keyed (id SERIAL PRIMARY KEY, event_code TEXT REFERENCES events (code));
