-- Declared types diesel has no SQLite mapping for (diesel_cli stops with "Unsupported type").
CREATE TABLE documents (
    id INTEGER PRIMARY KEY NOT NULL,
    body JSON NOT NULL,
    external_id UUID,
    created TIMESTAMPTZ
);
