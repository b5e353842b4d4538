-- Names diesel_cli 2.3.14 prints as code that does not compile: `gen` (a keyword since
-- Rust 2024), names table!'s own expansion uses (`bool`, `str`, `Ok`, `T`, `star`,
-- `diesel`, and `usize` beside a #[max_length]; a table `diesel` hides the crate), a `\`
-- it leaves unescaped, and a column and its table that both become `type_`. strata renames
-- them, keeps #[sql_name], and warns.
CREATE TABLE events (
    id SERIAL PRIMARY KEY,
    "gen" INTEGER,
    "bool" BOOLEAN,
    "str" TEXT,
    "Ok" INTEGER,
    "T" INTEGER,
    star INTEGER,
    diesel INTEGER,
    usize VARCHAR(10),
    "a\d" TEXT
);
CREATE TABLE "type" ("type" INTEGER PRIMARY KEY, note TEXT);
CREATE TABLE diesel (id INTEGER PRIMARY KEY, "bool" INTEGER REFERENCES events (id));
