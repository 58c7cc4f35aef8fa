-- bi_create_view run again (issue 20, part 5): it replaces the view it
-- made of the same table, keeping its owner, grants and (when the columns
-- allow) what depends on it, and refuses to replace anything else; one
-- view carries several windows, a resold_within, is_zero_mileage and
-- zero_mileage_reason column per window.
SET TimeZone = 'UTC';
CREATE TABLE rp (vin vin PRIMARY KEY, summary resale_summary, note text);
INSERT INTO rp
SELECT v, resale_agg(k, a, km), 'n' || i
FROM (SELECT i, vin_with_check_digit('LSJA24U6' || lpad(i::text, 9, '0')) AS v
	  FROM generate_series(1, 400) i) x,
	 LATERAL (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01' + i * interval '1 hour',
					  NULL::float8),
					 ('listing', timestamptz '2025-01-01' + i * interval '1 hour' + (i % 200) * interval '1 day',
					  CASE WHEN i % 5 <> 0 THEN (i % 90)::float8 END)) e(k, a, km)
GROUP BY i, v;
CREATE ROLE regress_zm_rp_reader;

-- Made, then made again with other thresholds: replaced in place.
SELECT bi_create_view('rp');
GRANT SELECT ON rp_bi TO regress_zm_rp_reader;
CREATE VIEW rp_on_top AS SELECT vin, is_zero_mileage FROM rp_bi;
SELECT 'rp_bi'::regclass::oid AS oid_before \gset
SELECT bi_create_view('rp', within => '30 days', max_km => 10);
SELECT 'rp_bi'::regclass::oid = :oid_before AS same_view,
	   has_table_privilege('regress_zm_rp_reader', 'rp_bi', 'SELECT') AS grant_kept,
	   obj_description('rp_bi'::regclass, 'pg_class');
SELECT count(*) FILTER (WHERE v.is_zero_mileage IS DISTINCT FROM is_zero_mileage(t.summary, '30 days', 10)
						   OR v.zero_mileage_reason IS DISTINCT FROM zero_mileage_reason(t.summary, '30 days', 10))
	   AS mismatches
FROM rp_bi v JOIN rp t ON t.vin = v.vin;
SELECT count(*) AS indexes FROM pg_index WHERE indrelid = 'rp'::regclass;

-- Several windows change the columns: the view must be dropped and made
-- again, which what depends on it prevents (and nothing is changed) ...
SELECT bi_create_view('rp', windows => ARRAY['30 days', '90 days']::interval[]);
\echo :LAST_ERROR_SQLSTATE
SELECT obj_description('rp_bi'::regclass, 'pg_class');
DROP VIEW rp_on_top;
-- ... and then it is made again, with its owner and grants.
SELECT bi_create_view('rp', windows => ARRAY['30 days', '90 days', '1 year 6 mons', '36 hours']::interval[],
					  max_km => 50);
SELECT has_table_privilege('regress_zm_rp_reader', 'rp_bi', 'SELECT') AS grant_kept,
	   pg_get_userbyid(relowner) = current_user AS owner_kept
FROM pg_class WHERE oid = 'rp_bi'::regclass;
SELECT attnum, attname, format_type(atttypid, atttypmod) AS type
FROM pg_attribute WHERE attrelid = 'rp_bi'::regclass AND attnum > 0 ORDER BY attnum;
-- each window's columns are its accessors'
SELECT count(*) AS rows,
	   count(*) FILTER (WHERE v.resold_within_30d IS DISTINCT FROM resold_within(t.summary, '30 days')
		   OR v.is_zero_mileage_30d IS DISTINCT FROM is_zero_mileage(t.summary, '30 days', 50)
		   OR v.zero_mileage_reason_90d IS DISTINCT FROM zero_mileage_reason(t.summary, '90 days', 50)
		   OR v.is_zero_mileage_1y6mon IS DISTINCT FROM is_zero_mileage(t.summary, '1 year 6 mons', 50)
		   OR v.zero_mileage_reason_36h IS DISTINCT FROM zero_mileage_reason(t.summary, '36 hours', 50)
		   OR v.resale_days IS DISTINCT FROM (resale_facts(t.summary)).resale_days) AS mismatches,
	   count(*) FILTER (WHERE v.is_zero_mileage_30d) AS zero_30d,
	   count(*) FILTER (WHERE v.is_zero_mileage_90d) AS zero_90d
FROM rp_bi v JOIN rp t ON t.vin = v.vin;
SELECT zero_mileage_reason_90d AS reason, count(*) FROM rp_bi GROUP BY 1 ORDER BY 1;
SELECT obj_description('rp_bi'::regclass, 'pg_class');
-- and back to one window, by the call of 1.1.0 (positional arguments)
SELECT bi_create_view('rp', 'rp_bi', '180 days', 50, true);
SELECT count(*) AS columns FROM pg_attribute WHERE attrelid = 'rp_bi'::regclass AND attnum > 0;

-- Window labels: the interval's parts; negative parts and fractions too.
CREATE TABLE rp2 (s resale_summary);
SELECT bi_create_view('rp2', windows => ARRAY['-1 day 26:00', '1 hour 0.5 seconds', '1 mon']::interval[]);
SELECT attname FROM pg_attribute WHERE attrelid = 'rp2_bi'::regclass AND attnum > 14 ORDER BY attnum;

-- Refused: the name of a relation bi_create_view did not make ...
CREATE TABLE rp_taken (x int);
SELECT bi_create_view('rp', 'rp_taken');
\echo :LAST_ERROR_SQLSTATE
CREATE VIEW rp_mine AS SELECT 1 AS x;
SELECT bi_create_view('rp', 'rp_mine');
\echo :LAST_ERROR_SQLSTATE
-- ... a view that only looks like one (the comment, but not a view) ...
CREATE MATERIALIZED VIEW rp_mat AS SELECT 1 AS x;
COMMENT ON MATERIALIZED VIEW rp_mat IS 'BI view of rp made by bi_create_view: hand-made';
SELECT bi_create_view('rp', 'rp_mat');
\echo :LAST_ERROR_SQLSTATE
-- ... and a view it made of another table.
SELECT bi_create_view('rp2', 'rp_bi');
\echo :LAST_ERROR_SQLSTATE
SELECT relname, relkind FROM pg_class WHERE relname IN ('rp_taken', 'rp_mine', 'rp_mat', 'rp_bi') ORDER BY 1;
-- Bad windows arguments.
SELECT bi_create_view('rp', windows => '{}');
\echo :LAST_ERROR_SQLSTATE
SELECT bi_create_view('rp', windows => ARRAY['30 days', NULL]::interval[]);
\echo :LAST_ERROR_SQLSTATE
SELECT bi_create_view('rp', windows => '{{30 days}, {90 days}}');
\echo :LAST_ERROR_SQLSTATE
SELECT bi_create_view('rp', windows => ARRAY['30 days', '720:00:00', '30 days']::interval[]);
\echo :LAST_ERROR_SQLSTATE
SELECT bi_create_view('rp', windows => ARRAY['30 days', '30']::interval[]);
\echo :LAST_ERROR_SQLSTATE

DROP VIEW rp_bi, rp2_bi, rp_mine;
DROP MATERIALIZED VIEW rp_mat;
DROP TABLE rp, rp2, rp_taken;
DROP ROLE regress_zm_rp_reader;
RESET TimeZone;
