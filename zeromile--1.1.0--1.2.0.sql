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
