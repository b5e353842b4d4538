-- Objects in the current database that schema snapshots do not model and that a
-- generated migration cannot carry by a definition: one label per object.
SELECT CONCAT(LOWER(ROUTINE_TYPE), ' `', ROUTINE_NAME, '`') AS line
FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
UNION ALL
SELECT CONCAT('event `', EVENT_NAME, '`')
FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
UNION ALL
SELECT DISTINCT CONCAT('partitioned table `', TABLE_NAME, '`')
FROM information_schema.PARTITIONS
WHERE TABLE_SCHEMA = DATABASE() AND PARTITION_NAME IS NOT NULL
UNION ALL
SELECT CONCAT('comment on column `', TABLE_NAME, '.', COLUMN_NAME, '`')
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_COMMENT <> ''
UNION ALL
-- A backslash reads differently under NO_BACKSLASH_ESCAPES, and COMMENT takes no other
-- literal.
SELECT CONCAT('comment on table `', TABLE_NAME, '` (it holds a backslash)')
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND LOCATE(CHAR(92 USING utf8mb4), TABLE_COMMENT) > 0
UNION ALL
-- A backslash reads differently under NO_BACKSLASH_ESCAPES, and COMMENT takes no other
-- literal.
SELECT CONCAT('comment on table `', TABLE_NAME, '` (it holds a backslash)')
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND LOCATE(CHAR(92 USING utf8mb4), TABLE_COMMENT) > 0
ORDER BY 1
