-- MariaDB's system-versioned tables are base tables with a history, which diesel_cli 2.3.14
-- leaves out. MariaDB adds the row end column to their primary and unique keys (an
-- invisible `row_end` when it is implicit); they are keyed by their declared columns.
CREATE TABLE accounts (id INTEGER PRIMARY KEY NOT NULL, balance BIGINT NOT NULL) WITH SYSTEM VERSIONING;
CREATE TABLE prices (
    product INTEGER NOT NULL,
    region INTEGER NOT NULL,
    amount DECIMAL(10, 2),
    valid_from TIMESTAMP(6) GENERATED ALWAYS AS ROW START,
    valid_to TIMESTAMP(6) GENERATED ALWAYS AS ROW END,
    PERIOD FOR SYSTEM_TIME (valid_from, valid_to),
    PRIMARY KEY (region, product)
) WITH SYSTEM VERSIONING;
CREATE TABLE badges (code VARCHAR(10) NOT NULL, account_id INTEGER, UNIQUE KEY badge_code (code),
    FOREIGN KEY (account_id) REFERENCES accounts (id)) WITH SYSTEM VERSIONING;
CREATE TABLE notes (id INTEGER PRIMARY KEY NOT NULL, account_id INTEGER,
    FOREIGN KEY (account_id) REFERENCES accounts (id));
