-- Snapshot, 7 of 8: views, with the definition as the server stores it, less the
-- database's name, which the server writes before every table it names: the same view in
-- another database (a scratch one, say) is the same view.
SELECT
    TABLE_NAME AS name,
    REPLACE(VIEW_DEFINITION, CONCAT('`', REPLACE(DATABASE(), '`', '``'), '`.'), '') AS definition,
    CHECK_OPTION AS check_option
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = DATABASE()
