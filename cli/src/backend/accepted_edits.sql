CREATE TABLE IF NOT EXISTS __strata_accepted_edits (
       version VARCHAR(50) NOT NULL,
       old_checksum VARCHAR(100) NOT NULL,
       new_checksum VARCHAR(100) NOT NULL,
       accepted_at VARCHAR(40) NOT NULL
);
