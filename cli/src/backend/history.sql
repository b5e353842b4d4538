CREATE TABLE IF NOT EXISTS __strata_migrations (
       version VARCHAR(50) PRIMARY KEY NOT NULL,
       up_checksum VARCHAR(100) NOT NULL,
       down_checksum VARCHAR(100),
       down_sql TEXT,
       applied_at VARCHAR(40) NOT NULL,
       applied_order BIGINT NOT NULL,
       duration_ms BIGINT NOT NULL,
       failure TEXT
);
