-- A superuser updates an extension that a database owner created as 1.0.0:
-- the registry grant goes to the extension's owner recorded in
-- pg_extension, not to the superuser running the update.
DROP EXTENSION zeromile CASCADE;
SET ROLE zm_owner;
CREATE EXTENSION zeromile VERSION '1.0.0';
RESET ROLE;
ALTER EXTENSION zeromile UPDATE;
SELECT extversion, extowner::regrole FROM pg_extension WHERE extname = 'zeromile';
SELECT has_table_privilege('zm_owner', 'wmi_registry', 'INSERT WITH GRANT OPTION') AS owner_may_grant_insert,
       has_table_privilege('zm_owner', 'wmi_registry', 'DELETE WITH GRANT OPTION') AS owner_may_grant_delete;
