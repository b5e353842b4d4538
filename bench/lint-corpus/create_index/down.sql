DROP INDEX orders_created_at_idx;
