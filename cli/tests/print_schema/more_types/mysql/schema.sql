CREATE TABLE more_types (
    id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
    c_year YEAR,
    c_mediumint MEDIUMINT NOT NULL,
    c_mediumint_u MEDIUMINT UNSIGNED,
    c_datetime6 DATETIME(6) NOT NULL,
    c_time3 TIME(3),
    c_timestamp6 TIMESTAMP(6) NULL,
    c_float74 FLOAT(7,4),
    c_double102 DOUBLE(10,2),
    c_bit64 BIT(64),
    c_uuid UUID,
    c_inet6 INET6,
    c_inet4 INET4,
    c_point POINT,
    c_set SET('a', 'bb', 'ccc') NOT NULL,
    c_varbinary VARBINARY(16),
    c_char0 CHAR(0),
    c_nchar NATIONAL CHAR(4),
    c_varchar_bin VARCHAR(10) BINARY,
    c_dec_free DECIMAL,
    c_bool_u TINYINT(1) UNSIGNED
) ENGINE=InnoDB COMMENT='wide';
CREATE TABLE `Mixed Case` (`Id` INT PRIMARY KEY, `Some Column` TEXT, `type` TEXT, `self` INT, more_id BIGINT UNSIGNED, FOREIGN KEY (more_id) REFERENCES more_types (id));
