-- Tables without a primary key whose every fallback key is taken. A rowid table is keyed
-- by its rowid under the first of `rowid`, `oid` and `_rowid_` no column takes; SQLite
-- compares names without regard to case, so a column `ROWID` takes `rowid` (diesel_cli
-- 2.3.14 compares exactly, and keys by a `rowid` that reads that column). With all three
-- taken, diesel_cli stops (exact names) or keys by a taken name; strata keys by all columns.
CREATE TABLE readings (rowid TEXT, oid INTEGER, _rowid_ INTEGER, value REAL);
CREATE TABLE shouting (ROWID TEXT, OID INTEGER, _ROWID_ INTEGER, value REAL);
CREATE TABLE upper_rowid (RowId TEXT NOT NULL, value REAL);
CREATE TABLE plain (value REAL);
