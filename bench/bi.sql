-- Benchmark of the BI pieces (issue 11, make bench).
--
-- (a) vin LIKE 'LSJ%' (one maker of 64, ~31k of 2M rows) and a narrower
--     prefix on a btree-indexed vin column, against the same query on a
--     text COLLATE "C" column with a text_pattern_ops index (PostgreSQL's
--     own prefix search), and against 1.0.0's plan for the vin column (the
--     implicit cast to text, a sequential scan) for scale; starts_with.
-- (b) resale_facts(s): every field from one call, against the fifteen
--     accessors called one by one, over 500k summaries.
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT setseed(0.11) \gset

CREATE TABLE bb_makers AS
SELECT row_number() OVER () AS m, wmi
FROM (SELECT wmi FROM wmi_registry
	  WHERE shipped AND length(wmi) = 3 AND wmi <> 'LSJ' ORDER BY wmi LIMIT 63) r
UNION ALL SELECT 64, 'LSJ';
CREATE TABLE bb_vin AS
SELECT (k.wmi || 'AB12C'
	|| substr('0123456789X', 1 + floor(random() * 11)::int, 1)
	|| substr('LMNPRS', 1 + floor(random() * 6)::int, 1)
	|| substr('ABCDEFGH', 1 + floor(random() * 8)::int, 1)
	|| lpad(floor(random() * 1000000)::int::text, 6, '0'))::vin AS vin
FROM (SELECT 1 + floor(random() * 64)::int AS m FROM generate_series(1, 2000000)) r
JOIN bb_makers k USING (m);
CREATE TABLE bb_text AS SELECT vin::text COLLATE "C" AS vin FROM bb_vin;
CREATE INDEX bb_vin_i ON bb_vin (vin);
CREATE INDEX bb_text_i ON bb_text (vin text_pattern_ops);
VACUUM ANALYZE bb_vin;
VACUUM ANALYZE bb_text;

\echo
\echo (a) prefix search, 2M VINs: the plans
EXPLAIN (COSTS OFF) SELECT count(*) FROM bb_vin WHERE vin LIKE 'LSJ%';
EXPLAIN (COSTS OFF) SELECT count(*) FROM bb_text WHERE vin LIKE 'LSJ%';
SELECT count(*) AS lsj_rows FROM bb_vin WHERE vin LIKE 'LSJ%';
SELECT count(*) AS lsjab12c5_rows FROM bb_vin WHERE vin LIKE 'LSJAB12C5%';
\o /dev/null
SELECT bench_compare('prefix LSJ%',
	ARRAY['text C, text_pattern_ops', 'vin LIKE', 'vin starts_with', 'vin LIKE lower case',
	      '1.0.0: vin::text LIKE (seq scan)'],
	ARRAY['SELECT count(*) FROM bb_text WHERE vin LIKE ''LSJ%''',
	      'SELECT count(*) FROM bb_vin WHERE vin LIKE ''LSJ%''',
	      'SELECT count(*) FROM bb_vin WHERE starts_with(vin, ''LSJ'')',
	      'SELECT count(*) FROM bb_vin WHERE vin LIKE ''lsj%''',
	      'SELECT count(*) FROM bb_vin WHERE vin::text LIKE ''LSJ%'''], 9);
SELECT bench_compare('prefix LSJAB12C5%',
	ARRAY['text C, text_pattern_ops', 'vin LIKE'],
	ARRAY['SELECT count(*) FROM bb_text WHERE vin LIKE ''LSJAB12C5%''',
	      'SELECT count(*) FROM bb_vin WHERE vin LIKE ''LSJAB12C5%'''], 15);
\o
\echo vin LIKE against the prefix search of PostgreSQL on text (target: about 1)
SELECT * FROM bench_report('prefix LSJ%', 'text C, text_pattern_ops');
SELECT * FROM bench_report('prefix LSJAB12C5%', 'text C, text_pattern_ops');

\echo
\echo (b) resale_facts over 500k summaries
CREATE TABLE bb_s AS
SELECT resale_agg(k, a, km, 'dealer-' || (i % 97)) AS s
FROM generate_series(1, 500000) i,
	 LATERAL (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01' + i * interval '1 minute', NULL::float8),
					 ('listing', timestamptz '2025-01-01' + i * interval '1 minute' + (i % 400) * interval '1 day', (i % 90)::float8)) v(k, a, km)
