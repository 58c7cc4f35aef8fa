--
-- resale_track on distributed tables (doc/citus.md, "Triggers on Citus"):
-- events distributed by their vin column, summaries distributed by vin and
-- co-located with them.  The trigger fires on each shard, on its worker,
-- and merges into the co-located shard of the summary table.  Every load
-- (INSERT of rows, INSERT ... SELECT pushed down and through the
-- coordinator, COPY, two sessions at once) is compared with the same load
-- into local tables, and each summary table with resale_agg over its own
-- events.  Then the configurations that cannot work, each refused with the
-- error that says what to change.  Run as postgres and as zm_analyst.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset
-- Citus's rule for any trigger on a distributed table
SET citus.enable_unsafe_triggers = on;

-- try(stmt): 'ok', or the error's SQLSTATE and message, detail and hint,
-- with the role's schema written run_ROLE and shard ids and co-location
-- groups written N (they differ between the runs)
CREATE FUNCTION try(stmt text) RETURNS SETOF text
	LANGUAGE plpgsql AS $$
DECLARE
	st text;
	msg text;
	det text;
	hnt text;
BEGIN
	EXECUTE stmt;
	RETURN NEXT 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
		det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
	RETURN QUERY
	SELECT regexp_replace(regexp_replace(replace(l, 'run_' || current_user, 'run_ROLE'),
										 '_[0-9]{6,}\M', '_N', 'g'),
						  'group [0-9]+', 'group N', 'g')
	FROM unnest(ARRAY[st || ': ' || msg, 'DETAIL: ' || nullif(det, ''), 'HINT: ' || nullif(hnt, '')]) AS l
	WHERE l IS NOT NULL;
END
$$;

-- CREATE TRIGGER name AFTER INSERT ON events_table ... resale_track(summary
-- table, with the role's schema)
CREATE FUNCTION track(name text, events_table text, summary_table text, VARIADIC more text[] DEFAULT '{}')
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_events
					FOR EACH STATEMENT EXECUTE FUNCTION resale_track(%s)',
				   name, events_table,
				   (SELECT string_agg(quote_literal(a), ', ')
					FROM unnest(format('%I.%I', 'run_' || current_user, summary_table) || more) AS a));
END
$$;

CREATE TABLE track_local (
	vin vin NOT NULL,
	kind vehicle_event NOT NULL,
	at timestamptz NOT NULL,
	odometer_km double precision,
	seller text
);
CREATE TABLE track_dist (LIKE track_local);
SELECT create_distributed_table('track_dist', 'vin', colocate_with := 'events_dist');
CREATE TABLE tsum_local (vin vin PRIMARY KEY, summary resale_summary NOT NULL);
CREATE TABLE tsum_dist (LIKE tsum_local INCLUDING ALL);
SELECT create_distributed_table('tsum_dist', 'vin', colocate_with := 'track_dist');
SELECT track('track', 'track_local', 'tsum_local');
SELECT track('track', 'track_dist', 'tsum_dist');
-- Citus has put the trigger on each shard
SELECT count(*) AS shards_with_the_trigger
FROM run_command_on_shards('track_dist',
						   $$SELECT count(*) FROM pg_trigger WHERE tgrelid = '%s'::regclass AND tgname LIKE 'track\_%%'$$)
WHERE result = '1';

-- The summaries of a table: equal to the local ones, and to resale_agg
-- over the table's own events.
CREATE FUNCTION tracked(OUT rows_local bigint, OUT rows_distributed bigint, OUT differing bigint,
						OUT dist_wrong bigint, OUT local_wrong bigint)
	LANGUAGE plpgsql AS $$
BEGIN
	SELECT s.* INTO rows_local, rows_distributed, differing
	FROM same($q$SELECT vin, summary::text FROM tsum_%1$s$q$) AS s;
	SELECT s.differing INTO dist_wrong
	FROM same('SELECT vin, resale_agg(kind, at, odometer_km, seller)::text FROM track_dist GROUP BY vin',
			  'SELECT vin, summary::text FROM tsum_dist') AS s;
	SELECT s.differing INTO local_wrong
	FROM same('SELECT vin, resale_agg(kind, at, odometer_km, seller)::text FROM track_local GROUP BY vin',
			  'SELECT vin, summary::text FROM tsum_local') AS s;
END
$$;

