-- The facts print-schema needs, read with the fewest plain queries, each restricted to the
-- database by a constant: every column, every key column, every table's comment.
SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH,
       COLUMN_COMMENT, ORDINAL_POSITION
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = '{db}';
SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME,
       REFERENCED_COLUMN_NAME
FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = '{db}';
SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT
FROM information_schema.TABLES WHERE TABLE_SCHEMA = '{db}';
