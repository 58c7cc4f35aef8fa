--
-- vin_guard on distributed tables (doc/citus.md, "Triggers on Citus"):
-- the trigger fires on each shard, on its worker.  Errors and quarantined
-- rows name the distributed table, not the shard; quarantine goes into the
-- co-located shard of a distributed quarantine table, whose distribution
-- column gets the row's; normalize and quarantine refuse to rewrite a text
-- distribution column (Citus has placed the row by the text as given).
-- Each load is compared with the same load into local tables.  Run as
-- postgres and as zm_analyst.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset
SET citus.enable_unsafe_triggers = on;

-- CREATE TRIGGER name BEFORE INSERT OR UPDATE ON tab ... vin_guard(args),
-- a quarantine table (fourth argument) with the role's schema
CREATE FUNCTION guard(name text, tab text, VARIADIC args text[])
	RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(args) = 4 THEN
		args[4] := format('%I.%I', 'run_' || current_user, args[4]);
	END IF;
	EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION vin_guard(%s)',
				   name, tab, (SELECT string_agg(quote_literal(a), ', ') FROM unnest(args) AS a));
END
$$;

-- Quarantine, keyed by the feed's seq: the feed's text VINs as fed,
-- normalized, and the 112 that cannot be repaired quarantined.  The table
-- is distributed by seq; the quarantine table by a seq column of its own,
-- co-located.
CREATE TABLE feed_local (seq bigint NOT NULL, raw_vin text, kind vehicle_event, at timestamptz, seller text);
CREATE TABLE feed_dist (LIKE feed_local);
SELECT create_distributed_table('feed_dist', 'seq', shard_count := 4);
SELECT vin_create_quarantine('feed_q_local');
SELECT vin_create_quarantine('feed_q_dist');
ALTER TABLE feed_q_dist ADD COLUMN seq bigint;
SELECT create_distributed_table('feed_q_dist', 'seq', colocate_with := 'feed_dist');
SELECT guard('g', 'feed_local', 'raw_vin', 'quarantine', 'auto', 'feed_q_local');
SELECT guard('g', 'feed_dist', 'raw_vin', 'quarantine', 'auto', 'feed_q_dist');
INSERT INTO feed_local SELECT seq, raw_vin, kind, at, seller FROM public.feed WHERE seq % 2 = 0;
INSERT INTO feed_dist SELECT seq, raw_vin, kind, at, seller FROM public.feed WHERE seq % 2 = 0;
\copy (SELECT seq, raw_vin, kind, at, seller FROM public.feed WHERE seq % 2 = 1) TO 'guard.txt'
\copy feed_local FROM 'guard.txt'
\copy feed_dist FROM 'guard.txt'
SELECT * FROM same('SELECT * FROM feed_%1$s');
SELECT count(*) AS rows, count(*) FILTER (WHERE vin_is_valid(raw_vin) AND raw_vin = vin_normalize(raw_vin)) AS canonical
FROM feed_dist;
-- every row is in the table or in quarantine
SELECT (SELECT count(*) FROM feed_dist) + (SELECT count(*) FROM feed_q_dist) AS kept,
	   (SELECT count(*) FROM public.feed) AS fed;
-- the quarantined rows: the same, naming the distributed table, each in
-- the shard of its seq.  (row_data is written on the worker, which renders
-- a timestamptz in its own TimeZone: the same instant, so rows are
-- compared as they come back with jsonb_populate_record.)
SELECT * FROM same($$SELECT (jsonb_populate_record(NULL::feed_%1$s, row_data)).*, problems FROM feed_q_%1$s$$);
SELECT replace(source_table, 'run_' || current_user, 'run_ROLE') AS source_table, count(*)
FROM feed_q_dist GROUP BY 1;
SELECT count(*) AS seq_as_in_row_data FROM feed_q_dist WHERE seq = (row_data ->> 'seq')::bigint;
SELECT sum(result::bigint) AS misplaced_quarantine_rows
FROM run_command_on_shards('feed_q_dist',
	format($q$SELECT count(*) FROM %%1$s
			  WHERE get_shard_id_for_distribution_column(%L, seq) <> substring('%%1$s' FROM '_([0-9]+)$')::bigint$q$,
		   format('%I.feed_q_dist', 'run_' || current_user)));
