-- Views are printed as diesel::view! after the tables (diesel lists SQLite's views last),
-- without a key; a view's columns are nullable unless SQLite says otherwise, and typed by
-- the declared type of the column they show (none for an expression: Binary).
CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, name VARCHAR(50) NOT NULL, hair_color TEXT);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL
);
CREATE VIEW user_post_counts AS
    SELECT u.id AS user_id, u.name, count(p.id) AS post_count
    FROM users AS u LEFT JOIN posts AS p ON p.user_id = u.id
    GROUP BY u.id, u.name;
CREATE VIEW "Users With Hair" AS SELECT id, name, hair_color FROM users WHERE hair_color IS NOT NULL;
CREATE VIEW a_first AS SELECT id, CAST(id AS TEXT) AS label FROM users;
