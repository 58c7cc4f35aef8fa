--
-- Hardening: the reproducers of the review of issue 12 (findings 1-8), as
-- they were reported.  Each gives the right answer or a clear error, and
-- the server is still there after it (a crash would end this session).
--
SET client_min_messages = warning;
CREATE SCHEMA hz;

-- SQLSTATE and message of a statement, or 'ok'
CREATE FUNCTION hz.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
GRANT USAGE ON SCHEMA hz TO PUBLIC;
GRANT EXECUTE ON FUNCTION hz.try(text) TO PUBLIC;

-- A login role with no privilege beyond the defaults (TEMP included)
CREATE ROLE regress_zm_hostile LOGIN;
SET ROLE regress_zm_hostile;

----------------------------------------------------------------------
-- 1. resale_agg_transfn given a state it does not own: a moving
-- aggregate whose inverse returns a stored summary (a TOAST pointer).
-- It used to update it in place and read 17 MB out of bounds.
----------------------------------------------------------------------
CREATE TEMP TABLE stored (s resale_summary);
ALTER TABLE stored ALTER s SET STORAGE EXTERNAL;	-- toasted, uncompressed
INSERT INTO stored
	SELECT resale_agg('listing', timestamptz '2024-01-01 00:00+00' + g * interval '1 day',
					  g, 'seller no. ' || g)
	FROM generate_series(1, 200) g;
SELECT pg_column_size(s) > 2000 AS toasted FROM stored;

CREATE FUNCTION pg_temp.stored_summary(resale_summary, vehicle_event, timestamptz,
									   float8, text)
	RETURNS resale_summary LANGUAGE sql AS 'SELECT s FROM stored';
CREATE AGGREGATE pg_temp.moving_resale(vehicle_event, timestamptz, float8, text) (
	SFUNC = resale_agg_transfn, STYPE = resale_summary,
	FINALFUNC = resale_agg_finalfn,
	MSFUNC = resale_agg_transfn, MINVFUNC = pg_temp.stored_summary,
	MSTYPE = resale_summary, MFINALFUNC = resale_agg_finalfn);

-- From the third row on the frame's head moves: the state is the stored
-- summary, then the row is added to it (what the aggregate asks for,
-- however odd): the same as merging the two.
SELECT g,
	   x::text = resale_summary_merge(
		   (SELECT s FROM stored),
		   resale_agg_transfn(NULL, 'transfer', timestamptz '2025-01-01 00:00+00' + g * interval '1 hour',
							  1, 'x'))::text AS stored_plus_row
