-- The table filter applies to views as to tables, and fk_related_tables lists no view
-- (a view has no foreign keys).
CREATE TABLE users (id INTEGER PRIMARY KEY AUTO_INCREMENT, name TEXT NOT NULL);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY AUTO_INCREMENT,
    user_id INTEGER NOT NULL,
    FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE VIEW post_titles AS SELECT id, user_id FROM posts;
CREATE VIEW hidden_names AS SELECT name FROM users;
