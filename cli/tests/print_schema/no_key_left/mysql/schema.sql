-- Tables without a primary key whose every fallback key is taken. strata keys a table
-- without a primary key by its first unique constraint over NOT NULL columns, else by all
-- its columns (diesel_cli 2.3.14 stops at it).
CREATE TABLE readings (sensor VARCHAR(20), value DOUBLE, UNIQUE KEY sensor_key (sensor));
CREATE TABLE events (kind VARCHAR(20) NOT NULL, at DATETIME NOT NULL, UNIQUE KEY at_key (at), UNIQUE KEY kind_key (kind));
CREATE TABLE plain (id INTEGER PRIMARY KEY NOT NULL);
