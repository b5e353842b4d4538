-- Snapshot, 7 of 8: views, with the definition as the server stores it.
SELECT
    TABLE_NAME AS name,
    VIEW_DEFINITION AS definition,
    CHECK_OPTION AS check_option
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE()
