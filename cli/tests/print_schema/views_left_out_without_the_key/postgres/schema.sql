-- The views of views_included: without include_views, schema.rs is what diesel_cli 2.3.14
-- prints, the tables alone.
CREATE TABLE users (id SERIAL PRIMARY KEY, name VARCHAR(50) NOT NULL, hair_color TEXT);
CREATE TABLE posts (
    id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title TEXT NOT NULL
);
CREATE VIEW user_post_counts AS
    SELECT u.id AS user_id, u.name, count(p.id) AS post_count
    FROM users AS u LEFT JOIN posts AS p ON p.user_id = u.id
    GROUP BY u.id, u.name;
CREATE VIEW "Users With Hair" AS SELECT id, name, hair_color FROM users WHERE hair_color IS NOT NULL;
CREATE VIEW a_first AS SELECT id, id::text AS label FROM users;
CREATE MATERIALIZED VIEW post_totals AS SELECT count(*) AS n FROM posts;
COMMENT ON VIEW a_first IS 'Every user''s id as text.';
