-- diesel's own case (diesel_cli/tests/print_schema/print_schema_with_view on its main branch):
-- expected.rs is diesel main's expected output for this backend.
CREATE VIEW test AS SELECT 'test' AS name, 1 AS id;