-- put back once repaired by hand: with jsonb_populate_record, as locally
SELECT count(*) AS restorable
FROM feed_q_dist, jsonb_populate_record(NULL::feed_dist, row_data) AS r
WHERE r.seq = feed_q_dist.seq;

-- UPDATE goes through the guard too: a bad new value is quarantined, the
-- old row stays
UPDATE feed_local SET raw_vin = 'not a vin' WHERE seq IN (10, 20);
UPDATE feed_dist SET raw_vin = 'not a vin' WHERE seq IN (10, 20);
SELECT * FROM same('SELECT * FROM feed_%1$s');
SELECT * FROM same($$SELECT (jsonb_populate_record(NULL::feed_%1$s, row_data)).*, problems FROM feed_q_%1$s$$);

-- A vin distribution column: its input gives the canonical VIN before
-- Citus places the row, so normalize and quarantine are allowed; under
-- 'strict' the 5 VINs without a valid check digit are quarantined, into
-- the co-located shard by their vin.
CREATE TABLE vins_local (vin vin NOT NULL, raw_vin text, seller text);
CREATE TABLE vins_dist (LIKE vins_local);
SELECT create_distributed_table('vins_dist', 'vin', colocate_with := 'events_dist');
SELECT vin_create_quarantine('vins_q_local');
SELECT vin_create_quarantine('vins_q_dist');
ALTER TABLE vins_q_dist ADD COLUMN vin vin;
SELECT create_distributed_table('vins_q_dist', 'vin', colocate_with := 'vins_dist');
SELECT guard('g', 'vins_local', 'vin', 'quarantine', 'strict', 'vins_q_local');
SELECT guard('g', 'vins_dist', 'vin', 'quarantine', 'strict', 'vins_q_dist');
-- and a second guard, normalize, on a text column that is not the
-- distribution column
SELECT guard('h', 'vins_local', 'raw_vin', 'normalize');
SELECT guard('h', 'vins_dist', 'raw_vin', 'normalize');
INSERT INTO vins_local SELECT vin, raw_vin, seller FROM public.feed WHERE vin IS NOT NULL;
INSERT INTO vins_dist SELECT vin, raw_vin, seller FROM public.feed WHERE vin IS NOT NULL;
SELECT * FROM same('SELECT * FROM vins_%1$s');
SELECT * FROM same($$SELECT row_data, problems FROM vins_q_%1$s$$);
SELECT count(*) AS quarantined, count(*) FILTER (WHERE vin = (row_data ->> 'vin')::vin) AS vin_as_in_row_data
FROM vins_q_dist;
SELECT misplaced_rows('vins_dist') AS table_misplaced, misplaced_rows('vins_q_dist') AS quarantine_misplaced;
SELECT count(*) FILTER (WHERE raw_vin = vin::text) AS raw_vin_normalized, count(*) FROM vins_dist;

-- reject: the error names the distributed table, as the local one names
-- its own
CREATE TABLE rej_local (vin text NOT NULL, seller text);
CREATE TABLE rej_dist (LIKE rej_local);
SELECT create_distributed_table('rej_dist', 'vin', shard_count := 4);
SELECT guard('g', 'rej_local', 'vin');
SELECT guard('g', 'rej_dist', 'vin');
SELECT * FROM try($$INSERT INTO rej_local VALUES ('1HGCM82633A004352', 'a'), ('1HG-CM8O633A00435', 'b')$$);
SELECT * FROM try($$INSERT INTO rej_dist VALUES ('1HGCM82633A004352', 'a'), ('1HG-CM8O633A00435', 'b')$$);
INSERT INTO rej_local VALUES ('1HGCM82633A004352', 'a'), ('lsja24u62jg269225', 'b');
INSERT INTO rej_dist VALUES ('1HGCM82633A004352', 'a'), ('lsja24u62jg269225', 'b');
SELECT * FROM same('SELECT * FROM rej_%1$s');

