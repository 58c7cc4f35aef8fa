-- Benchmark of registry decoding (make bench).
--
-- (a) vin_manufacturer over 2M VINs against the scan floor and vin_wmi,
--     and against 1.0.0's SQL body (a sub-select per row) for scale;
-- (b) vin_decode against the same eleven fields selected through the
--     individual functions, in each form a query can call it;
-- (c) the README's by-manufacturer report over 2M stored summaries,
--     grouped by vin_manufacturer and by vin_wmi.
-- Targets: (a) vin_manufacturer <= 1.5x the scan floor; (b) vin_decode
-- <= 1.2x the eleven functions and <= 10x the scan floor; (c) by
-- manufacturer <= 1.5x by WMI.
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT setseed(0.5) \gset

-- 2M VINs of 64 makers: 48 in the shipped registry, 16 unknown WMIs,
-- and one small manufacturer (third character 9) added as a user row.
INSERT INTO wmi_registry (wmi, manufacturer, country)
VALUES ('TM9123', 'Bench small maker', 'Czech Republic');
CREATE TABLE bd_makers AS
SELECT row_number() OVER () AS m, wmi
FROM (SELECT wmi FROM wmi_registry WHERE shipped AND length(wmi) = 3 ORDER BY wmi LIMIT 47) r
UNION ALL SELECT 48, 'TM9'
UNION ALL SELECT 48 + g, (ARRAY['LX', 'LY', 'MX', 'MY'])[1 + g % 4] || substr('ABCDEFGH', 1 + g / 2 % 8, 1)
FROM generate_series(1, 16) g;
CREATE TABLE bd_vins AS
SELECT (k.wmi || 'AB12C'
	|| substr('0123456789X', 1 + floor(random() * 11)::int, 1)
	|| substr('LMNPRS', 1 + floor(random() * 6)::int, 1)
	|| substr('ABCDEFGH', 1 + floor(random() * 8)::int, 1)
	|| CASE WHEN k.wmi = 'TM9' THEN '123' || lpad(floor(random() * 1000)::int::text, 3, '0')
	   ELSE lpad(floor(random() * 1000000)::int::text, 6, '0') END)::vin AS vin
FROM (SELECT 1 + floor(random() * 64)::int AS m FROM generate_series(1, 2000000)) r
JOIN bd_makers k USING (m);
VACUUM ANALYZE bd_vins;

-- 1.0.0's vin_manufacturer, for scale
CREATE FUNCTION bd_manufacturer_sql(v vin) RETURNS text
	LANGUAGE sql STABLE STRICT PARALLEL SAFE
	RETURN (SELECT r.manufacturer FROM wmi_registry r WHERE r.wmi = vin_wmi(v));

\echo
\echo (a) vin_manufacturer over 2M VINs
\o /dev/null
SELECT bench_compare('manufacturer',
	ARRAY['scan floor', 'vin_wmi', 'vin_manufacturer'],
	ARRAY['SELECT count(vin) FROM bd_vins',
	      'SELECT count(vin_wmi(vin)) FROM bd_vins',
	      'SELECT count(vin_manufacturer(vin)) FROM bd_vins'], 7);
SELECT bench_time('manufacturer', '1.0.0 SQL body (sub-select per row)',
	'SELECT count(bd_manufacturer_sql(vin)) FROM bd_vins', 1);
\o
SELECT * FROM bench_report('manufacturer', 'scan floor');

-- Each query reads every field, so no form can skip work.
\set q_eleven 'SELECT count(vin_wmi(vin)), count(vin_vds(vin)), count(vin_vis(vin)), count(vin_plant(vin)), count(vin_serial(vin)), count(vin_region(vin)), count(vin_country(vin)), count(vin_manufacturer(vin)), count(vin_model_years(vin)), count(vin_model_year(vin, date ''2025-06-30'')), count(vin_model_year_rule(vin, date ''2025-06-30'')) FROM bd_vins'
\set q_fields 'SELECT count((d).wmi), count((d).vds), count((d).vis), count((d).plant), count((d).serial), count((d).region), count((d).country), count((d).manufacturer), count((d).model_years), count((d).model_year), count((d).model_year_rule) FROM (SELECT vin_decode(vin, date ''2025-06-30'') AS d FROM bd_vins OFFSET 0) x'
\set q_star 'SELECT count(wmi), count(vds), count(vis), count(plant), count(serial), count(region), count(country), count(manufacturer), count(model_years), count(model_year), count(model_year_rule) FROM (SELECT (vin_decode(vin, date ''2025-06-30'')).* FROM bd_vins) x'
\set q_lateral 'SELECT count(d.wmi), count(d.vds), count(d.vis), count(d.plant), count(d.serial), count(d.region), count(d.country), count(d.manufacturer), count(d.model_years), count(d.model_year), count(d.model_year_rule) FROM bd_vins, LATERAL vin_decode(vin, date ''2025-06-30'') d'

