-- Squashed by `strata migration squash` from the 3 migrations 2024-01-01-000000_users to 2024-01-03-000000_seed.
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
    email TEXT, score REAL NOT NULL DEFAULT 0.5);
CREATE TABLE posts (id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title TEXT NOT NULL DEFAULT 'untitled', body BLOB);
CREATE INDEX posts_user ON posts (user_id);
CREATE UNIQUE INDEX users_email ON users (email);
CREATE VIEW titles AS SELECT title FROM posts;
INSERT INTO "users" ("id", "name", "email", "score") VALUES (1, 'ann', 'ann@example.com', 1.5);
INSERT INTO "users" ("id", "name", "email", "score") VALUES (2, 'bob''s', NULL, 1.5);
INSERT INTO "posts" ("id", "user_id", "title", "body") VALUES (1, 1, 'hello', X'00FF');
INSERT INTO "posts" ("id", "user_id", "title", "body") VALUES (2, 2, 'C:\temp ''quoted''', NULL);
DELETE FROM sqlite_sequence WHERE name = 'users';
INSERT INTO sqlite_sequence (name, seq) VALUES ('users', 3);
CREATE TRIGGER posts_count AFTER INSERT ON posts
BEGIN UPDATE users SET score = score + 1 WHERE id = NEW.user_id; END;
