-- Snapshot, 5 of 8: every foreign key's ON UPDATE/ON DELETE rules.
SELECT
    TABLE_NAME AS table_name,
    CONSTRAINT_NAME AS name,
    UPDATE_RULE AS on_update,
    DELETE_RULE AS on_delete
FROM information_schema.REFERENTIAL_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE()
