-- make bench: the triggers.
--
-- (a) COPY of 1M rows (a VIN and four other columns, 3 % of the VINs in
--     lower case with hyphens) into a table with no trigger, with vin_guard
--     in normalize mode, and with a PL/pgSQL trigger doing the same work
--     the way users write it (regex clean-up, a substr loop with a
--     transliteration table, mod 11).
--     Targets: vin_guard <= 1.3x no trigger; PL/pgSQL >= 3x vin_guard.
--     Three more rows show the floor: vin_guard on the same rows already
--     canonical (nothing to rewrite), a C trigger that does nothing
--     (contrib lo's lo_manage, which on INSERT returns the row untouched)
--     and a PL/pgSQL trigger that only does RETURN NEW.  Any BEFORE ROW trigger makes PostgreSQL 15's COPY
--     insert row by row instead of in batches (CIM_SINGLE in copyfrom.c).
-- (b) COPY of 1M events over 200k VINs into an event table without and
--     with resale_track.  Target: <= 2x plain COPY, in the issue's
--     scenario: the summary table starts empty, so the merge aggregates 1M
--     events and inserts 200k summaries.  Also measured: an incremental
--     load, the summary table already holding a summary for every one of
--     the 200k VINs (from an earlier batch of their events), so the merge
--     updates 200k summaries.
--
-- Server-side COPY from files written to /tmp first.  The variants of a
-- group run interleaved (bench_compare), and every run starts from the
-- same state: bench_copy resets the table (and the summary table) and
-- then times the COPY alone, so the tables below are those inner timings
-- (median of 5 runs after a warm-up).  The COPY's time includes its
-- statement triggers: resale_track's merge runs inside the COPY.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

CREATE TABLE src_vins AS
SELECT CASE WHEN i % 33 = 0 THEN lower(substr(v, 1, 3) || '-' || substr(v, 4)) ELSE v END AS vin,
	   i AS id, (i::bigint * 7919 % 100000) / 100.0 AS price, 'dealer-' || (i % 2000) AS seller,
	   timestamptz '2024-01-01' + i * interval '31 seconds' AS seen
FROM (SELECT i, vin_with_check_digit('LGXCB4E20' || substr('PRS', 1 + i % 3, 1)
			 || lpad(i::text, 7, '0'))::text AS v
	  FROM generate_series(1, 1000000) AS i) AS s;
COPY src_vins TO '/tmp/zeromile_bench_vins.data';

CREATE TABLE src_events AS
SELECT vin_with_check_digit('LGXCB4E20R' || lpad((i % 200000)::text, 7, '0'))::text AS vin,
	   (enum_range(NULL::vehicle_event))[1 + (hashint4(i) & 2147483647) % 5] AS kind,
	   timestamptz '2023-01-01' + ((hashint4(i + 1) & 2147483647) % 1000000) * interval '1 minute' AS at,
	   CASE WHEN i % 10 = 0 THEN NULL ELSE ((hashint4(i + 2) & 2147483647) % 100000)::double precision END AS odometer_km,
	   CASE WHEN i % 4 = 0 THEN NULL ELSE 'dealer-' || (i % 2000) END AS seller
FROM generate_series(1, 1000000) AS i;
COPY src_events TO '/tmp/zeromile_bench_events.data';

CREATE TABLE t_plain (LIKE src_vins);
CREATE TABLE t_guard (LIKE src_vins);
CREATE TABLE t_plpgsql (LIKE src_vins);
CREATE TRIGGER guard BEFORE INSERT ON t_guard
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'normalize');

CREATE FUNCTION plpgsql_vin_normalize() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v text;
	s int := 0;
	w int[] := '{8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2}';
	val int[] := '{0,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,1,2,3,4,5,7,9,2,3,4,5,6,7,8,9}';
	chk text;
