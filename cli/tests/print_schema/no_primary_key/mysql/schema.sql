-- diesel_cli stops at a table without a primary key. strata keys it by its first unique
-- constraint over NOT NULL columns, else by all its columns, and warns.
CREATE TABLE events (
    id INTEGER NOT NULL,
    code VARCHAR(20) NOT NULL UNIQUE,
    note TEXT,
    CONSTRAINT events_id_note UNIQUE (id, note)
);
CREATE TABLE log_lines (at DATETIME NOT NULL, line TEXT);
CREATE TABLE keyed (id INT AUTO_INCREMENT PRIMARY KEY, event_code VARCHAR(20), FOREIGN KEY (event_code) REFERENCES events (code));
