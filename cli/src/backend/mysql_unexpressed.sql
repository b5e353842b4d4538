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
ORDER BY 1
