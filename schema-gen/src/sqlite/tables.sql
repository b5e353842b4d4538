-- The WITHOUT ROWID tables of the main database (one scan of the table list).
SELECT name AS table_name
FROM pragma_table_list
WHERE schema = 'main' AND type = 'table' AND wr = 1
