-- Squashed by `strata migration squash` from the 3 migrations 2024-01-01-000000_users to 2024-01-03-000000_seed.
DROP VIEW "titles";
DROP TABLE "posts";
DROP TABLE "users";
DROP TYPE "mood";
DROP SEQUENCE IF EXISTS "posts_id_seq";
DROP SEQUENCE IF EXISTS "tickets";
DROP SEQUENCE IF EXISTS "users_id_seq";
DROP FUNCTION count_post();
