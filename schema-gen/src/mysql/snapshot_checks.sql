-- Snapshot, 6 of 8: check constraints. MariaDB names them per table, and has TABLE_NAME in
-- CHECK_CONSTRAINTS; MySQL names them per database and has not (snapshot_checks_mysql.sql).
SELECT
    TABLE_NAME AS table_name,
    CONSTRAINT_NAME AS name,
    CHECK_CLAUSE AS expression
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
