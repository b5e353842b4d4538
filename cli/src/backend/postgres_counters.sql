-- Schema $1's sequences and where each starts. Where one stands is read from the sequence
-- itself: pg_sequences has no position for one restarted and not used since.
SELECT s.sequencename AS name, s.start_value AS start
FROM pg_sequences AS s
WHERE s.schemaname = $1
ORDER BY s.sequencename
