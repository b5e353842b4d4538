SET lock_timeout = '3s';
DROP TABLE audit_log;
