-- Upgrade script of zeromile from 1.1.0 to 1.2.0.
--
-- Everything here must leave a 1.1.0 database identical (catalogue and
-- data) to a fresh 1.2.0 install: test/upgrade.sh checks that.  The parts
-- in src/sql are the 1.2.0 install script; keep the two in step.  One
-- section per concern, in the order of the install parts.
\echo Use "ALTER EXTENSION zeromile UPDATE TO '1.2.0'" to load this file. \quit

--------------------------------------------------------------------------
-- Decoding and the WMI registry (src/sql/decode.sql)
--------------------------------------------------------------------------

-- The registry's generation, the key of its caches (issue #22: cursors,
-- commits racing a statement, REPEATABLE READ and subscribers).  The
-- statement trigger of 1.1.0, which sent a relcache invalidation, becomes
-- a row trigger that increments the generation, plus one for TRUNCATE.
SET LOCAL default_tablespace = '';
CREATE TABLE wmi_registry_generation (
	one boolean PRIMARY KEY DEFAULT true
		CONSTRAINT wmi_registry_generation_one CHECK (one),
	generation bigint NOT NULL
) USING heap;
INSERT INTO wmi_registry_generation (one, generation) VALUES (true, 1);

COMMENT ON TABLE wmi_registry_generation IS 'one row: incremented by every transaction that changes wmi_registry (its triggers do it), the key of the caches vin_manufacturer and vin_decode read';
COMMENT ON COLUMN wmi_registry_generation.one IS 'always true: the table holds one row';
COMMENT ON COLUMN wmi_registry_generation.generation IS 'incremented once by each transaction that changes wmi_registry';
COMMENT ON CONSTRAINT wmi_registry_generation_pkey ON wmi_registry_generation IS 'one row (also its replica identity, should it be published)';
COMMENT ON CONSTRAINT wmi_registry_generation_one ON wmi_registry_generation IS 'one row';
GRANT SELECT ON wmi_registry_generation TO PUBLIC;

COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: increments wmi_registry_generation once per changing transaction, so that the caches of the registry are rebuilt';

DROP TRIGGER wmi_registry_changed ON wmi_registry;
CREATE TRIGGER wmi_registry_changed
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_changed();
CREATE TRIGGER wmi_registry_changed_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed_truncate;
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'counts each changed row in wmi_registry_generation (once per transaction), which the caches of vin_manufacturer and vin_decode are keyed by';
COMMENT ON TRIGGER wmi_registry_changed_truncate ON wmi_registry IS 'counts a TRUNCATE in wmi_registry_generation';

--------------------------------------------------------------------------
-- Registration-to-resale summaries (src/sql/resale.sql)
--------------------------------------------------------------------------

--------------------------------------------------------------------------
-- BI view (src/sql/bi.sql)
--------------------------------------------------------------------------

--------------------------------------------------------------------------
-- Triggers (src/sql/triggers.sql)
--------------------------------------------------------------------------

--------------------------------------------------------------------------
-- Plates (src/sql/plates.sql)
--------------------------------------------------------------------------
