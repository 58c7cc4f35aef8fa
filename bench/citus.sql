-- Benchmark of zeromile on Citus (make bench-citus: test/citus/run.sh --bench,
-- a coordinator and two workers on one machine; bench/lib.sql loaded).
--
-- Each query runs on a local table and on the same rows distributed by
-- vin (8 shards), interleaved.  Two shared cores cannot show a speed-up,
-- so the point is the overhead Citus adds and what travels: the work done
-- on the workers (every event scanned and aggregated there) and the rows
-- and bytes the coordinator receives.
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;
SELECT setseed(0.75) \gset

-- 200k vehicles: a registration, an insurance, 1-4 resale events each
CREATE TABLE cb_events_local (vin vin NOT NULL, kind vehicle_event, at timestamptz,
							  odometer_km double precision, seller text);
INSERT INTO cb_events_local
SELECT v.vin, e.kind, e.at, e.km, e.seller
FROM (SELECT ((ARRAY['LSJ', 'LGX', 'LFV', 'LSV', 'LRW', 'LGW', 'L6T', 'WVW'])[1 + n % 8]
			  || 'AB12C' || n % 10 || 'R' || substr('ABCDEFGH', 1 + n / 100000 % 8, 1)
			  || lpad((n % 100000)::text, 6, '0'))::vin AS vin,
			 timestamptz '2024-01-01' + random() * interval '365 days' AS r,
			 1 + floor(random() * 4)::int AS nres
	  FROM generate_series(1, 200000) n) v,
LATERAL (
	SELECT 'registration'::vehicle_event AS kind, v.r AS at, NULL::float8 AS km, NULL::text AS seller
	UNION ALL
	SELECT 'insurance', v.r - interval '1 day', NULL, NULL
	UNION ALL
	SELECT (ARRAY['transfer', 'listing', 'listing', 'export']::vehicle_event[])[1 + floor(random() * 4)::int],
		   v.r + (random() * 400 - 20) * interval '1 day',
		   CASE WHEN random() < 0.3 THEN NULL ELSE floor(random() * 2000) END,
		   'dealer' || floor(random() * 500)
	FROM generate_series(1, v.nres)
) e;
CREATE TABLE cb_events_dist (LIKE cb_events_local);
\o /dev/null
SELECT create_distributed_table('cb_events_dist', 'vin', shard_count := 8);
\o
INSERT INTO cb_events_dist SELECT * FROM cb_events_local;
CREATE TABLE cb_summary_local AS
SELECT vin, resale_agg(kind, at, odometer_km, seller) AS summary FROM cb_events_local GROUP BY vin;
CREATE TABLE cb_summary_dist (LIKE cb_summary_local);
\o /dev/null
SELECT create_distributed_table('cb_summary_dist', 'vin', colocate_with := 'cb_events_dist');
\o
INSERT INTO cb_summary_dist SELECT * FROM cb_summary_local;
VACUUM ANALYZE cb_events_local;
VACUUM ANALYZE cb_summary_local;
SELECT count(*) AS events, count(DISTINCT vin) AS vehicles FROM cb_events_local;

-- The queries; %1$s is local or dist
\set q_per_vin 'SELECT count(*), count(z) FROM (SELECT is_zero_mileage(resale_agg(kind, at, odometer_km, seller), ''180 days'', 50, ''Asia/Shanghai'') AS z FROM cb_events_%1$s GROUP BY vin) x'
\set q_by_wmi 'SELECT count(*), count(z) FROM (SELECT vin_wmi(vin), is_zero_mileage(resale_agg(kind, at, odometer_km, seller), ''180 days'', 50, ''Asia/Shanghai'') AS z FROM cb_events_%1$s GROUP BY 1) x'
\set q_report 'SELECT count(*), sum(z) FROM (SELECT coalesce(vin_manufacturer(vin), ''unknown'') AS m, count(*) FILTER (WHERE is_zero_mileage(summary, ''180 days'', 50, ''Asia/Shanghai'')) AS z FROM cb_summary_%1$s GROUP BY 1) r'
\set q_scan 'SELECT count(*) FROM cb_events_%1$s'

\echo
\echo distributed (8 shards, 2 workers on the same 2 cores) against local, per query
\o /dev/null
SELECT bench_compare('citus',
	ARRAY['scan, local', 'scan, distributed',
		  'resale_agg GROUP BY vin, local', 'resale_agg GROUP BY vin, distributed (pushed down)',
		  'resale_agg GROUP BY vin_wmi, local', 'resale_agg GROUP BY vin_wmi, distributed (partial)',
		  'report by manufacturer, local', 'report by manufacturer, distributed'],
	ARRAY[format(:'q_scan', 'local'), format(:'q_scan', 'dist'),
		  format(:'q_per_vin', 'local'), format(:'q_per_vin', 'dist'),
		  format(:'q_by_wmi', 'local'), format(:'q_by_wmi', 'dist'),
		  format(:'q_report', 'local'), format(:'q_report', 'dist')]);
\o
SELECT * FROM bench_report('citus', 'scan, local');
-- each distributed query over the same query on the local table
SELECT max(label) FILTER (WHERE n % 2 = 1) AS query,
	   round((max(ms) FILTER (WHERE n % 2 = 0) / max(ms) FILTER (WHERE n % 2 = 1))::numeric, 2)
		   AS distributed_over_local
FROM (SELECT label, ms, row_number() OVER (ORDER BY seq) AS n
	  FROM bench_result WHERE grp = 'citus') r
GROUP BY (n + 1) / 2 ORDER BY (n + 1) / 2;

-- What the coordinator receives.  Pushed down: one row per vehicle, as
-- EXPLAIN ANALYZE reports it.  Partial aggregation (whose EXPLAIN ANALYZE
-- Citus cannot run): one state per WMI and shard, which travels in the
-- text form of resale_summary.
CREATE FUNCTION cb_received(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	l text;
BEGIN
	FOR l IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
		IF l ~ 'Tuple data received from nodes' THEN
			RETURN btrim(l);
		END IF;
	END LOOP;
	RETURN NULL;
END
$$;
SELECT 'resale_agg GROUP BY vin' AS query,
	   (SELECT count(DISTINCT vin) FROM cb_events_local) AS rows_received,
	   cb_received('SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM cb_events_dist GROUP BY vin') AS data
UNION ALL
SELECT 'resale_agg GROUP BY vin_wmi', count(*),
	   'states of ' || pg_size_pretty(sum(octet_length(s::text))::bigint) || ' in text form'
FROM (SELECT vin_wmi(vin), get_shard_id_for_distribution_column('cb_events_dist', vin),
			 resale_agg(kind, at, odometer_km, seller) AS s
	  FROM cb_events_local GROUP BY 1, 2) states;