----------------------------------------------------------------------
-- Refused at the first row, with what to change
----------------------------------------------------------------------
-- normalize on a text distribution column: Citus has placed each row by
-- the text as given, a repaired VIN would be stored in another VIN's shard
-- (before: 969 of 19,551 rows of a feed in the wrong shard, silently).
-- Refused for every row, canonical ones too.
CREATE TABLE norm_dist (vin text NOT NULL, seller text);
SELECT create_distributed_table('norm_dist', 'vin', shard_count := 4);
SELECT guard('g', 'norm_dist', 'vin', 'normalize');
SELECT * FROM try($$INSERT INTO norm_dist VALUES ('lsja24u62jg269225', 'a')$$);
SELECT * FROM try($$INSERT INTO norm_dist VALUES ('LSJA24U62JG269225', 'a')$$);
DROP TRIGGER g ON norm_dist;
-- quarantine, which repairs too
SELECT vin_create_quarantine('norm_q');
ALTER TABLE norm_q ADD COLUMN vin text;
SELECT create_distributed_table('norm_q', 'vin', colocate_with := 'norm_dist');
SELECT guard('g', 'norm_dist', 'vin', 'quarantine', 'auto', 'norm_q');
SELECT * FROM try($$INSERT INTO norm_dist VALUES ('LSJA24U62JG269225', 'a')$$);
DROP TRIGGER g ON norm_dist;
SELECT count(*) AS rows_after_refusals FROM norm_dist;

-- quarantine tables that cannot work: the coordinator's own (the workers
-- do not have it), a reference table, one distributed by a column
-- vin_guard writes, one in another co-location group
CREATE TABLE qr_dist (vin vin NOT NULL, seller text);
SELECT create_distributed_table('qr_dist', 'vin', colocate_with := 'events_dist');
SELECT vin_create_quarantine('qr_local');
SELECT guard('g', 'qr_dist', 'vin', 'quarantine', 'strict', 'qr_local');
SELECT * FROM try($$INSERT INTO qr_dist VALUES ('LSJA24U62JG269225', 'a')$$);
DROP TRIGGER g ON qr_dist;
SELECT vin_create_quarantine('qr_ref');
SELECT create_reference_table('qr_ref');
SELECT guard('g', 'qr_dist', 'vin', 'quarantine', 'strict', 'qr_ref');
SELECT * FROM try($$INSERT INTO qr_dist VALUES ('LSJA24U62JG269225', 'a')$$);
DROP TRIGGER g ON qr_dist;
SELECT vin_create_quarantine('qr_by_table');
SELECT create_distributed_table('qr_by_table', 'source_table', shard_count := 4);
SELECT guard('g', 'qr_dist', 'vin', 'quarantine', 'strict', 'qr_by_table');
SELECT * FROM try($$INSERT INTO qr_dist VALUES ('LSJA24U62JG269225', 'a')$$);
DROP TRIGGER g ON qr_dist;
SELECT vin_create_quarantine('qr_apart');
ALTER TABLE qr_apart ADD COLUMN vin vin;
SELECT create_distributed_table('qr_apart', 'vin', shard_count := 4, colocate_with := 'none');
SELECT guard('g', 'qr_dist', 'vin', 'quarantine', 'strict', 'qr_apart');
SELECT * FROM try($$INSERT INTO qr_dist VALUES ('LSJA24U62JG269225', 'a')$$);
DROP TRIGGER g ON qr_dist;
-- quarantine on a reference table
CREATE TABLE qr_ref_table (vin vin NOT NULL, seller text);
SELECT create_reference_table('qr_ref_table');
SELECT guard('g', 'qr_ref_table', 'vin', 'quarantine', 'strict', 'qr_ref');
SELECT * FROM try($$INSERT INTO qr_ref_table VALUES ('LSJA24U62JG269225', 'a')$$);
SELECT count(*) AS rows_after_refusals FROM qr_dist;