-- rows in one statement, over several shards; then one VIN (a router query)
INSERT INTO track_local VALUES
	('LSJA24U62JG269225', 'registration', '2025-03-30 10:00+08', NULL, NULL),
	('LSJA24U62JG269225', 'listing', '2025-04-12 09:00+08', 12, 'dealer-7'),
	('1HGCM82633A004352', 'registration', '2024-01-05 10:00+08', NULL, NULL),
	('WVWZZZ1JZXW000001', 'registration', '2024-01-31 12:00+00', NULL, NULL),
	('WVWZZZ1JZXW000001', 'export', '2024-03-01 12:00+00', 40, NULL);
INSERT INTO track_dist SELECT * FROM track_local;
INSERT INTO track_local VALUES ('1HGCM82633A004352', 'listing', '2024-01-20 10:00+08', 30, 'dealer-9');
INSERT INTO track_dist VALUES ('1HGCM82633A004352', 'listing', '2024-01-20 10:00+08', 30, 'dealer-9');
SELECT * FROM tracked();
SELECT vin, registration_count(summary), resale_count(summary), first_resale_seller(summary)
FROM tsum_dist ORDER BY vin;

-- INSERT ... SELECT through the coordinator (from a local table): Citus
-- collects the rows, then inserts each shard's from intermediate results
INSERT INTO track_local SELECT vin, kind, at, odometer_km, seller FROM public.feed
WHERE vin IS NOT NULL AND seq % 4 = 0;
INSERT INTO track_dist SELECT vin, kind, at, odometer_km, seller FROM public.feed
WHERE vin IS NOT NULL AND seq % 4 = 0;
SELECT * FROM tracked();

-- INSERT ... SELECT pushed down: each shard of events_dist into the
-- co-located shard of track_dist, on the worker
SELECT * FROM plan_top($$INSERT INTO track_%1$s SELECT vin, kind, at, odometer_km, seller FROM events_%1$s
						 WHERE kind = 'listing' AND vin_wmi(vin) LIKE 'L%%'$$);
INSERT INTO track_local SELECT vin, kind, at, odometer_km, seller FROM events_local
WHERE kind = 'listing' AND vin_wmi(vin) LIKE 'L%';
INSERT INTO track_dist SELECT vin, kind, at, odometer_km, seller FROM events_dist
WHERE kind = 'listing' AND vin_wmi(vin) LIKE 'L%';
SELECT * FROM tracked();

-- COPY, text and binary
\copy (SELECT vin, kind, at, odometer_km, seller FROM public.feed WHERE vin IS NOT NULL AND seq % 4 = 1) TO 'track.txt'
\copy (SELECT vin, kind, at, odometer_km, seller FROM public.feed WHERE vin IS NOT NULL AND seq % 4 = 2) TO 'track.bin' WITH (FORMAT binary)
\copy track_local FROM 'track.txt'
\copy track_dist FROM 'track.txt'
\copy track_local FROM 'track.bin' WITH (FORMAT binary)
\copy track_dist FROM 'track.bin' WITH (FORMAT binary)
SELECT * FROM tracked();

