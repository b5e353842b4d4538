-- Every primary key, unique constraint and foreign key of the tables in one database (?,
-- else the connected one), in one query: one row per key column, in key order, with the
-- referenced table and column for a foreign key. `default_schema` lets the caller tell a
-- reference into another database from one into this one.
-- KEY_COLUMN_USAGE lists exactly the columns of those three kinds of constraint, and says
-- which kind each is: a foreign key names what it references, and a primary key is always
-- named PRIMARY (which no other key may be). So TABLE_CONSTRAINTS is not joined: MariaDB
-- opens every table to fill each of the two, and did so twice for the join.
-- Table names sort byte for byte, so that `Users` and `users` (two tables where names are
-- case-sensitive) do not interleave.
SELECT
    k.TABLE_NAME AS table_name,
    CASE
        WHEN k.REFERENCED_TABLE_NAME IS NOT NULL THEN 'FOREIGN KEY'
        WHEN k.CONSTRAINT_NAME = 'PRIMARY' THEN 'PRIMARY KEY'
        ELSE 'UNIQUE'
    END AS kind,
    k.CONSTRAINT_NAME AS constraint_name,
    k.COLUMN_NAME AS column_name,
    k.REFERENCED_TABLE_SCHEMA AS parent_schema,
    k.REFERENCED_TABLE_NAME AS parent_table,
    k.REFERENCED_COLUMN_NAME AS parent_column,
    DATABASE() AS default_schema
FROM information_schema.KEY_COLUMN_USAGE AS k
WHERE k.TABLE_SCHEMA = COALESCE(?, DATABASE())
ORDER BY CAST(k.TABLE_NAME AS BINARY), kind, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
