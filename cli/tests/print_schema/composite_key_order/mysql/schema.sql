-- Composite primary keys are printed in the key's order, which is the order find() takes
-- values in. diesel_cli 2.3.14 prints them so on PostgreSQL and MySQL, and in column order
-- on SQLite (a warning says so there).
CREATE TABLE memberships (
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    role TEXT,
    PRIMARY KEY (group_id, user_id)
);
CREATE TABLE grid (
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    z INTEGER NOT NULL,
    label TEXT,
    PRIMARY KEY (z, x, y)
);
CREATE TABLE in_order (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY NOT NULL,
    group_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    FOREIGN KEY (group_id, user_id) REFERENCES memberships (group_id, user_id)
);
