-- Every primary key, unique constraint and foreign key of the tables in one database (?,
-- else the connected one), in one query: one row per key column, in key order, with the
-- referenced table and column for a foreign key. `default_schema` lets the caller tell a
-- reference into another database from one into this one.
SELECT
    k.TABLE_NAME AS table_name,
    tc.CONSTRAINT_TYPE AS kind,
    k.CONSTRAINT_NAME AS constraint_name,
    k.COLUMN_NAME AS column_name,
    k.REFERENCED_TABLE_SCHEMA AS parent_schema,
    k.REFERENCED_TABLE_NAME AS parent_table,
    k.REFERENCED_COLUMN_NAME AS parent_column,
    DATABASE() AS default_schema
FROM information_schema.TABLE_CONSTRAINTS AS tc
JOIN information_schema.KEY_COLUMN_USAGE AS k
    ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
   AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
   AND k.TABLE_NAME = tc.TABLE_NAME
WHERE tc.TABLE_SCHEMA = COALESCE(?, DATABASE())
  AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
ORDER BY k.TABLE_NAME, tc.CONSTRAINT_TYPE, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
