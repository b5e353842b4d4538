DROP INDEX comments_post_id_idx;
DROP TABLE comments;
