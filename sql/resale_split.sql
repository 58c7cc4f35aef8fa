-- Exactness under any split of the rows: serial, forced parallel,
-- partitionwise over a table partitioned by time, shuffled and reversed
-- input, and rollup over random splits must all give identical summaries.
SET TimeZone = 'UTC';
SELECT setseed(0.17);
CREATE TABLE rs_split_ev (
	g int,
	kind vehicle_event,
	at timestamptz,
	km double precision,
	seller text
);
-- rows stored in random order, each vehicle's events spread over the table
INSERT INTO rs_split_ev
SELECT g,
	   CASE WHEN random() < 0.03 THEN NULL
			ELSE (enum_range(NULL::vehicle_event))[1 + floor(random() * 5)::int]
	   END,
	   timestamptz '2025-01-01' + floor(random() * 10) * interval '1 day',
	   CASE WHEN random() < 0.3 THEN NULL ELSE floor(random() * 4) * 25 END,
	   CASE WHEN random() < 0.3 THEN NULL ELSE 's' || floor(random() * 3) END
FROM generate_series(1, 3000) g, generate_series(1, 12) i
WHERE i <= 1 + (g * 7) % 12
ORDER BY random();
-- exports at times other rows of the vehicle have too (issue 20): the
-- least row at such a time is then often another one, and a before entry
-- holding the export is marked as holding one
INSERT INTO rs_split_ev
SELECT g, 'export', timestamptz '2025-01-01' + (g % 10) * interval '1 day', NULL, NULL
FROM generate_series(1, 3000, 3) g
ORDER BY random();
ANALYZE rs_split_ev;

CREATE TABLE rs_serial AS
	SELECT g, resale_agg(kind, at, km, seller)::text AS s
	FROM rs_split_ev GROUP BY g;

