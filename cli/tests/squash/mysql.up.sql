-- Squashed by `strata migration squash` from the 3 migrations 2024-01-01-000000_users to 2024-01-03-000000_seed.
SET @strata_time_zone = @@SESSION.time_zone, @strata_sql_mode = @@SESSION.sql_mode;
SET SESSION time_zone = '+00:00', SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'NO_AUTO_VALUE_ON_ZERO');
CREATE TABLE `posts` (
    `id` bigint(20) NOT NULL auto_increment,
    `user_id` int(11) NOT NULL,
    `title` varchar(100) NOT NULL,
    `body` blob NULL DEFAULT NULL,
    `score` decimal(10,2) NULL DEFAULT NULL,
    `title_length` int(11) AS (char_length(`title`)) STORED,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB COLLATE=utf8mb4_general_ci;
CREATE TABLE `users` (
    `id` int(11) NOT NULL auto_increment,
    `name` varchar(100) NOT NULL,
    `email` varchar(200) NULL DEFAULT NULL,
    `mood` enum('happy','sad') NOT NULL DEFAULT 'happy',
    `admin` bit(1) NOT NULL DEFAULT b'0',
    `joined` timestamp NULL DEFAULT NULL,
    PRIMARY KEY (`id`)
) ENGINE=InnoDB COLLATE=utf8mb4_general_ci;
ALTER TABLE `posts` ADD CONSTRAINT `title` CHECK (`title` <> '');
CREATE INDEX `posts_score` ON `posts` (`score`);
CREATE INDEX `posts_user` ON `posts` (`user_id`);
CREATE UNIQUE INDEX `email` ON `users` (`email`);
CREATE VIEW `titles` AS select `posts`.`title` AS `title` from `posts`;
INSERT INTO `users` (`id`, `name`, `email`, `mood`, `admin`, `joined`) VALUES ('1', 'ann+', 'ann@example.com', 'happy', 1, '2024-01-02 03:04:05');
INSERT INTO `users` (`id`, `name`, `email`, `mood`, `admin`, `joined`) VALUES ('2', 'bob''s+', NULL, 'happy', 0, NULL);
INSERT INTO `posts` (`id`, `user_id`, `title`, `body`, `score`) VALUES ('1', '1', 'hello', X'00FF', '1.50');
INSERT INTO `posts` (`id`, `user_id`, `title`, `body`, `score`) VALUES ('2', '2', CONVERT(X'433A5C74656D70202771756F74656427' USING utf8mb4), NULL, NULL);
ALTER TABLE `posts` AUTO_INCREMENT = 3;
ALTER TABLE `users` AUTO_INCREMENT = 4;
ALTER TABLE `posts` ADD CONSTRAINT `posts_user` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE CASCADE ON UPDATE RESTRICT;
CREATE TRIGGER `posts_count` AFTER INSERT ON `posts` FOR EACH ROW UPDATE users SET name = CONCAT(name, '+') WHERE id = NEW.user_id;
ALTER TABLE `users` COMMENT = 'People who write';
SET SESSION time_zone = @strata_time_zone, SESSION sql_mode = @strata_sql_mode;
