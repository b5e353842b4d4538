-- Snapshot, 6 of 8, on MySQL (whose CHECK_CONSTRAINTS has no TABLE_NAME; check names are
-- unique in a database there, so joining on the name is exact).
SELECT
    tc.TABLE_NAME AS table_name,
    cc.CONSTRAINT_NAME AS name,
    cc.CHECK_CLAUSE AS expression
FROM information_schema.TABLE_CONSTRAINTS AS tc
JOIN information_schema.CHECK_CONSTRAINTS AS cc
    ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
WHERE tc.TABLE_SCHEMA = DATABASE()
  AND tc.CONSTRAINT_TYPE = 'CHECK'
