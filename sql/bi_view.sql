-- bi_create_view (issue 11, part 2): a view for BI tools, vin columns as
-- varchar(17), summaries expanded to the resale_facts columns, and an
-- expression index per vin column that keeps the view's filters indexed.
-- Identifiers come from the catalogue and are quoted: names that look
-- like SQL are only names.
CREATE SCHEMA "bi; DROP TABLE x --";
CREATE TABLE "bi; DROP TABLE x --"."Fleet ""A""" (
	vin vin PRIMARY KEY,
	summary resale_summary,
	"note'); DROP TABLE y; --" text,
	dropped int
);
ALTER TABLE "bi; DROP TABLE x --"."Fleet ""A""" DROP COLUMN dropped;
INSERT INTO "bi; DROP TABLE x --"."Fleet ""A"""
SELECT v, resale_agg(k, a, km, 'dealer-' || (i % 7)), 'n' || i
FROM (SELECT i, vin_with_check_digit('LSJA24U6' || lpad(i::text, 9, '0')) AS v
	  FROM generate_series(1, 20000) i) x,
	 LATERAL (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01 00:00+00' + i * interval '1 hour', NULL::float8),
					 ('listing', timestamptz '2025-01-01 00:00+00' + i * interval '1 hour' + (i % 300) * interval '1 day', (i % 90)::float8)) e(k, a, km)
GROUP BY i, v;
SELECT bi_create_view('"bi; DROP TABLE x --"."Fleet ""A"""');
ANALYZE "bi; DROP TABLE x --"."Fleet ""A""";
SELECT attname, format_type(atttypid, atttypmod) AS type
FROM pg_attribute WHERE attrelid = '"bi; DROP TABLE x --"."Fleet ""A""_bi"'::regclass
ORDER BY attnum;
SELECT obj_description('"bi; DROP TABLE x --"."Fleet ""A""_bi"'::regclass, 'pg_class');
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid)
FROM pg_index WHERE indrelid = '"bi; DROP TABLE x --"."Fleet ""A"""'::regclass ORDER BY 1::text;

-- The view's rows are the table's, its facts resale_facts'.
SET search_path = "bi; DROP TABLE x --", public;
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE ROW(v.registered_at, v.registered_by, v.insured_at, v.registration_count,
		   v.first_resale_at, v.first_resale_kind, v.first_resale_seller,
		   v.resale_odometer_km, v.resale_interval, v.resale_days,
		   v.first_known_odometer_at, v.first_known_odometer_km, v.resale_count,
		   v.events_before_registration, v.resold_within, v.is_zero_mileage,
		   v.zero_mileage_reason, v.first_export_at, v.exports_tracked,
		   v.exported_within)::resale_facts
		   IS DISTINCT FROM resale_facts(t.summary)) AS mismatches,
	   count(*) FILTER (WHERE v.is_zero_mileage) AS zero_mileage
FROM "Fleet ""A""_bi" v JOIN "Fleet ""A""" t ON t.vin = v.vin;

-- Filters through the view are indexed: =, IN (where a value that is no
-- VIN simply matches nothing), LIKE 'prefix%'.
EXPLAIN (COSTS OFF) SELECT vin, is_zero_mileage FROM "Fleet ""A""_bi" WHERE vin = 'LSJA24U6X00000001';
EXPLAIN (COSTS OFF) SELECT vin FROM "Fleet ""A""_bi" WHERE vin IN ('LSJA24U6X00000001', 'not-a-vin');
EXPLAIN (COSTS OFF) SELECT vin FROM "Fleet ""A""_bi" WHERE vin LIKE 'LSJA24U6X%001%';
PREPARE bi_by_vin(varchar) AS SELECT vin, resale_days FROM "Fleet ""A""_bi" WHERE vin = $1;
EXPLAIN (COSTS OFF) EXECUTE bi_by_vin('LSJA24U6X00000001');
SELECT vin FROM "Fleet ""A""_bi" WHERE vin IN ('LSJA24U6000000017', 'not-a-vin') ORDER BY vin;
SELECT count(*) FROM "Fleet ""A""_bi" WHERE vin LIKE 'LSJA24U6X%001%';
DEALLOCATE bi_by_vin;

-- Two summaries: their fields are prefixed with the column name; a view
-- of a view gets no index; a name of our choosing.
CREATE TABLE two (car vin, a resale_summary, b resale_summary);
SELECT bi_create_view('two', 'two for BI', '3 months', 10);
SELECT attname, format_type(atttypid, atttypmod) AS type
FROM pg_attribute WHERE attrelid = '"two for BI"'::regclass AND attnum IN (1, 2, 19, 20, 21, 22, 40, 41)
ORDER BY attnum;
SELECT pg_get_viewdef('"two for BI"'::regclass) LIKE '%3 mons''::interval, ''10''::double precision%' AS thresholds;
SELECT bi_create_view('"two for BI"');
SELECT count(*) AS indexes FROM pg_index WHERE indrelid = '"two for BI"'::regclass;
-- A column named like a fact: fields prefixed.
CREATE TABLE clash (resale_count int, s resale_summary);
SELECT bi_create_view('clash');
SELECT attname FROM pg_attribute WHERE attrelid = 'clash_bi'::regclass AND attnum <= 3 ORDER BY attnum;
-- Errors: a sequence has no rows; the name is taken by a relation
-- bi_create_view did not make (replacing is tested in bi_view_replace).
CREATE SEQUENCE bi_seq;
SELECT bi_create_view('bi_seq');
\echo :LAST_ERROR_SQLSTATE
SELECT bi_create_view('two', 'bi_seq');
\echo :LAST_ERROR_SQLSTATE
-- The function: volatile, parallel unsafe, a fixed search_path.
SELECT provolatile, proparallel, proconfig FROM pg_proc WHERE proname = 'bi_create_view';
RESET search_path;
DROP SCHEMA "bi; DROP TABLE x --" CASCADE;
