-- Tables without a declared primary key are keyed by their implicit rowid, under the first
-- of rowid, oid, _rowid_ that no column takes.
CREATE TABLE audit_log (at TIMESTAMP NOT NULL, message TEXT NOT NULL);
CREATE TABLE has_rowid_column (rowid TEXT, v TEXT);
