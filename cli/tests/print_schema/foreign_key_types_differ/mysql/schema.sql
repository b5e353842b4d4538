-- A foreign key whose column type is not the referenced key's. InnoDB refuses keys between
-- integer types of different sizes or signs, but not between `tinyint(1)` (Bool to diesel)
-- and `tinyint(4)` (Tinyint): diesel_cli 2.3.14 prints a joinable! between them, which does
-- not compile. It is left out with a warning; the tables stay related. Aliases of one type
-- (char and varchar are Text) join as before.
CREATE TABLE levels (id TINYINT PRIMARY KEY NOT NULL);
CREATE TABLE countries (code VARCHAR(2) PRIMARY KEY NOT NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    level_id TINYINT(1),
    country_code CHAR(2),
    FOREIGN KEY (level_id) REFERENCES levels (id),
    FOREIGN KEY (country_code) REFERENCES countries (code)
);
