-- Names diesel_cli 2.3.14 renames, each printed exactly as it prints them: keywords of
-- every edition up to 2018, a column named like its table, characters an identifier
-- cannot hold (each run of them one `_`, the name's own underscores kept), a leading
-- digit, names with quotes (a raw string when the name holds `"`), and names that
-- diesel_cli 2.3.7 renamed but 2.3.14 keeps (`sizeof`, `proc`).
CREATE TABLE events (
    id INTEGER PRIMARY KEY NOT NULL,
    `await` TEXT NOT NULL,
    `dyn` TEXT,
    `try` INTEGER,
    `type` TEXT NOT NULL,
    events INTEGER,
    `2fa secret` TEXT,
    `first name` VARCHAR(20),
    `a__b c` TEXT,
    `a _b` TEXT,
    `-x` TEXT,
    `é` TEXT,
    `it's` TEXT,
    `say "hi"` TEXT,
    `a"#b` TEXT,
    sizeof INTEGER,
    proc INTEGER
);
CREATE TABLE `async` (
    `Self` INTEGER PRIMARY KEY NOT NULL,
    `event id` INTEGER,
    FOREIGN KEY (`event id`) REFERENCES events (id)
);
CREATE TABLE `it's "quoted"` (id INTEGER PRIMARY KEY NOT NULL, note TEXT);
