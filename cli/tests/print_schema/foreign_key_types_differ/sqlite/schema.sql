-- A foreign key whose column type is not the referenced key's: diesel_cli 2.3.14 prints a
-- joinable! between them, which does not compile (BIGINT against an INTEGER key, INTEGER
-- against a BIGINT key, BIGINT against SMALLINT). It is left out with a warning; the tables
-- stay related. Aliases of one type (varchar and text) join as before.
CREATE TABLE accounts (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE legacy_accounts (id BIGINT PRIMARY KEY NOT NULL);
CREATE TABLE tiers (id SMALLINT PRIMARY KEY NOT NULL);
CREATE TABLE countries (code TEXT PRIMARY KEY NOT NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    account_id BIGINT REFERENCES accounts (id),
    legacy_id INTEGER REFERENCES legacy_accounts (id),
    tier_id BIGINT NOT NULL REFERENCES tiers (id),
    country_code VARCHAR(2) REFERENCES countries (code)
);
