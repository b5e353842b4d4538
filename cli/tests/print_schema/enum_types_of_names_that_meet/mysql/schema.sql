-- MySQL enum and set types are defined per column, named `<Table><Column><Type>` after the
-- Rust names. diesel_cli 2.3.14 names the types of `t.a b` and `t.a-b` both `TABEnum` (the
-- columns meet as `a_b`), and so the type of `t a`.`b`: three definitions of one name, which
-- do not compile. Each column gets a type of its own: the renamed column's type follows its
-- new name, and a type whose name is still taken gets a number.
CREATE TABLE t (
    id INTEGER PRIMARY KEY NOT NULL,
    `a b` ENUM('x', 'y'),
    `a-b` ENUM('p', 'q') NOT NULL
);
CREATE TABLE `t a` (id INTEGER PRIMARY KEY NOT NULL, b ENUM('z', 'w'), c SET('z'));