BEGIN
	v := translate(upper(regexp_replace(NEW.vin, '[[:space:]._/-]', '', 'g')), 'IOQ', '100');
	IF v !~ '^[A-HJ-NPR-Z0-9]{17}$' THEN
		RAISE EXCEPTION 'invalid VIN "%"', NEW.vin USING ERRCODE = '22P02';
	END IF;
	IF substr(v, 1, 1) ~ '[1-57LH]' THEN
		FOR i IN 1..17 LOOP
			s := s + val[strpos('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', substr(v, i, 1))] * w[i];
		END LOOP;
		chk := CASE s % 11 WHEN 10 THEN 'X' ELSE (s % 11)::text END;
		IF substr(v, 9, 1) <> chk THEN
			RAISE EXCEPTION 'invalid VIN "%": check digit', NEW.vin USING ERRCODE = '22P02';
		END IF;
	END IF;
	NEW.vin := v;
	RETURN NEW;
END
$$;
CREATE TRIGGER guard BEFORE INSERT ON t_plpgsql
	FOR EACH ROW EXECUTE FUNCTION plpgsql_vin_normalize();

CREATE TABLE ev_plain (LIKE src_events);
CREATE TABLE ev_tracked (LIKE src_events);
CREATE TABLE ev_summary (vin vin PRIMARY KEY, summary resale_summary);
CREATE TRIGGER track AFTER INSERT ON ev_tracked
	REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('public.ev_summary');

COPY (SELECT upper(replace(vin, '-', '')), id, price, seller, seen FROM src_vins)
	TO '/tmp/zeromile_bench_vins_canonical.data';

-- The floor of any C row trigger: contrib's lo_manage() fired on INSERT
-- looks up its column and returns the row untouched.
CREATE EXTENSION lo;
CREATE TABLE t_cnoop (LIKE src_vins);
CREATE TRIGGER noop BEFORE INSERT ON t_cnoop
	FOR EACH ROW EXECUTE FUNCTION lo_manage('vin');

CREATE TABLE t_noop (LIKE src_vins);
CREATE FUNCTION plpgsql_return_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RETURN NEW;
END
$$;
CREATE TRIGGER noop BEFORE INSERT ON t_noop
	FOR EACH ROW EXECUTE FUNCTION plpgsql_return_new();

-- an earlier batch of the same 200k vehicles' events, a year before
CREATE TABLE ev_summary_earlier AS
SELECT vin::vin AS vin, resale_agg(kind, at - interval '1 year', odometer_km, seller) AS summary
FROM src_events GROUP BY 1;

CREATE TABLE copy_time (
	grp text NOT NULL,
	label text NOT NULL,
	ms double precision NOT NULL,
	seq serial
);

-- Reset tbl (and, for the tracked table, the summary table: empty or
-- holding the earlier batch's summaries), then time the COPY alone.
CREATE FUNCTION bench_copy(grp text, label text, tbl regclass, file text,
						   summaries text DEFAULT 'empty') RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
BEGIN
	EXECUTE format('TRUNCATE %s', tbl);
	IF tbl = 'ev_tracked'::regclass THEN
		TRUNCATE ev_summary;
		IF summaries = 'earlier' THEN
			INSERT INTO ev_summary SELECT vin, summary FROM ev_summary_earlier ORDER BY vin;
		END IF;
	END IF;
	t0 := clock_timestamp();
	EXECUTE format('COPY %s FROM %L', tbl, file);
	INSERT INTO copy_time (grp, label, ms)
	VALUES (grp, label, extract(epoch FROM clock_timestamp() - t0) * 1000);
END
$$;

-- median of each label's runs but its first (bench_compare's warm-up)
CREATE FUNCTION copy_report(grp text, baseline text)
RETURNS TABLE (label text, runs bigint, median_ms numeric, ratio numeric)
LANGUAGE sql AS $$
	WITH r AS (
		SELECT c.label, c.ms, c.seq,
			   row_number() OVER (PARTITION BY c.label ORDER BY c.seq) AS n
		FROM copy_time c WHERE c.grp = copy_report.grp
	), m AS (
		SELECT r.label, min(r.seq) AS first_seq, count(*) AS runs,
			   percentile_cont(0.5) WITHIN GROUP (ORDER BY r.ms) AS ms
		FROM r WHERE r.n > 1 GROUP BY r.label
	)
	SELECT m.label, m.runs, round(m.ms::numeric, 1),
		   round((m.ms / b.ms)::numeric, 2)
	FROM m JOIN m AS b ON b.label = copy_report.baseline
	ORDER BY m.first_seq
$$;

