-- The facts print-schema needs, read with the fewest plain queries: every column of every
-- table (name, declared type, NOT NULL, primary-key position) and every foreign key.
SELECT m.name, c.name, c.type, c."notnull", c.pk
FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS c
WHERE m.type = 'table';
SELECT m.name, f."table", f."from", f."to"
FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
WHERE m.type = 'table';
