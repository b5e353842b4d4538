-- Written by `strata setup` for PostgreSQL projects. It defines the two helper functions
-- that diesel projects call from their migrations, under the names diesel_cli gives them,
-- so migrations written for either tool run with both. Edit it freely: it is yours now.

-- diesel_manage_updated_at('table') adds a BEFORE UPDATE trigger named set_updated_at
-- to the table, which keeps its `updated_at` column current:
--
--     CREATE TABLE notes (id SERIAL PRIMARY KEY, updated_at TIMESTAMP NOT NULL DEFAULT now());
--     SELECT diesel_manage_updated_at('notes');
CREATE OR REPLACE FUNCTION diesel_manage_updated_at(_tbl regclass) RETURNS VOID AS $$
BEGIN
    EXECUTE format(
        'CREATE TRIGGER set_updated_at BEFORE UPDATE ON %s FOR EACH ROW EXECUTE PROCEDURE diesel_set_updated_at()',
        _tbl
    );
END;
$$ LANGUAGE plpgsql;

-- The trigger body: when an UPDATE changes the row but leaves updated_at as it was, stamp
-- it with the transaction's time; an UPDATE that sets updated_at itself is left alone.
CREATE OR REPLACE FUNCTION diesel_set_updated_at() RETURNS trigger AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := current_timestamp;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
