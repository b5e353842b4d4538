SELECT 1; -- an enum value cannot be removed
