ALTER TABLE order_lines RENAME TO line_items;
