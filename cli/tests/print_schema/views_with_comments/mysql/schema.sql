-- MySQL and MariaDB give every view the comment `VIEW`, which is printed as its doc comment,
-- as diesel's main branch prints it.
CREATE TABLE accounts (id INTEGER PRIMARY KEY AUTO_INCREMENT, balance DECIMAL(10, 2) NOT NULL);
CREATE VIEW overdrawn AS SELECT id, balance FROM accounts WHERE balance < 0;
