-- Upgrade script of zeromile from 1.0.0 to 1.1.0.
--
-- Everything here must leave a 1.0.0 database identical (catalogue and
-- data) to a fresh 1.1.0 install: test/upgrade.sh checks that.  The parts
-- in src/sql are the 1.1.0 install script; keep the two in step.
\echo Use "ALTER EXTENSION zeromile UPDATE TO '1.1.0'" to load this file. \quit

--------------------------------------------------------------------------
-- Privileges
--------------------------------------------------------------------------

-- As in src/sql/decode.sql: every role may read the registry, and the
-- extension's owner may manage user rows.  The owner is the one recorded
-- in pg_extension, not @extowner@, which here is whoever runs the update
-- (a superuser updating a database owner's extension, say).
GRANT SELECT ON wmi_registry TO PUBLIC;
DO $$
DECLARE
	owner pg_catalog.regrole;
BEGIN
	SELECT e.extowner INTO STRICT owner
	FROM pg_catalog.pg_extension e WHERE e.extname = 'zeromile';
	EXECUTE pg_catalog.format(
		'GRANT INSERT, UPDATE, DELETE ON wmi_registry TO %s WITH GRANT OPTION',
		owner);
END
$$;
