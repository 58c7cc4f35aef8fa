-- bi_create_view's generated names (issue 22, finding 14): clipped to 63
-- bytes on a character boundary, with a hash of the whole name when
-- clipped, so that they never collide; an index for the view's filters
-- that cannot be made is an error, never a NOTICE.  Names that fit are
-- those of 1.1.0 (sql/bi_view.sql).
CREATE SCHEMA bn;
SET search_path = bn, public;
-- SQLSTATE, message and hint of a statement, or 'ok'
CREATE FUNCTION bn.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	h text;
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
	RETURN SQLSTATE || ': ' || SQLERRM || coalesce(' HINT: ' || nullif(h, ''), '');
END
$$;
-- the indexes of a table, in name order
CREATE FUNCTION bn.indexes(regclass) RETURNS TABLE (index_name name, bytes int, def text)
	LANGUAGE sql AS $$
	SELECT c.relname, octet_length(c.relname::text), pg_get_indexdef(i.indexrelid, 1, false)
	FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
	WHERE i.indrelid = $1 ORDER BY 1
$$;

-- 21 CJK characters are 63 bytes: "<name>_bi" no longer fits, and 1.1.0
-- made the view's name the table's (42P07).  The view name is clipped to
-- whole characters and hashed; so is the index name.
CREATE TABLE "车辆识别代号登记转售汇总报表数据明细车辆表" (vin vin, note text);
SELECT octet_length(relname::text) AS table_bytes, length(relname::text) AS table_chars
FROM pg_class WHERE relname LIKE '车辆识别%' AND relkind = 'r';
SELECT bi_create_view('"车辆识别代号登记转售汇总报表数据明细车辆表"')::text AS view_name;
SELECT c.relname, octet_length(c.relname::text) AS bytes, c.relkind
FROM pg_class c WHERE c.relnamespace = 'bn'::regnamespace AND c.relname LIKE '车辆%' ORDER BY 1;
SELECT * FROM bn.indexes('"车辆识别代号登记转售汇总报表数据明细车辆表"');

-- Two vin columns sharing their first 24 characters: one index each (1.1.0
-- made one, for the first column, and skipped the second with a NOTICE).
CREATE TABLE fleet (registration_vin_of_car_a vin, registration_vin_of_car_b vin);
SELECT bi_create_view('fleet');
SELECT * FROM bn.indexes('fleet');
-- and long names: clipped, hashed, distinct
CREATE TABLE a_table_with_a_rather_long_name_for_the_fleet_of_cars (
	the_vehicle_identification_number_as_first_registered vin,
	the_vehicle_identification_number_as_first_registered_2 vin);
SELECT bi_create_view('a_table_with_a_rather_long_name_for_the_fleet_of_cars');
SELECT * FROM bn.indexes('a_table_with_a_rather_long_name_for_the_fleet_of_cars');

-- A relation holding the index's name: the next free name, numbered (1.1.0:
-- a NOTICE and no index)
CREATE TABLE cars (vin vin);
CREATE TABLE cars_vin_bi (x int);
SET client_min_messages = notice;
SELECT bi_create_view('cars');
RESET client_min_messages;
SELECT * FROM bn.indexes('cars');
ANALYZE cars;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM cars_bi WHERE vin = 'LSJA24U62JG269225';
RESET enable_seqscan;
-- again after dropping the view: the index is found by what it is, not
-- made twice; nor is one made beside an index of the same definition
DROP VIEW cars_bi;
SELECT bi_create_view('cars');
SELECT count(*) AS indexes FROM bn.indexes('cars');
CREATE TABLE mine (vin vin);
CREATE INDEX my_own ON mine ((vin::varchar(17)) varchar_pattern_ops);
SELECT bi_create_view('mine');
SELECT * FROM bn.indexes('mine');

-- Two summary columns sharing their first 60 bytes: the facts columns
-- keep distinct names (1.1.0: 42701, a column specified more than once)
CREATE TABLE sums (vin vin,
	summary_of_the_registration_and_resale_events_of_the_first_car resale_summary,
	summary_of_the_registration_and_resale_events_of_the_first_cat resale_summary);
SELECT bi_create_view('sums');
SELECT count(*) AS columns, count(DISTINCT attname) AS distinct_names,
	   max(octet_length(attname::text)) AS longest
FROM pg_attribute WHERE attrelid = 'sums_bi'::regclass AND attnum > 0;
-- the view reads the right summary into each column
INSERT INTO sums VALUES ('LSJA24U62JG269225',
	(SELECT resale_agg('registration', timestamptz '2025-01-01 00:00+00', NULL)),
	(SELECT resale_agg('registration', timestamptz '2025-02-01 00:00+00', NULL)));
SET TimeZone = 'UTC';
SELECT attname, (SELECT to_jsonb(v) -> a.attname::text FROM sums_bi v) AS registered_at
FROM pg_attribute a WHERE attrelid = 'sums_bi'::regclass AND attnum IN (2, 22) ORDER BY attnum;
RESET TimeZone;

-- A facts column named like a column of the table: an error saying so
CREATE TABLE taken (a resale_summary, b resale_summary, a_resale_count int);
SELECT bn.try($$SELECT bi_create_view('taken')$$);

-- The index cannot be made (only the table's owner may): an error with a
-- hint, and no view; index_vins => false makes the view without it
CREATE ROLE regress_zm_bi_reader;
GRANT USAGE, CREATE ON SCHEMA bn TO regress_zm_bi_reader;
CREATE TABLE theirs (vin vin);
GRANT SELECT ON theirs TO regress_zm_bi_reader;
SET ROLE regress_zm_bi_reader;
SELECT bn.try($$SELECT bi_create_view('bn.theirs')$$);
SELECT to_regclass('bn.theirs_bi') AS no_view;
SELECT bi_create_view('bn.theirs', index_vins => false);
RESET ROLE;

RESET search_path;
DROP SCHEMA bn CASCADE;
DROP OWNED BY regress_zm_bi_reader;
DROP ROLE regress_zm_bi_reader;
