-- The tables that exist before a migration: only their ALTERs can lock out writes.
SELECT table_name AS name FROM information_schema.tables
WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
