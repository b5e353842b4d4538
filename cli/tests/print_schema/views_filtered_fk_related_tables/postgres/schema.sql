-- The table filter applies to views as to tables, and fk_related_tables lists no view
-- (a view has no foreign keys).
CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE posts (id SERIAL PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users (id));
CREATE VIEW post_titles AS SELECT id, user_id FROM posts;
CREATE VIEW hidden_names AS SELECT name FROM users;
