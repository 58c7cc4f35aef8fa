-- make bench: the triggers.
--
-- (a) COPY of 1M rows (a VIN and four other columns, 3 % of the VINs in
--     lower case with hyphens) into a table with no trigger, with vin_guard
--     in normalize mode, and with a PL/pgSQL trigger doing the same work
--     the way users write it (regex clean-up, a substr loop with a
--     transliteration table, mod 11).
--     Targets: vin_guard <= 1.3x no trigger; PL/pgSQL >= 3x vin_guard.
-- (b) COPY of 1M events over 200k VINs into an event table without and
--     with resale_track (the summary table starts empty each run, so the
--     merge inserts 200k summaries).  Target: <= 2x plain COPY.
--
-- Server-side COPY from files written to /tmp first, so that each timing
-- is the COPY alone; each run starts from an empty table (TRUNCATE is part
-- of every variant's timing and is small next to the COPY).
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
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('ev_summary');

CREATE FUNCTION bench_copy(tbl regclass, file text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('TRUNCATE %s', tbl);
	IF tbl = 'ev_tracked'::regclass THEN
		TRUNCATE ev_summary;
	END IF;
	EXECUTE format('COPY %s FROM %L', tbl, file);
END
$$;

-- the variants do the same: every VIN canonical afterwards
SELECT bench_copy('t_guard', '/tmp/zeromile_bench_vins.data'),
	   bench_copy('t_plpgsql', '/tmp/zeromile_bench_vins.data');
SELECT (SELECT count(*) FROM t_guard) AS guard_rows,
	   (SELECT count(*) FROM (SELECT vin FROM t_guard EXCEPT SELECT vin FROM t_plpgsql) AS d) AS differ;

SELECT bench_time('copy_vins', 'COPY, no trigger', $$SELECT bench_copy('t_plain', '/tmp/zeromile_bench_vins.data')$$, 3);
SELECT bench_time('copy_vins', 'COPY, vin_guard normalize', $$SELECT bench_copy('t_guard', '/tmp/zeromile_bench_vins.data')$$, 3);
SELECT bench_time('copy_vins', 'COPY, PL/pgSQL trigger', $$SELECT bench_copy('t_plpgsql', '/tmp/zeromile_bench_vins.data')$$, 3);
\echo 'COPY 1M rows: vin_guard normalize vs no trigger vs PL/pgSQL (targets: vin_guard <= 1.3, PL/pgSQL >= 3x vin_guard)'
SELECT * FROM bench_report('copy_vins', 'COPY, no trigger');

SELECT bench_time('copy_events', 'COPY events, no trigger', $$SELECT bench_copy('ev_plain', '/tmp/zeromile_bench_events.data')$$, 3);
SELECT bench_time('copy_events', 'COPY events, resale_track', $$SELECT bench_copy('ev_tracked', '/tmp/zeromile_bench_events.data')$$, 3);
\echo 'COPY 1M events over 200k VINs: resale_track vs none (target <= 2)'
SELECT * FROM bench_report('copy_events', 'COPY events, no trigger');
SELECT count(*) AS summaries FROM ev_summary;
