-- The views of views_included: without include_views, schema.rs is what diesel_cli 2.3.14
-- prints, the tables alone.
CREATE TABLE users (id INTEGER PRIMARY KEY AUTO_INCREMENT, name VARCHAR(50) NOT NULL, hair_color TEXT);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    user_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE VIEW user_post_counts AS
    SELECT u.id AS user_id, u.name, count(p.id) AS post_count
    FROM users AS u LEFT JOIN posts AS p ON p.user_id = u.id
    GROUP BY u.id, u.name;
CREATE VIEW `Users With Hair` AS SELECT id, name, hair_color FROM users WHERE hair_color IS NOT NULL;
CREATE VIEW a_first AS SELECT id, CAST(id AS CHAR) AS label FROM users;
