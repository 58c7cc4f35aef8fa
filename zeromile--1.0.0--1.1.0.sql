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

--------------------------------------------------------------------------
-- Registry look-ups at scan speed
--
-- vin_manufacturer and vin_decode become C functions answering from a
-- per-backend cache of the registry, which a statement trigger keeps
-- exact (as in src/sql/decode.sql).
--------------------------------------------------------------------------

CREATE FUNCTION vin_wmi_registry_changed() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: tells every session that the registry changed, so that their caches are rebuilt';

CREATE TRIGGER wmi_registry_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'invalidates the cache of the registry that vin_manufacturer and vin_decode read, in every session';

CREATE OR REPLACE FUNCTION vin_decode(v vin, as_of date,
									  OUT wmi text, OUT vds text, OUT vis text,
									  OUT plant text, OUT serial text,
									  OUT region text, OUT country text,
									  OUT manufacturer text,
									  OUT model_years integer[],
									  OUT model_year integer,
									  OUT model_year_rule text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION vin_manufacturer(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
