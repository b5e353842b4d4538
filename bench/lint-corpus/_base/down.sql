DROP TABLE audit_log, line_items, orders, accounts;
DROP TYPE order_status;
