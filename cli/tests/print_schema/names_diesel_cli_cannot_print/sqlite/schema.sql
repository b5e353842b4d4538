-- Names diesel_cli 2.3.14 prints as code that does not compile: `gen` (a keyword since
-- Rust 2024), names table!'s own expansion uses (`bool`, `str`, `Ok`, `T`, `star`,
-- `diesel`; a table `diesel` hides the crate), a `\` it leaves unescaped, a column and its
-- table that both become `type_`, and the empty name. strata renames them, keeps
-- #[sql_name], and warns.
CREATE TABLE events (
    id INTEGER PRIMARY KEY NOT NULL,
    "gen" INTEGER,
    "bool" INTEGER,
    "str" TEXT,
    "Ok" INTEGER,
    "T" INTEGER,
    star INTEGER,
    diesel INTEGER,
    usize INTEGER,
    "a\d" TEXT,
    "" TEXT
);
CREATE TABLE "type" ("type" INTEGER PRIMARY KEY NOT NULL, note TEXT);
CREATE TABLE diesel (id INTEGER PRIMARY KEY NOT NULL, "bool" INTEGER REFERENCES events (id));
