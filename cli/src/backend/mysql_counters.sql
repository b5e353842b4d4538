-- Where the current database's AUTO_INCREMENT counters stand, as the statements that put
-- them there. A counter never moved (1) is where a new table's starts; inserting rows
-- moves one only past the largest id, not past rows deleted since.
SELECT CONCAT('ALTER TABLE `', REPLACE(TABLE_NAME, '`', '``'), '` AUTO_INCREMENT = ',
              AUTO_INCREMENT) AS line
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND AUTO_INCREMENT > 1
ORDER BY TABLE_NAME
