-- Settings made for the database itself (ALTER DATABASE ... SET), as name=value.
SELECT unnest(s.setconfig) AS setting
FROM pg_db_role_setting AS s
JOIN pg_database AS d ON d.oid = s.setdatabase
WHERE d.datname = current_database() AND s.setrole = 0
