-- make bench: resale_track through UPDATE, DELETE and INSERT on a table
-- tracked by resale_track_attach (issue 19).
--
-- 400k events over 80k VINs (type vin, indexed), every VIN summarised.
-- Each statement changes 1 % of the events (4,000 rows over about 3,900
-- VINs) and is rolled back after it is timed (in a subtransaction: the
-- rollback is in every variant's time alike), so every run starts from
-- the same state.  Variants of a group run interleaved (bench_compare):
--
--   tracked      the statement on the tracked table: the triggers
--                recompute (UPDATE, DELETE) or merge (INSERT)
--   by hand      the same statement on an untracked copy, then the same
--                maintenance written by hand after it, as a user would
--                without zeromile: the affected VINs from RETURNING, their
--                summaries recomputed with resale_agg through the VIN
--                index and upserted, the ones left without events deleted
--                (for INSERT: the new events' aggregate merged with
--                resale_summary_merge, 1.1.0's insert path)
--   floor        the statement alone on the untracked copy, and with a
--                PL/pgSQL statement trigger that does nothing but has the
--                transition tables PostgreSQL must capture
--
-- Targets: tracked <= 1.2x by hand for UPDATE and DELETE; INSERT as fast
-- as the merge by hand.  An UPDATE of a column the summaries do not read
-- shows the path that finds no vehicle to recompute.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

CREATE TABLE ev_src AS
SELECT i AS id,
	   vin_with_check_digit('LGXCB4E20R' || lpad((i % 80000)::text, 7, '0'))::vin AS vin,
	   (enum_range(NULL::vehicle_event))[1 + (hashint4(i) & 2147483647) % 5] AS kind,
	   timestamptz '2023-01-01' + ((hashint4(i + 1) & 2147483647) % 1000000) * interval '1 minute' AS at,
	   CASE WHEN i % 10 = 0 THEN NULL ELSE ((hashint4(i + 2) & 2147483647) % 100000)::double precision END AS odometer_km,
	   CASE WHEN i % 4 = 0 THEN NULL ELSE 'dealer-' || (i % 2000) END AS seller,
	   NULL::text AS note
FROM generate_series(1, 400000) AS i;

CREATE TABLE ev_t (LIKE ev_src);
CREATE TABLE ev_h (LIKE ev_src);
CREATE TABLE ev_n (LIKE ev_src);
CREATE TABLE ev_p (LIKE ev_src);
INSERT INTO ev_t SELECT * FROM ev_src;
INSERT INTO ev_h SELECT * FROM ev_src;
INSERT INTO ev_n SELECT * FROM ev_src;
INSERT INTO ev_p SELECT * FROM ev_src;
CREATE INDEX ON ev_t (vin);
CREATE INDEX ON ev_h (vin);
CREATE INDEX ON ev_n (vin);
CREATE INDEX ON ev_p (vin);
CREATE INDEX ON ev_t (id);
CREATE INDEX ON ev_h (id);
CREATE INDEX ON ev_n (id);
CREATE INDEX ON ev_p (id);
CREATE TABLE sums_t (vin vin PRIMARY KEY, summary resale_summary);
CREATE TABLE sums_h (vin vin PRIMARY KEY, summary resale_summary);
SELECT resale_track_attach('ev_t', 'sums_t');
INSERT INTO sums_h SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM ev_h GROUP BY vin;

CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE TRIGGER u AFTER UPDATE ON ev_p REFERENCING OLD TABLE AS o NEW TABLE AS n
	FOR EACH STATEMENT EXECUTE FUNCTION nothing();
CREATE TRIGGER d AFTER DELETE ON ev_p REFERENCING OLD TABLE AS o
	FOR EACH STATEMENT EXECUTE FUNCTION nothing();
CREATE TRIGGER i AFTER INSERT ON ev_p REFERENCING NEW TABLE AS n
	FOR EACH STATEMENT EXECUTE FUNCTION nothing();
VACUUM ANALYZE ev_t, ev_h, ev_n, ev_p, sums_t, sums_h;

-- run a statement (or block) and roll it back
CREATE FUNCTION rolled_back(stmt text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RAISE EXCEPTION USING ERRCODE = 'ZB001';
EXCEPTION WHEN SQLSTATE 'ZB001' THEN
	NULL;
END
$$;

-- the maintenance by hand after a change that returned the VINs it touched
CREATE FUNCTION by_hand(affected vin[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO sums_h AS s (vin, summary)
	SELECT e.vin, resale_agg(e.kind, e.at, e.odometer_km, e.seller)
	FROM ev_h AS e WHERE e.vin = ANY (affected) GROUP BY e.vin ORDER BY e.vin
	ON CONFLICT (vin) DO UPDATE SET summary = EXCLUDED.summary;
	DELETE FROM sums_h AS s
	WHERE s.vin = ANY (affected) AND NOT EXISTS (SELECT FROM ev_h AS e WHERE e.vin = s.vin);
END
$$;

CREATE FUNCTION update_by_hand() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	affected vin[];
BEGIN
	WITH u AS (UPDATE ev_h SET odometer_km = odometer_km + 1 WHERE id % 100 = 7 RETURNING vin)
	SELECT array_agg(DISTINCT vin) INTO affected FROM u;
	PERFORM by_hand(affected);
END
$$;
CREATE FUNCTION delete_by_hand() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	affected vin[];
BEGIN
	WITH d AS (DELETE FROM ev_h WHERE id % 100 = 7 RETURNING vin)
	SELECT array_agg(DISTINCT vin) INTO affected FROM d;
	PERFORM by_hand(affected);
END
$$;
CREATE FUNCTION insert_by_hand() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	WITH n AS (INSERT INTO ev_h SELECT id + 400000, vin, 'listing', at + interval '1 day', 12, 'dealer-x', NULL
			   FROM ev_src WHERE id % 100 = 7 RETURNING vin, kind, at, odometer_km, seller)
	INSERT INTO sums_h AS s (vin, summary)
	SELECT n.vin, resale_agg(n.kind, n.at, n.odometer_km, n.seller) FROM n GROUP BY n.vin ORDER BY n.vin
	ON CONFLICT (vin) DO UPDATE SET summary = resale_summary_merge(s.summary, EXCLUDED.summary);
END
$$;

SELECT bench_compare('update',
	ARRAY['UPDATE 1 %, tracked (resale_track)', 'UPDATE 1 %, recomputed by hand',
		  'UPDATE 1 %, untracked', 'UPDATE 1 %, do-nothing trigger with transition tables'],
	ARRAY[$$SELECT rolled_back('UPDATE ev_t SET odometer_km = odometer_km + 1 WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('SELECT update_by_hand()')$$,
		  $$SELECT rolled_back('UPDATE ev_n SET odometer_km = odometer_km + 1 WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('UPDATE ev_p SET odometer_km = odometer_km + 1 WHERE id % 100 = 7')$$],
	7);
\echo UPDATE of 1 % of 400k events (4,000 rows, ~3,900 VINs): resale_track vs the same recompute by hand (target <= 1.2)
SELECT * FROM bench_report('update', 'UPDATE 1 %, recomputed by hand');

SELECT bench_compare('delete',
	ARRAY['DELETE 1 %, tracked (resale_track)', 'DELETE 1 %, recomputed by hand',
		  'DELETE 1 %, untracked', 'DELETE 1 %, do-nothing trigger with transition tables'],
	ARRAY[$$SELECT rolled_back('DELETE FROM ev_t WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('SELECT delete_by_hand()')$$,
		  $$SELECT rolled_back('DELETE FROM ev_n WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('DELETE FROM ev_p WHERE id % 100 = 7')$$],
	7);
\echo DELETE of 1 % of 400k events: resale_track vs the same recompute by hand (target <= 1.2)
SELECT * FROM bench_report('delete', 'DELETE 1 %, recomputed by hand');

SELECT bench_compare('note',
	ARRAY['UPDATE of an untracked column 1 %, tracked', 'UPDATE of an untracked column 1 %, untracked',
		  'UPDATE of an untracked column 1 %, do-nothing trigger with transition tables'],
	ARRAY[$$SELECT rolled_back('UPDATE ev_t SET note = ''x'' WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('UPDATE ev_n SET note = ''x'' WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('UPDATE ev_p SET note = ''x'' WHERE id % 100 = 7')$$],
	7);
\echo UPDATE of a column the summaries do not read: no vehicle recomputed
SELECT * FROM bench_report('note', 'UPDATE of an untracked column 1 %, untracked');

SELECT bench_compare('insert',
	ARRAY['INSERT 4,000 events, tracked (resale_track)', 'INSERT 4,000 events, merged by hand',
		  'INSERT 4,000 events, untracked', 'INSERT 4,000 events, do-nothing trigger with a transition table'],
	ARRAY[$$SELECT rolled_back('INSERT INTO ev_t SELECT id + 400000, vin, ''listing'', at + interval ''1 day'', 12, ''dealer-x'', NULL FROM ev_src WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('SELECT insert_by_hand()')$$,
		  $$SELECT rolled_back('INSERT INTO ev_n SELECT id + 400000, vin, ''listing'', at + interval ''1 day'', 12, ''dealer-x'', NULL FROM ev_src WHERE id % 100 = 7')$$,
		  $$SELECT rolled_back('INSERT INTO ev_p SELECT id + 400000, vin, ''listing'', at + interval ''1 day'', 12, ''dealer-x'', NULL FROM ev_src WHERE id % 100 = 7')$$],
	7);
\echo INSERT of 4,000 events into a table tracked through every change: resale_track vs the merge by hand (target <= 1.0)
SELECT * FROM bench_report('insert', 'INSERT 4,000 events, merged by hand');

-- the runs left every summary exact (each was rolled back)
SELECT count(*) AS differences FROM resale_track_rebuild('ev_t', dry_run => true);