-- the variants do the same: every VIN canonical afterwards
SELECT bench_copy('check', 'guard', 't_guard', '/tmp/zeromile_bench_vins.data'),
	   bench_copy('check', 'plpgsql', 't_plpgsql', '/tmp/zeromile_bench_vins.data');
SELECT (SELECT count(*) FROM t_guard) AS guard_rows,
	   (SELECT count(*) FROM (SELECT vin FROM t_guard EXCEPT SELECT vin FROM t_plpgsql) AS d) AS differ,
	   (SELECT count(*) FROM (SELECT vin FROM t_guard EXCEPT SELECT vin FROM src_vins) AS d) AS rewritten;

SELECT bench_compare('copy_vins',
	ARRAY['COPY, no trigger', 'COPY, vin_guard normalize',
		  'COPY, vin_guard, rows already canonical',
		  'COPY, C trigger doing nothing (lo_manage)',
		  'COPY, PL/pgSQL RETURN NEW trigger', 'COPY, PL/pgSQL trigger'],
	ARRAY[$$SELECT bench_copy('copy_vins', 'COPY, no trigger', 't_plain', '/tmp/zeromile_bench_vins.data')$$,
		  $$SELECT bench_copy('copy_vins', 'COPY, vin_guard normalize', 't_guard', '/tmp/zeromile_bench_vins.data')$$,
		  $$SELECT bench_copy('copy_vins', 'COPY, vin_guard, rows already canonical', 't_guard', '/tmp/zeromile_bench_vins_canonical.data')$$,
		  $$SELECT bench_copy('copy_vins', 'COPY, C trigger doing nothing (lo_manage)', 't_cnoop', '/tmp/zeromile_bench_vins.data')$$,
		  $$SELECT bench_copy('copy_vins', 'COPY, PL/pgSQL RETURN NEW trigger', 't_noop', '/tmp/zeromile_bench_vins.data')$$,
		  $$SELECT bench_copy('copy_vins', 'COPY, PL/pgSQL trigger', 't_plpgsql', '/tmp/zeromile_bench_vins.data')$$],
	5);
\echo 'COPY 1M rows: vin_guard normalize vs no trigger vs PL/pgSQL (targets: vin_guard <= 1.3, PL/pgSQL >= 3x vin_guard)'
SELECT * FROM copy_report('copy_vins', 'COPY, no trigger');
SELECT round((SELECT median_ms FROM copy_report('copy_vins', 'COPY, no trigger') WHERE label = 'COPY, PL/pgSQL trigger')
			 / (SELECT median_ms FROM copy_report('copy_vins', 'COPY, no trigger') WHERE label = 'COPY, vin_guard normalize'), 2)
	   AS plpgsql_over_vin_guard;

SELECT bench_compare('copy_events',
	ARRAY['COPY events, no trigger', 'COPY events, resale_track, empty summary table',
		  'COPY events, resale_track, every VIN summarised'],
	ARRAY[$$SELECT bench_copy('copy_events', 'COPY events, no trigger', 'ev_plain', '/tmp/zeromile_bench_events.data')$$,
		  $$SELECT bench_copy('copy_events', 'COPY events, resale_track, empty summary table', 'ev_tracked', '/tmp/zeromile_bench_events.data', 'empty')$$,
		  $$SELECT bench_copy('copy_events', 'COPY events, resale_track, every VIN summarised', 'ev_tracked', '/tmp/zeromile_bench_events.data', 'earlier')$$],
	5);
\echo 'COPY 1M events over 200k VINs: resale_track vs none (target <= 2, with the summary table empty)'
SELECT * FROM copy_report('copy_events', 'COPY events, no trigger');
-- the last run merged into the earlier batch: still resale_agg over both
SELECT count(*) AS summaries,
	   count(*) FILTER (WHERE s.summary::text IS DISTINCT FROM a.sm::text) AS wrong
FROM ev_summary AS s
FULL JOIN (SELECT vin, rollup(summary) AS sm
		   FROM (SELECT vin, summary FROM ev_summary_earlier
				 UNION ALL
				 SELECT vin::vin, resale_agg(kind, at, odometer_km, seller) FROM src_events GROUP BY 1) AS u
		   GROUP BY vin) AS a USING (vin);
