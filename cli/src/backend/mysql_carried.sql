-- The comments on the current database's tables, as the statements that write them (quotes
-- doubled; a comment with a backslash is refused, see mysql_unexpressed.sql).
SELECT TABLE_NAME AS label,
       CONCAT('ALTER TABLE `', REPLACE(TABLE_NAME, '`', '``'), '` COMMENT = ''',
              REPLACE(TABLE_COMMENT, '''', ''''''), '''') AS line
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_COMMENT <> ''
ORDER BY TABLE_NAME
