SET lock_timeout = '3s';
ALTER TABLE line_items RENAME TO order_lines;
