-- With lower_case_table_names=0 (the default on Linux) `Users` and `users` are two tables.
-- information_schema compares names case-insensitively; each is printed with its own
-- columns and keys, as diesel_cli 2.3.14 prints them.
CREATE TABLE `Users` (id INTEGER PRIMARY KEY NOT NULL, name TEXT);
CREATE TABLE users (
    user_id BIGINT NOT NULL,
    email VARCHAR(100) NOT NULL,
    `Users_id` INTEGER,
    PRIMARY KEY (user_id),
    UNIQUE KEY users_email (email),
    FOREIGN KEY (`Users_id`) REFERENCES `Users` (id)
);
CREATE TABLE `USERS` (code VARCHAR(10) PRIMARY KEY NOT NULL);
