-- Snapshot, 3 of 8: every index column (PRIMARY is the primary key; unique constraints are
-- unique indexes in MySQL), with prefix length and order.
SELECT
    TABLE_NAME AS table_name,
    INDEX_NAME AS index_name,
    CAST(NON_UNIQUE AS SIGNED) AS non_unique,
    CAST(SEQ_IN_INDEX AS SIGNED) AS seq,
    COLUMN_NAME AS column_name,
    CAST(SUB_PART AS SIGNED) AS sub_part,
    COLLATION AS collation,
    INDEX_TYPE AS index_type
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE()
