-- Names diesel_cli 2.3.14 maps to one Rust identifier: `a b` and `a-b`, `ä1` and `ö1`,
-- `日本` and `中文` (both `__`), and the columns `id_` and `id?`. It prints both, and two
-- table!s (or columns) of one name do not compile. The name that already is the identifier,
-- else the first, keeps it; the other gets `_2`, with #[sql_name], and a warning.
CREATE TABLE "a b" (id INTEGER PRIMARY KEY NOT NULL, "a b" TEXT, "a-b" TEXT, id_ INTEGER, "id?" INTEGER);
CREATE TABLE "a-b" (id INTEGER PRIMARY KEY NOT NULL, "x y" INTEGER, "x-y" INTEGER,
    FOREIGN KEY ("x-y") REFERENCES "a b" (id));
CREATE TABLE "ä1" (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE "ö1" (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE "日本" (id INTEGER PRIMARY KEY NOT NULL);
CREATE TABLE "中文" (id INTEGER PRIMARY KEY NOT NULL);
