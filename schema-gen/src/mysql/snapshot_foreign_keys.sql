-- Snapshot, 4 of 7: every foreign key column pair with the key's ON UPDATE/ON DELETE.
-- REFERENTIAL_CONSTRAINTS is restricted to the database by a constant too, and not joined
-- on the schema (MariaDB then ignores the constant): it opened every table of every
-- database on the server to fill it.
SELECT
    k.TABLE_NAME AS table_name,
    k.CONSTRAINT_NAME AS name,
    CAST(k.ORDINAL_POSITION AS SIGNED) AS position,
    k.COLUMN_NAME AS column_name,
    k.REFERENCED_TABLE_NAME AS parent_table,
    k.REFERENCED_COLUMN_NAME AS parent_column,
    r.UPDATE_RULE AS on_update,
    r.DELETE_RULE AS on_delete
FROM information_schema.KEY_COLUMN_USAGE AS k
JOIN information_schema.REFERENTIAL_CONSTRAINTS AS r
    ON r.TABLE_NAME = k.TABLE_NAME
   AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE()
  AND r.CONSTRAINT_SCHEMA = DATABASE()
  AND k.REFERENCED_TABLE_NAME IS NOT NULL
