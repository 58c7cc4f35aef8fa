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
-- extension's owner may manage user rows.
GRANT SELECT ON wmi_registry TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON wmi_registry TO @extowner@;