-- Compares a result (g, s) with the serial one; 0 means identical.
CREATE FUNCTION pg_temp.mismatches(q text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM (%s) got FULL JOIN rs_serial want USING (g)
					WHERE got.s::text IS DISTINCT FROM want.s', q) INTO n;
	RETURN n;
END
$$;

-- Does the plan of q contain each pattern?
CREATE FUNCTION pg_temp.plan_has(q text, VARIADIC patterns text[]) RETURNS bool
LANGUAGE plpgsql AS $$
DECLARE
	plan text := '';
	line text;
	p text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		plan := plan || line || E'\n';
	END LOOP;
	FOREACH p IN ARRAY patterns LOOP
		IF plan !~ p THEN
			RETURN false;
		END IF;
	END LOOP;
	RETURN true;
END
$$;

SELECT count(*) AS groups, count(s) AS summaries,
	   count(*) FILTER (WHERE s ~ 'before=\[.+\]') AS with_before_list
FROM rs_serial;
-- the first export (issue 20) against plain SQL: the earliest export at
-- or after R, of all exports without R; the splits below compare the
-- whole text, first_export and the before list's /export marks included
SELECT count(*) FILTER (WHERE first_export_at(s::resale_summary) IS NOT NULL) AS with_export,
	   count(*) FILTER (WHERE s ~ '\*[0-9]+/export') AS with_marked_entry,
	   count(*) FILTER (WHERE first_export_at(s::resale_summary) IS DISTINCT FROM o.x) AS export_oracle_mismatches,
	   count(*) FILTER (WHERE exported_within(s::resale_summary, '3 days') IS DISTINCT FROM
						CASE WHEN o.r IS NOT NULL THEN coalesce(o.x <= o.r + interval '3 days', false) END)
		   AS exported_within_mismatches
FROM rs_serial JOIN (
	SELECT g, r, CASE WHEN r IS NULL THEN min(at) FILTER (WHERE kind = 'export')
					  ELSE min(at) FILTER (WHERE kind = 'export' AND at >= r) END AS x
	FROM (SELECT *, min(at) FILTER (WHERE kind = 'registration') OVER (PARTITION BY g) AS r
		  FROM rs_split_ev WHERE kind IS NOT NULL AND at IS NOT NULL) e
	GROUP BY g, r) o USING (g)
WHERE s IS NOT NULL;

-- forced parallel: Partial and Finalize Aggregate, states through Gather
-- (sorted grouping: with these costs the planner never hashes partially)
CREATE TABLE rs_parts AS
	SELECT g, resale_agg(kind, at, km, seller) AS s
	FROM rs_split_ev GROUP BY g, at;
BEGIN;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
SET LOCAL enable_hashagg = off;
SELECT pg_temp.plan_has('SELECT g, resale_agg(kind, at, km, seller) FROM rs_split_ev GROUP BY g',
						'Finalize GroupAggregate', 'Gather', 'Partial GroupAggregate',
						'Parallel Seq Scan') AS parallel_plan;
SELECT pg_temp.mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rs_split_ev GROUP BY g') AS parallel_mismatches;
-- the leader takes part too
SET LOCAL parallel_leader_participation = on;
SELECT pg_temp.mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rs_split_ev GROUP BY g') AS parallel_leader_mismatches;
-- rollup runs in parallel too
SELECT pg_temp.plan_has('SELECT g, rollup(s) FROM rs_parts GROUP BY g',
						'Finalize GroupAggregate', 'Partial GroupAggregate') AS parallel_rollup_plan;
SELECT pg_temp.mismatches('SELECT g, rollup(s) AS s FROM rs_parts GROUP BY g') AS parallel_rollup_mismatches;
COMMIT;

-- partitionwise: partitioned by time, so each vehicle spans partitions
CREATE TABLE rs_split_part (LIKE rs_split_ev) PARTITION BY RANGE (at);
CREATE TABLE rs_split_p1 PARTITION OF rs_split_part
	FOR VALUES FROM (MINVALUE) TO ('2025-01-04');
CREATE TABLE rs_split_p2 PARTITION OF rs_split_part
	FOR VALUES FROM ('2025-01-04') TO ('2025-01-08');
CREATE TABLE rs_split_p3 PARTITION OF rs_split_part
	FOR VALUES FROM ('2025-01-08') TO (MAXVALUE);
CREATE TABLE rs_split_pnull PARTITION OF rs_split_part DEFAULT;
INSERT INTO rs_split_part SELECT * FROM rs_split_ev;
ANALYZE rs_split_part;
BEGIN;
SET LOCAL enable_partitionwise_aggregate = on;
SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL enable_hashagg = off;
SELECT pg_temp.plan_has('SELECT g, resale_agg(kind, at, km, seller) FROM rs_split_part GROUP BY g',
						'Finalize .*Aggregate', 'Partial .*Aggregate', 'Append') AS partitionwise_plan;
SELECT pg_temp.mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rs_split_part GROUP BY g') AS partitionwise_mismatches;
COMMIT;

-- shuffled, chronological and reverse-chronological input
SELECT pg_temp.mismatches('SELECT g, resale_agg(kind, at, km, seller ORDER BY random()) AS s FROM rs_split_ev GROUP BY g') AS shuffled_mismatches;
SELECT pg_temp.mismatches('SELECT g, resale_agg(kind, at, km, seller ORDER BY at, kind) AS s FROM rs_split_ev GROUP BY g') AS chronological_mismatches;
SELECT pg_temp.mismatches('SELECT g, resale_agg(kind, at, km, seller ORDER BY at DESC, kind DESC) AS s FROM rs_split_ev GROUP BY g') AS reverse_mismatches;

-- rollup over random splits (1 to 6 parts per vehicle), in random order,
-- and rollup of rollups
CREATE TABLE rs_split_bucket AS
	SELECT *, floor(random() * (1 + g % 6))::int AS bucket FROM rs_split_ev;
CREATE TABLE rs_split_daily AS
	SELECT g, bucket, resale_agg(kind, at, km, seller) AS s
	FROM rs_split_bucket GROUP BY g, bucket;
SELECT pg_temp.mismatches('SELECT g, rollup(s) AS s FROM rs_split_daily GROUP BY g') AS rollup_mismatches;
SELECT pg_temp.mismatches('SELECT g, rollup(s ORDER BY random()) AS s FROM rs_split_daily GROUP BY g') AS rollup_shuffled_mismatches;
SELECT pg_temp.mismatches('SELECT g, rollup(s) AS s FROM (SELECT g, bucket % 2 AS half, rollup(s) AS s FROM rs_split_daily GROUP BY g, bucket % 2) x GROUP BY g') AS rollup_of_rollups_mismatches;
-- pairwise merge, as an upsert would do it, in random order
SELECT pg_temp.mismatches($q$
	WITH RECURSIVE ordered AS (
		SELECT g, s, row_number() OVER (PARTITION BY g ORDER BY random()) AS n
		FROM rs_split_daily
	), folded AS (
		SELECT g, s, n FROM ordered WHERE n = 1
		UNION ALL
		SELECT f.g, resale_summary_merge(f.s, o.s), o.n
		FROM folded f JOIN ordered o ON o.g = f.g AND o.n = f.n + 1
	)
	SELECT DISTINCT ON (g) g, s FROM folded ORDER BY g, n DESC
$q$) AS pairwise_merge_mismatches;
-- merge is commutative
SELECT count(*) AS commutativity_mismatches
FROM rs_split_daily a JOIN rs_split_daily b ON a.g = b.g AND a.bucket < b.bucket
WHERE resale_summary_merge(a.s, b.s)::text IS DISTINCT FROM resale_summary_merge(b.s, a.s)::text;

-- the same through a window aggregate (restarted per frame)
SELECT count(*) AS window_mismatches
FROM (SELECT DISTINCT g, resale_agg(kind, at, km, seller) OVER (PARTITION BY g)::text AS s
	  FROM rs_split_ev) got
JOIN rs_serial want USING (g)
WHERE got.s IS DISTINCT FROM want.s;

-- a running window aggregate: the final function runs after every row and
-- the aggregate goes on from the same state, so every prefix must give
-- the summary of its rows
CREATE TABLE rs_split_seq AS
	SELECT row_number() OVER () AS i, * FROM rs_split_ev WHERE g <= 400;
CREATE TABLE rs_split_running AS
	SELECT g, i, s, s::text::resale_summary AS s_in
	FROM (SELECT g, i, resale_agg(kind, at, km, seller)
						   OVER (PARTITION BY g ORDER BY i ROWS UNBOUNDED PRECEDING) AS s
		  FROM rs_split_seq) w;
SELECT count(*) AS running_window_mismatches
FROM rs_split_running got
WHERE got.s::text IS DISTINCT FROM
		(SELECT resale_agg(kind, at, km, seller)::text FROM rs_split_seq p
		 WHERE p.g = got.g AND p.i <= got.i);
-- the aggregates' results are stored in the exact-size form, byte for
-- byte the size of the same summary read from its text
CREATE TABLE rs_split_sizes AS
	SELECT s, s::text::resale_summary AS s_in
	FROM (SELECT resale_agg(kind, at, km, seller) AS s
		  FROM rs_split_ev GROUP BY g) x;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE pg_column_size(s) <> pg_column_size(s_in))
		   AS not_exact_size
FROM rs_split_sizes;
SELECT count(*) AS running_window_results,
	   count(*) FILTER (WHERE pg_column_size(s) <> pg_column_size(s_in))
		   AS not_exact_size
FROM rs_split_running;

DROP TABLE rs_split_ev, rs_serial, rs_parts, rs_split_part, rs_split_bucket,
	rs_split_daily, rs_split_seq, rs_split_running, rs_split_sizes;
