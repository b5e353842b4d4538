-- With sqlite_integer_primary_key_is_bigint an INTEGER PRIMARY KEY is BigInt, and so is an
-- integer column referring to one; a SMALLINT column is not. diesel_cli
-- 2.3.14 prints a joinable! from a SMALLINT column to such a key, which does not compile:
-- it is left out with a warning. Integer columns referring to it join as before.
CREATE TABLE accounts (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY NOT NULL,
    account_id INTEGER REFERENCES accounts (id)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id SMALLINT REFERENCES users (id)
);
