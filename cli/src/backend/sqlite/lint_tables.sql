-- Each table's b-tree: a table rebuilt (copied, dropped, its copy renamed to its name)
-- has another root page under the same name.
SELECT name, rootpage FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
