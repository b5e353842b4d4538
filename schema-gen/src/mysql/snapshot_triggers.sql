-- Snapshot, 8 of 8: triggers with their timing, event and body.
SELECT
    EVENT_OBJECT_TABLE AS table_name,
    TRIGGER_NAME AS name,
    ACTION_TIMING AS timing,
    EVENT_MANIPULATION AS event,
    ACTION_STATEMENT AS body
FROM information_schema.TRIGGERS
WHERE TRIGGER_SCHEMA = DATABASE()
