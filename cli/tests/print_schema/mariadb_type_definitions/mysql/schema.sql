-- ENUM and SET types defined for diesel 2.4's MariaDB backend: `mariadb_type` where
-- enum_and_set has `mysql_type` (what diesel's main branch prints for a `mariadb://` URL);
-- everything else as enum_and_set prints it.
CREATE TABLE users1 (
    id INT NOT NULL PRIMARY KEY,
    user_state ENUM('active', 'disabled') NOT NULL DEFAULT 'active',
    enabled_features SET('val1', 'val2', 'val3', 'val4') NOT NULL DEFAULT 'val1'
);
