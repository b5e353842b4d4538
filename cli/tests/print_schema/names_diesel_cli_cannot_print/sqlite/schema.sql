-- Names diesel_cli 2.3 prints as code that does not compile: newer keywords, a leading
-- digit, a column named like its table. strata renames them and keeps #[sql_name].
CREATE TABLE events (
    id INTEGER PRIMARY KEY NOT NULL,
    "await" TEXT NOT NULL,
    "dyn" TEXT,
    "try" INTEGER,
    "gen" INTEGER,
    "type" TEXT NOT NULL,
    "2fa_secret" TEXT,
    "first name" TEXT,
    events INTEGER
);
CREATE TABLE "async" (id INTEGER PRIMARY KEY NOT NULL, event_id INTEGER REFERENCES events (id));
