-- Where the sequences of schema $1 stand, as the statements that put them there. A
-- sequence never used has no last value, and a new one is already where it stands.
SELECT 'SELECT setval(' || quote_literal(quote_ident(sequencename)) || ', ' || last_value
       || ')' AS line
FROM pg_sequences
WHERE schemaname = $1 AND last_value IS NOT NULL
ORDER BY sequencename