-- Two sessions at once, each loading half of the remaining events in five
-- INSERT ... SELECTs; at the same moment both load events of the same
-- VINs, in all shards.  Two such statements can wait for each other's
-- summary rows in two shards: Citus then cancels one ("canceling the
-- transaction since it was involved in a distributed deadlock"), its events
-- and its summaries together, and the session runs it again.  The local
-- tables get the same rows in one statement.
\! rm -f concurrent.err
\setenv PGDATABASE :DBNAME
\setenv PGOPTIONS '-c client_min_messages=warning'
\! for s in 0 1; do (for c in 0 1 2 3 4; do n=0; until psql -X -q -v ON_ERROR_STOP=1 -o /dev/null -c "SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false); INSERT INTO track_dist SELECT vin, kind, at, odometer_km, seller FROM public.feed WHERE vin IS NOT NULL AND seq % 4 = 3 AND seq % 8 = 3 + 4 * $s AND abs(hashtext(vin::text)) % 5 = $c" 2>>concurrent.err; do n=$((n + 1)); [ $n -lt 10 ] || { echo "session $s chunk $c failed 10 times"; break; }; done; done) & done; wait
\setenv PGOPTIONS
INSERT INTO track_local SELECT vin, kind, at, odometer_km, seller FROM public.feed
WHERE vin IS NOT NULL AND seq % 4 = 3;
-- every failure was such a cancellation
\! grep -v -e 'distributed deadlock' -e '^CONTEXT' -e '^SQL statement' -e '^PL/pgSQL' concurrent.err 2>/dev/null | grep . || echo "no other error"
SELECT * FROM same('SELECT * FROM track_%1$s');
SELECT * FROM tracked();
SELECT count(*) AS summaries, sum(registration_count(summary) + resale_count(summary)) AS events_counted
FROM tsum_dist;
-- the summaries are in the shards of their VINs, and found by VIN
SELECT misplaced_rows('tsum_dist');
SELECT * FROM lookup_mismatches('tsum', 100);

----------------------------------------------------------------------
-- What cannot work is refused at the first statement, on every shard,
-- with what to change.  The rows go in with INSERT ... VALUES, which Citus
-- runs as a statement on each shard and whose errors it passes on whole.
-- Through COPY (and INSERT ... SELECT through the coordinator, which
-- copies), Citus passes on a worker's message and detail but neither its
-- SQLSTATE nor its hint: XX000 there, as the last case shows.
----------------------------------------------------------------------
CREATE TABLE r_events (LIKE track_local);
SELECT create_distributed_table('r_events', 'vin', colocate_with := 'events_dist');
\set rows '(''LSJA24U62JG269225'', ''registration'', ''2025-03-30 10:00+08'', NULL, NULL), (''1HGCM82633A004352'', ''registration'', ''2024-01-05 10:00+08'', NULL, NULL)'

-- a summary table of the coordinator's own, which the workers do not have
CREATE TABLE r_sum_local (vin vin PRIMARY KEY, summary resale_summary);
SELECT track('t', 'r_events', 'r_sum_local');
SELECT * FROM try('INSERT INTO r_events VALUES ' || :'rows');
DROP TRIGGER t ON r_events;
-- a distributed summary table in another co-location group
CREATE TABLE r_sum_apart (vin vin PRIMARY KEY, summary resale_summary);
SELECT create_distributed_table('r_sum_apart', 'vin', shard_count := 4, colocate_with := 'none');
SELECT track('t', 'r_events', 'r_sum_apart');
SELECT * FROM try('INSERT INTO r_events VALUES ' || :'rows');
DROP TRIGGER t ON r_events;
-- a reference table
CREATE TABLE r_sum_ref (vin vin PRIMARY KEY, summary resale_summary);
SELECT create_reference_table('r_sum_ref');
SELECT track('t', 'r_events', 'r_sum_ref');
SELECT * FROM try('INSERT INTO r_events VALUES ' || :'rows');
DROP TRIGGER t ON r_events;
-- notifications would be sent on the workers, where nobody listens
CREATE TABLE r_sum (vin vin PRIMARY KEY, summary resale_summary);
SELECT create_distributed_table('r_sum', 'vin', colocate_with := 'r_events');
SELECT track('t', 'r_events', 'r_sum', 'vin', 'kind', 'at', 'odometer_km', 'seller', 'zero_mileage');
SELECT * FROM try('INSERT INTO r_events VALUES ' || :'rows');
DROP TRIGGER t ON r_events;
SELECT count(*) AS events_after_refusals FROM r_events;
SELECT count(*) AS summaries_after_refusals FROM r_sum;

-- events distributed by another column: a VIN's events in several shards
CREATE TABLE r_by_seller (LIKE track_local);
SELECT create_distributed_table('r_by_seller', 'seller', shard_count := 4);
SELECT track('t', 'r_by_seller', 'r_sum');
SELECT * FROM try('INSERT INTO r_by_seller VALUES ' || replace(:'rows', 'NULL)', '''dealer-1'')'));
-- a text VIN column: placed by its text's hash, not by the vin's
CREATE TABLE r_text (vin text NOT NULL, kind vehicle_event NOT NULL, at timestamptz NOT NULL,
					 odometer_km double precision, seller text);
SELECT create_distributed_table('r_text', 'vin', shard_count := 4);
SELECT track('t', 'r_text', 'r_sum');
SELECT * FROM try('INSERT INTO r_text VALUES ' || :'rows');
-- events in a reference table
CREATE TABLE r_ref_events (LIKE track_local);
SELECT create_reference_table('r_ref_events');
SELECT track('t', 'r_ref_events', 'r_sum');
SELECT * FROM try('INSERT INTO r_ref_events VALUES ' || :'rows');
-- local events, distributed summaries: Citus would run the merge as a
-- distributed INSERT ... SELECT without the transition table (XX000 before)
CREATE TABLE r_local_events (LIKE track_local);
SELECT track('t', 'r_local_events', 'r_sum');
SELECT * FROM try('INSERT INTO r_local_events VALUES ' || :'rows');
-- a table distributed while it has rows and the trigger: its rows are
-- copied into the new shards, which fires the trigger there
DROP TRIGGER t ON r_local_events;
SELECT * FROM try('INSERT INTO r_local_events VALUES ' || :'rows');
SELECT track('t', 'r_local_events', 'r_sum');
SELECT * FROM try($$SELECT create_distributed_table('r_local_events', 'vin', colocate_with := 'r_sum')$$);
SELECT count(*) AS summaries_after_refusals FROM r_sum;
-- the same outside a transaction block, where Citus tells the workers
-- about the table only after the copy (terse: the detail names the shard)
CREATE TABLE r_local_events2 (LIKE track_local);
INSERT INTO r_local_events2 VALUES ('LSJA24U62JG269225', 'registration', '2025-03-30 10:00+08', NULL, NULL);
SELECT track('t', 'r_local_events2', 'r_sum');
\set VERBOSITY terse
SELECT create_distributed_table('r_local_events2', 'vin', colocate_with := 'r_sum');
\set VERBOSITY default
SELECT count(*) AS summaries_after_refusals FROM r_sum;
-- dropped and created again after distributing: new rows are tracked (the
-- rows the table had need their summaries built: INSERT ... SELECT resale_agg)
DROP TRIGGER t ON r_local_events2;
SELECT create_distributed_table('r_local_events2', 'vin', colocate_with := 'r_sum');
SELECT truncate_local_data_after_distributing_table('r_local_events2');
SELECT track('t', 'r_local_events2', 'r_sum');
INSERT INTO r_local_events2 VALUES ('1HGCM82633A004352', 'registration', '2024-01-05 10:00+08', NULL, NULL);
SELECT vin, registration_count(summary) FROM r_sum ORDER BY vin;

-- UPDATE, DELETE and TRUNCATE of distributed events: a trigger on a shard
-- cannot recompute vehicles from all their events, so each is refused (the
-- statement fails and nothing is lost); resale_track_attach and
-- resale_track_rebuild refuse Citus tables (doc/citus.md)
DO $$
BEGIN
	EXECUTE format('CREATE TRIGGER tu AFTER UPDATE ON r_local_events2 REFERENCING OLD TABLE AS o NEW TABLE AS n
					FOR EACH STATEMENT EXECUTE FUNCTION resale_track(%L)',
				   format('%I.%I', 'run_' || current_user, 'r_sum'));
	EXECUTE format('CREATE TRIGGER td AFTER DELETE ON r_local_events2 REFERENCING OLD TABLE AS o
					FOR EACH STATEMENT EXECUTE FUNCTION resale_track(%L)',
				   format('%I.%I', 'run_' || current_user, 'r_sum'));
END
$$;
SELECT * FROM try($$UPDATE r_local_events2 SET odometer_km = 1$$);
SELECT * FROM try($$DELETE FROM r_local_events2$$);
DROP TRIGGER tu ON r_local_events2;
DROP TRIGGER td ON r_local_events2;
SELECT * FROM try($$SELECT resale_track_attach('r_local_events2', 'r_sum')$$);
SELECT * FROM try($$SELECT * FROM resale_track_rebuild('r_local_events2')$$);
SELECT vin, registration_count(summary) FROM r_sum ORDER BY vin;
-- the recompute doc/citus.md gives for events changed in place: the
-- summaries equal resale_agg over the events again
INSERT INTO r_local_events2 VALUES ('1HGCM82633A004352', 'listing', '2024-01-20 10:00+08', 12, 'dealer-1');
UPDATE r_local_events2 SET odometer_km = 900 WHERE kind = 'listing';
SELECT count(*) AS stale_before FROM r_sum s
WHERE summary::text IS DISTINCT FROM (SELECT resale_agg(kind, at, odometer_km, seller)::text
									  FROM r_local_events2 e WHERE e.vin = s.vin);
INSERT INTO r_sum (vin, summary)
SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM r_local_events2
WHERE vin IN ('1HGCM82633A004352') GROUP BY vin
ON CONFLICT (vin) DO UPDATE SET summary = EXCLUDED.summary;
DELETE FROM r_sum s WHERE s.vin IN ('1HGCM82633A004352')
  AND NOT EXISTS (SELECT FROM r_local_events2 e WHERE e.vin = s.vin);
SELECT count(*) AS stale_after FROM r_sum s
WHERE summary::text IS DISTINCT FROM (SELECT resale_agg(kind, at, odometer_km, seller)::text
									  FROM r_local_events2 e WHERE e.vin = s.vin);
