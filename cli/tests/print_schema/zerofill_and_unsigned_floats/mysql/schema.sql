-- Numeric attributes keep the numeric type. diesel_cli 2.3.14 reads `zerofill` as part of
-- the name of a type without a length (`float unsigned zerofill`) and defines a type for it
-- that does not compile; the rest it prints as here.
CREATE TABLE measurements (
    id INTEGER PRIMARY KEY NOT NULL,
    ratio FLOAT ZEROFILL,
    weight DOUBLE ZEROFILL NOT NULL,
    total DOUBLE UNSIGNED,
    level FLOAT UNSIGNED,
    counter INTEGER UNSIGNED ZEROFILL,
    big BIGINT(20) UNSIGNED ZEROFILL NOT NULL,
    small SMALLINT ZEROFILL,
    price DECIMAL(10, 2) ZEROFILL,
    flag TINYINT(1) ZEROFILL
);
