ALTER TABLE accounts ADD COLUMN token UUID NOT NULL DEFAULT gen_random_uuid();