-- PostgreSQL's floors for the same shape of work: the eleven values
-- already stored, as columns and as one record column taken apart.
CREATE TYPE bd_decoded_t AS (wmi text, vds text, vis text, plant text, serial text,
	region text, country text, manufacturer text, model_years integer[],
	model_year integer, model_year_rule text);
CREATE TABLE bd_decoded_cols AS
SELECT d.* FROM bd_vins, LATERAL vin_decode(vin, date '2025-06-30') d;
CREATE TABLE bd_decoded_rec AS
SELECT ROW(d.*)::bd_decoded_t AS d FROM bd_decoded_cols d;
VACUUM ANALYZE bd_decoded_cols;
VACUUM ANALYZE bd_decoded_rec;
\set q_cols 'SELECT count(wmi), count(vds), count(vis), count(plant), count(serial), count(region), count(country), count(manufacturer), count(model_years), count(model_year), count(model_year_rule) FROM bd_decoded_cols'
\set q_rec 'SELECT count((d).wmi), count((d).vds), count((d).vis), count((d).plant), count((d).serial), count((d).region), count((d).country), count((d).manufacturer), count((d).model_years), count((d).model_year), count((d).model_year_rule) FROM bd_decoded_rec'

\echo
\echo (b) vin_decode over 2M VINs
\o /dev/null
SELECT bench_compare('decode',
	ARRAY['scan floor', 'floor: 11 stored columns', 'floor: stored record taken apart',
	      'vin_decode, the record', 'vin_decode, one field',
	      'eleven functions', 'vin_decode as a column', '(vin_decode(...)).*',
	      'LATERAL vin_decode'],
	ARRAY['SELECT count(vin) FROM bd_vins', :'q_cols', :'q_rec',
	      'SELECT count(vin_decode(vin, date ''2025-06-30'')) FROM bd_vins',
	      'SELECT count((vin_decode(vin, date ''2025-06-30'')).manufacturer) FROM bd_vins',
	      :'q_eleven', :'q_fields', :'q_star', :'q_lateral']);
\o
\echo every field, against the eleven functions (target: <= 1.2)
SELECT * FROM bench_report('decode', 'eleven functions');
\echo against the scan floor (target: <= 10)
SELECT * FROM bench_report('decode', 'scan floor');

-- 2M stored summaries (a thousand distinct ones, spread over the VINs)
CREATE TABLE bd_events AS
SELECT s, kind, at, km, seller
FROM generate_series(1, 1000) s,
LATERAL (
	SELECT 'registration'::vehicle_event AS kind,
		   timestamptz '2024-01-01' + s * interval '7 hours' AS at,
		   NULL::float8 AS km, NULL::text AS seller
	UNION ALL
	SELECT (ARRAY['transfer', 'listing', 'export']::vehicle_event[])[1 + s % 3],
		   timestamptz '2024-01-01' + s * interval '7 hours' + (s % 400) * interval '1 day',
		   CASE WHEN s % 3 = 0 THEN NULL ELSE (s * 37) % 2000 END,
		   'dealer' || s % 50
) e;
CREATE TABLE bd_summary_pool AS
SELECT s, resale_agg(kind, at, km, seller) AS summary FROM bd_events GROUP BY s;
CREATE TABLE bd_vehicle_summary AS
SELECT v.vin, p.summary
FROM (SELECT vin, 1 + (row_number() OVER () % 1000) AS s FROM bd_vins) v
JOIN bd_summary_pool p USING (s);
VACUUM ANALYZE bd_vehicle_summary;

-- The README's report 1 (doc/demo.md), and the same grouped by the WMI
\set q_by_maker 'SELECT count(*), sum(z) FROM (SELECT coalesce(vin_manufacturer(vin), ''unknown WMI '' || vin_wmi(vin)) AS manufacturer, count(*) FILTER (WHERE is_zero_mileage(summary, ''180 days'', 50)) AS z, count(*) AS registered FROM bd_vehicle_summary WHERE registered_at(summary) IS NOT NULL GROUP BY 1) r'
\set q_by_wmi 'SELECT count(*), sum(z) FROM (SELECT vin_wmi(vin) AS wmi, count(*) FILTER (WHERE is_zero_mileage(summary, ''180 days'', 50)) AS z, count(*) AS registered FROM bd_vehicle_summary WHERE registered_at(summary) IS NOT NULL GROUP BY 1) r'

