-- Squashed by `strata migration squash` from the 3 migrations 2024-01-01-000000_users to 2024-01-03-000000_seed.
SET LOCAL check_function_bodies = false;
CREATE OR REPLACE FUNCTION public.count_post()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    UPDATE users SET tags = array_append(tags, 'writer') WHERE id = NEW.user_id;
    RETURN NEW;
END;
$function$;
CREATE TYPE "mood" AS ENUM ('happy', 'sad');
CREATE SEQUENCE "tickets" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;
CREATE SEQUENCE "users_id_seq" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1;
CREATE TABLE "posts" (
    "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
    "user_id" integer NOT NULL,
    "title" character varying(100) NOT NULL,
    "body" bytea,
    "score" numeric(10,2),
    "title_length" integer GENERATED ALWAYS AS (length((title)::text)) STORED
);
CREATE TABLE "users" (
    "id" integer DEFAULT nextval('users_id_seq'::regclass) NOT NULL,
    "name" text NOT NULL,
    "email" text,
    "mood" mood DEFAULT 'happy'::mood NOT NULL,
    "tags" text[] DEFAULT '{}'::text[] NOT NULL
);
ALTER SEQUENCE "users_id_seq" OWNED BY "users"."id";
ALTER TABLE "posts" ADD CONSTRAINT "posts_pkey" PRIMARY KEY (id);
ALTER TABLE "users" ADD CONSTRAINT "users_pkey" PRIMARY KEY (id);
ALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE (email);
ALTER TABLE "posts" ADD CONSTRAINT "posts_title_check" CHECK (((title)::text <> ''::text));
CREATE INDEX posts_scored ON public.posts USING btree (user_id) WHERE (score IS NOT NULL);
CREATE VIEW "titles" AS
 SELECT posts.title
   FROM posts;
INSERT INTO "users" ("id", "name", "email", "mood", "tags") VALUES ('1', 'ann', 'ann@example.com', 'happy', '{writer}');
INSERT INTO "users" ("id", "name", "email", "mood", "tags") VALUES ('2', 'bob''s', NULL, 'happy', '{writer}');
INSERT INTO "posts" ("id", "user_id", "title", "body", "score") OVERRIDING SYSTEM VALUE VALUES ('1', '1', 'hello', E'\\x00ff', '1.50');
INSERT INTO "posts" ("id", "user_id", "title", "body", "score") OVERRIDING SYSTEM VALUE VALUES ('2', '2', E'C:\\temp ''quoted''', NULL, NULL);
SELECT setval('"posts_id_seq"', 2, true);
SELECT setval('"tickets"', 500, false);
SELECT setval('"users_id_seq"', 3, true);
ALTER TABLE "posts" ADD CONSTRAINT "posts_user_id_fkey" FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE;
CREATE TRIGGER posts_count AFTER INSERT ON public.posts FOR EACH ROW EXECUTE FUNCTION count_post();
COMMENT ON TABLE users IS 'People who write';
COMMENT ON COLUMN users.name IS 'Display name';
SET LOCAL check_function_bodies = DEFAULT;
