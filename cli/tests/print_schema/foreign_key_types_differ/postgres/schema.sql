-- A foreign key whose column type is not the referenced key's: diesel_cli 2.3.14 prints a
-- joinable! between them, which does not compile (Int4 against Int8, Int8 against Int2).
-- It is left out with a warning; the tables stay related. Aliases of one type (varchar and
-- text) join as before.
CREATE TABLE accounts (id BIGINT PRIMARY KEY);
CREATE TABLE tiers (id SMALLINT PRIMARY KEY);
CREATE TABLE countries (code TEXT PRIMARY KEY);
CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id),
    tier_id BIGINT NOT NULL REFERENCES tiers (id),
    country_code VARCHAR(2) REFERENCES countries (code)
);
