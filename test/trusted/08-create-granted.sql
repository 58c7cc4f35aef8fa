-- CREATE on the database, not ownership, is what a trusted extension needs.
-- The extension and the registry grant belong to zm_other now.
SELECT has_database_privilege(current_database(), 'CREATE') AS can_create;
CREATE EXTENSION zeromile;
SELECT extowner::regrole AS extowner FROM pg_extension WHERE extname = 'zeromile';
SELECT has_table_privilege('wmi_registry', 'INSERT') AS may_insert;