FROM (SELECT g, pg_temp.moving_resale('transfer',
									  timestamptz '2025-01-01 00:00+00' + g * interval '1 hour', 1, 'x')
		  OVER (ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS x
	  FROM generate_series(1, 5) g) q
WHERE g >= 3
ORDER BY g;
SELECT 'server alive' AS after_finding_1;

----------------------------------------------------------------------
-- 2. resale_agg_finalfn as the final function of a user aggregate whose
-- state is a stored summary: toasted, and short (a 1-byte header).  It
-- used to return adjacent server memory as a summary.
----------------------------------------------------------------------
CREATE TEMP TABLE stored_small (s resale_summary);
INSERT INTO stored_small SELECT resale_agg('registration', timestamptz '2024-01-01 00:00+00', NULL);
SELECT pg_column_size(s) < 127 AS short_header FROM stored_small;

CREATE FUNCTION pg_temp.pick(resale_summary, resale_summary)
	RETURNS resale_summary LANGUAGE sql AS 'SELECT $2';
CREATE AGGREGATE pg_temp.last_summary(resale_summary) (
	SFUNC = pg_temp.pick, STYPE = resale_summary, FINALFUNC = resale_agg_finalfn);
SELECT pg_temp.last_summary(s)::text = (SELECT s::text FROM stored) AS toasted_state
FROM stored;
SELECT pg_temp.last_summary(s)::text = (SELECT s::text FROM stored_small) AS short_state
FROM stored_small;
SELECT registration_count(pg_temp.last_summary(s)) FROM stored_small;
-- as a state of rollup's shape, through the combine function
CREATE AGGREGATE pg_temp.merge_all(resale_summary) (
	SFUNC = pg_temp.pick, STYPE = resale_summary,
	FINALFUNC = resale_agg_finalfn, COMBINEFUNC = resale_summary_merge);
SELECT resale_count(pg_temp.merge_all(s)) FROM stored;
SELECT 'server alive' AS after_finding_2;

----------------------------------------------------------------------
-- 3. vin_manufacturer and vin_decode work for a role that is not
-- superuser; the registry stays read-only for it.
----------------------------------------------------------------------
SELECT vin_manufacturer('LSJA24U62JG269225'::vin);
SELECT manufacturer, country, model_year
FROM vin_decode('LSJA24U62JG269225'::vin, date '2024-06-01');
SELECT hz.try($$INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('ZZZ', 'mine')$$);
SELECT hz.try($$DELETE FROM wmi_registry WHERE NOT shipped$$);

----------------------------------------------------------------------
-- 6. The text and binary inputs of vin clip the bad value they quote
-- (100 bytes and "..."), whatever its length.
----------------------------------------------------------------------
CREATE FUNCTION pg_temp.error_of(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ', message of ' || length(SQLERRM) || ' characters: '
		|| left(SQLERRM, 60);
END
$$;
SELECT pg_temp.error_of($$SELECT repeat('x', 100000000)::vin$$);
SELECT pg_temp.error_of($$SELECT repeat('x', 100000000)::text::vin$$);
SELECT pg_temp.error_of($$SELECT vin_in(repeat('x', 1000)::cstring)$$);
-- short inputs are quoted whole, as before
SELECT pg_temp.error_of($$SELECT 'LSJA24U62JG26922O'::vin$$);

----------------------------------------------------------------------
-- 7. Long-running calls answer a cancel (statement_timeout here).  Each
-- of these runs for seconds on any machine without interrupt checks.
----------------------------------------------------------------------
CREATE TEMP TABLE big AS
	SELECT resale_agg('listing', timestamptz '2000-01-01 00:00+00' + g * interval '1 second', NULL) AS s
	FROM generate_series(1, 1000000) g;
\set VERBOSITY terse
SET statement_timeout = '100ms';
SELECT count(*) FROM vin_problems(repeat('x', 90000000));
SELECT resale_count(resale_summary_merge(s, s)) FROM big;
SELECT length(s::text) FROM big;
SELECT length(s::text::resale_summary::text) FROM big;
RESET statement_timeout;
\set VERBOSITY default
-- with time to finish, the same calls answer
SELECT resale_count(resale_summary_merge(s, s)) FROM big;
RESET ROLE;

----------------------------------------------------------------------
-- 4. A quarantined row keeps only the columns the role may read
-- (PostgreSQL's own rule for error details): an UPDATE of one column must
-- not copy the others into the quarantine table.
----------------------------------------------------------------------
CREATE TABLE hz.cars (id int, vin text, price numeric, secret text DEFAULT 'classified');
SELECT vin_create_quarantine('hz.cars_q');
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON hz.cars
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'hz.cars_q');
INSERT INTO hz.cars VALUES (1, '1HGCM82633A004352', 20000, 'dealer margin 8%');
GRANT SELECT (id, vin), INSERT (id, vin, price), UPDATE (vin) ON hz.cars TO regress_zm_hostile;
GRANT INSERT ON hz.cars_q TO regress_zm_hostile;

SET ROLE regress_zm_hostile;
UPDATE hz.cars SET vin = 'not a vin' WHERE id = 1;
INSERT INTO hz.cars (id, vin, price) VALUES (2, 'also bad', 15000);
RESET ROLE;
-- nothing was changed or added; the quarantine has both rows, without
-- secret (and, for the UPDATE, price), and says so.  Since 1.2.0 (issue
-- 22) an INSERT keeps the columns the role may INSERT: sql/guard_visibility.sql
SELECT id, vin, secret FROM hz.cars ORDER BY id;
SELECT row_data, problems -> -1 AS withheld FROM hz.cars_q ORDER BY row_data ->> 'id';
SELECT count(*) AS problems_besides FROM hz.cars_q, jsonb_array_elements(problems) p
WHERE p ->> 'code' <> 'columns_withheld';

-- with SELECT on the table, the whole row is kept
TRUNCATE hz.cars_q;
GRANT SELECT ON hz.cars TO regress_zm_hostile;
SET ROLE regress_zm_hostile;
UPDATE hz.cars SET vin = 'not a vin' WHERE id = 1;
RESET ROLE;
SELECT row_data, jsonb_path_exists(problems, '$[*] ? (@.code == "columns_withheld")') AS withheld
FROM hz.cars_q;

-- a partition fires the trigger: SELECT on the partitioned table is
-- enough (the partition itself grants nothing), as source_table names it
CREATE TABLE hz.parts (id int, vin text, secret text) PARTITION BY RANGE (id);
CREATE TABLE hz.parts_1 PARTITION OF hz.parts FOR VALUES FROM (0) TO (100);
CREATE TRIGGER guard BEFORE INSERT ON hz.parts
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'hz.cars_q');
GRANT SELECT, INSERT ON hz.parts TO regress_zm_hostile;
TRUNCATE hz.cars_q;
SET ROLE regress_zm_hostile;
INSERT INTO hz.parts VALUES (1, 'bad', 'mine');
RESET ROLE;
SELECT source_table, row_data, jsonb_array_length(problems) AS problems FROM hz.cars_q;
-- with column privileges only, on the partitioned table: what the INSERT
-- supplied is kept (it may INSERT every column)
REVOKE SELECT ON hz.parts FROM regress_zm_hostile;
GRANT SELECT (id) ON hz.parts TO regress_zm_hostile;
TRUNCATE hz.cars_q;
SET ROLE regress_zm_hostile;
INSERT INTO hz.parts VALUES (2, 'bad', 'mine');
RESET ROLE;
SELECT row_data, problems -> -1 ->> 'message' AS withheld FROM hz.cars_q;

----------------------------------------------------------------------
-- 5. A quarantine table that discards the row is an error: the row is
-- never lost silently.
----------------------------------------------------------------------
CREATE FUNCTION hz.discard() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
CREATE TRIGGER discard BEFORE INSERT ON hz.cars_q
	FOR EACH ROW EXECUTE FUNCTION hz.discard();
TRUNCATE hz.cars_q;
\set VERBOSITY default
INSERT INTO hz.cars (id, vin) VALUES (3, 'bad');
\set VERBOSITY terse
DROP TRIGGER discard ON hz.cars_q;
CREATE RULE nothing AS ON INSERT TO hz.cars_q DO INSTEAD NOTHING;
SELECT hz.try($$INSERT INTO hz.cars (id, vin) VALUES (3, 'bad')$$);
DROP RULE nothing ON hz.cars_q;
SELECT count(*) AS cars, (SELECT count(*) FROM hz.cars_q) AS quarantined
FROM hz.cars;
-- a rule that also writes elsewhere keeps the row: fine
CREATE TABLE hz.audit (n int);
CREATE RULE also AS ON INSERT TO hz.cars_q DO ALSO INSERT INTO hz.audit VALUES (1);
INSERT INTO hz.cars (id, vin) VALUES (3, 'bad');
SELECT (SELECT count(*) FROM hz.cars_q) AS quarantined, (SELECT count(*) FROM hz.audit) AS audited;

----------------------------------------------------------------------
-- 8. An empty table name is 42602 (invalid_name) everywhere, like any
-- other malformed name.
----------------------------------------------------------------------
SELECT hz.try($$SELECT vin_create_quarantine('')$$);
CREATE TABLE hz.t8 (vin text);
CREATE TRIGGER g BEFORE INSERT ON hz.t8
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', '');
SELECT hz.try($$INSERT INTO hz.t8 VALUES ('bad')$$);
DROP TRIGGER g ON hz.t8;
CREATE TABLE hz.ev (vin vin, kind vehicle_event, at timestamptz, km float8);
CREATE TRIGGER track AFTER INSERT ON hz.ev REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('');
SELECT hz.try($$INSERT INTO hz.ev VALUES ('1HGCM82633A004352', 'registration', now(), 0)$$);

----------------------------------------------------------------------
-- Found by make test-asan (UBSan): the text form of a summary overflowed
-- for times after 294247-01-10 UTC, more than 2^63 microseconds after
-- 1970.  Every timestamptz now prints, and reads back, exactly.
----------------------------------------------------------------------
SET TimeZone = 'UTC';
SELECT t, s::text, insured_at(s::text::resale_summary) = t AS round_trip,
	   first_resale_at(r::text::resale_summary) = t AS event_round_trip
FROM (SELECT t, resale_agg('insurance', t, NULL) AS s, resale_agg('listing', t, 1) AS r
	  FROM (VALUES (timestamptz '294247-01-10 04:00:54.775807+00'),
				   (timestamptz '294247-01-10 04:00:54.775808+00'),
				   (timestamptz '294276-12-31 23:59:59.999999+00'),
				   (timestamptz '4714-11-24 00:00:00+00 BC')) v(t)
	  GROUP BY t) a
ORDER BY t;
-- beyond the range: out of range, not a wrapped value
SELECT hz.try($$SELECT 'registrations=0;registered_at=null;insured_at=9224318016000000000;after=0;first=null;known=null;before=[]'::resale_summary$$);
SELECT hz.try($$SELECT 'registrations=0;registered_at=null;insured_at=18446744073709551616;after=0;first=null;known=null;before=[]'::resale_summary$$);
RESET TimeZone;

-- clean up (DROP OWNED takes the role's temporary objects too)
DROP SCHEMA hz CASCADE;
DROP OWNED BY regress_zm_hostile;
DROP ROLE regress_zm_hostile;