GROUP BY i;
VACUUM ANALYZE bb_s;
\o /dev/null
SELECT bench_compare('facts',
	ARRAY['scan floor', 'fifteen accessors', 'LATERAL resale_facts(s)', 's::jsonb'],
	ARRAY['SELECT count(s) FROM bb_s',
	      'SELECT count(registered_at(s)), count(insured_at(s)), count(registration_count(s)), count(first_resale_at(s)), count(first_resale_kind(s)), count(first_resale_seller(s)), count(resale_odometer_km(s)), count(resale_interval(s)), count(round(extract(epoch FROM resale_interval(s)) / 86400, 6)), count(first_known_odometer_at(s)), count(first_known_odometer_km(s)), count(resale_count(s)), count(events_before_registration(s)), count(resold_within(s, ''180 days'')), count(is_zero_mileage(s)) FROM bb_s',
	      'SELECT count(f.registered_at), count(f.insured_at), count(f.registration_count), count(f.first_resale_at), count(f.first_resale_kind), count(f.first_resale_seller), count(f.resale_odometer_km), count(f.resale_interval), count(f.resale_days), count(f.first_known_odometer_at), count(f.first_known_odometer_km), count(f.resale_count), count(f.events_before_registration), count(f.resold_within), count(f.is_zero_mileage) FROM bb_s, LATERAL resale_facts(s) f',
	      'SELECT count(s::jsonb) FROM bb_s'], 5);
\o
\echo every field from one call, against the fifteen accessors
SELECT * FROM bench_report('facts', 'fifteen accessors');

\echo
\echo (c) the BI view: a VIN filter through it, with the expression index bi_create_view makes and without
CREATE TABLE bb_fleet AS SELECT DISTINCT ON (vin) vin, NULL::resale_summary AS summary FROM bb_vin;
ALTER TABLE bb_fleet ADD PRIMARY KEY (vin);
CREATE TABLE bb_fleet_noidx AS SELECT * FROM bb_fleet;
ALTER TABLE bb_fleet_noidx ADD PRIMARY KEY (vin);
SELECT bi_create_view('bb_fleet') IS NOT NULL AS view_indexed;
SELECT bi_create_view('bb_fleet_noidx', index_vins => false) IS NOT NULL AS view_not_indexed;
VACUUM ANALYZE bb_fleet;
VACUUM ANALYZE bb_fleet_noidx;
SELECT vin::text AS one_vin FROM bb_fleet ORDER BY vin OFFSET 1000000 LIMIT 1 \gset
EXPLAIN (COSTS OFF) SELECT count(*) FROM bb_fleet_bi WHERE vin = :'one_vin';
\o /dev/null
SELECT bench_compare('view =',
	ARRAY['vin column = text (no view)', 'view, expression index', 'view, no index'],
	ARRAY[format('SELECT count(*) FROM bb_fleet WHERE vin = %L::text', :'one_vin'),
	      format('SELECT count(*) FROM bb_fleet_bi WHERE vin = %L', :'one_vin'),
	      format('SELECT count(*) FROM bb_fleet_noidx_bi WHERE vin = %L', :'one_vin')], 5);
SELECT bench_compare('view LIKE',
	ARRAY['vin column LIKE (no view)', 'view, expression index', 'view, no index'],
	ARRAY['SELECT count(*) FROM bb_fleet WHERE vin LIKE ''LSJAB12C5%''',
	      'SELECT count(*) FROM bb_fleet_bi WHERE vin LIKE ''LSJAB12C5%''',
	      'SELECT count(*) FROM bb_fleet_noidx_bi WHERE vin LIKE ''LSJAB12C5%'''], 5);
\o
SELECT * FROM bench_report('view =', 'vin column = text (no view)');
SELECT * FROM bench_report('view LIKE', 'vin column LIKE (no view)');
SELECT pg_size_pretty(pg_relation_size('bb_fleet_pkey')) AS vin_index,
	   pg_size_pretty(pg_relation_size('bb_fleet_vin_bi')) AS expression_index;