\echo
\echo (c) zero-mileage report by manufacturer over 2M summaries
\o /dev/null
SELECT bench_compare('report',
	ARRAY['scan floor', 'by vin_wmi', 'by vin_manufacturer'],
	ARRAY['SELECT count(summary) FROM bd_vehicle_summary', :'q_by_wmi', :'q_by_maker']);
\o
SELECT * FROM bench_report('report', 'by vin_wmi');

-- (d) The registry cache when it cannot be shared by snapshot comparison
-- (issue #22, finding 11): with a vPIC-sized registry (12,700 rows),
-- inside a REPEATABLE READ transaction whose snapshot is older than a
-- registry change committed by another session, against the same in READ
-- COMMITTED: one statement over 2M VINs, and a PL/pgSQL loop running one
-- statement per VIN (20,000 VINs; 1.1.0 read the whole registry for each).
-- Target: every REPEATABLE READ figure within 1.1x its READ COMMITTED one.
INSERT INTO wmi_registry (wmi, manufacturer)
SELECT wmi, 'Synthetic maker ' || wmi
FROM (SELECT a || b || c AS wmi
	  FROM regexp_split_to_table('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', '') a,
		   regexp_split_to_table('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', '') b,
		   regexp_split_to_table('012345678ABCDEFGHJKLMNPRSTUVWXYZ', '') c) w
WHERE NOT EXISTS (SELECT FROM wmi_registry r WHERE r.wmi = w.wmi)
ORDER BY hashtext(wmi) LIMIT 12700;
CREATE FUNCTION bd_loop(fn text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
	k int := 0;
	v vin;
	m text;
BEGIN
	FOR v IN SELECT vin FROM bd_vins LIMIT 20000 LOOP
		IF fn = 'vin_wmi' THEN
			SELECT vin_wmi(v) INTO m;
		ELSE
			SELECT vin_manufacturer(v) INTO m;
		END IF;
		k := k + (m IS NOT NULL)::int;
	END LOOP;
	RETURN k;
END
$$;
\set q_one 'SELECT count(vin_manufacturer(vin)) FROM bd_vins'
\set q_four 'SELECT count(vin_manufacturer(vin)), count(vin_manufacturer(vin)), count(vin_vehicle_type(vin)), count((vin_decode(vin, date ''2025-06-30'')).manufacturer) FROM bd_vins'

\echo
\echo (d) 12,700-row registry: READ COMMITTED, and REPEATABLE READ after a change
\o /dev/null
BEGIN ISOLATION LEVEL READ COMMITTED;
SELECT bench_compare('cliff',
	ARRAY['RC: scan floor', 'RC: vin_manufacturer', 'RC: four call sites',
	      'RC: loop of vin_wmi', 'RC: loop of vin_manufacturer'],
	ARRAY['SELECT count(vin) FROM bd_vins', :'q_one', :'q_four',
	      'SELECT bd_loop(''vin_wmi'')', 'SELECT bd_loop(''vin_manufacturer'')'], 5);
COMMIT;
BEGIN ISOLATION LEVEL REPEATABLE READ;
SELECT 1;
\setenv ZM_BENCH_DB :DBNAME
\! psql -X -q -d "$ZM_BENCH_DB" -c "UPDATE wmi_registry SET manufacturer = 'Bench small maker, renamed' WHERE wmi = 'TM9123'"
SELECT bench_compare('cliff',
	ARRAY['RR after a change: vin_manufacturer', 'RR after a change: four call sites',
	      'RR after a change: loop of vin_manufacturer'],
	ARRAY[:'q_one', :'q_four', 'SELECT bd_loop(''vin_manufacturer'')'], 5);
\o
\echo registry caches in the backend during a statement of four call sites: one for them all, plus the earlier generations the backend keeps (1.1.0: one per call site)
SELECT count(vin_manufacturer(vin)) AS a, count(vin_manufacturer(vin)) AS b,
	   count(vin_vehicle_type(vin)) AS c, count((vin_decode(vin, date '2025-06-30')).manufacturer) AS d,
	   (SELECT count(*) FROM pg_backend_memory_contexts WHERE name = 'zeromile WMI registry') AS caches
FROM (SELECT vin FROM bd_vins LIMIT 1000) s;
COMMIT;
SELECT label, median_ms, ratio FROM bench_report('cliff', 'RC: scan floor');
\echo against the READ COMMITTED figure of the same query (target: <= 1.1)
SELECT r.label, r.median_ms, round(r.median_ms / c.median_ms, 2) AS ratio_to_rc
FROM bench_report('cliff', 'RC: scan floor') r
JOIN bench_report('cliff', 'RC: scan floor') c
  ON c.label = 'RC: ' || substr(r.label, length('RR after a change: ') + 1)
WHERE r.label LIKE 'RR after a change: %';
