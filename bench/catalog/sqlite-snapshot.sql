-- The facts a snapshot compares: every object's SQL, every column, foreign key and index.
SELECT type, name, tbl_name, sql FROM sqlite_schema;
SELECT m.name, c.* FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS c
WHERE m.type = 'table';
SELECT m.name, f.* FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f
WHERE m.type = 'table';
SELECT m.name, i.* FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS i
WHERE m.type = 'table';
