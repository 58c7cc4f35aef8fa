--
-- vin_guard(): every mode, column type and argument error, quarantine
-- with COPY, privileges, and vin_create_quarantine().
--
SET client_min_messages = warning;
CREATE SCHEMA vg;
SET search_path = vg, public;

-- SQLSTATE and message of a statement, or 'ok'
CREATE FUNCTION vg.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- Valid VINs for the tests: 1HGCM82633A004352 (Honda, check digit 3),
-- LGXCB4E20P1234567 built with vin_with_check_digit, WVWZZZ1JZXW000001
-- (European, no check digit).
SELECT vin_with_check_digit('LGXCB4E20P1234567') AS lgx \gset

----------------------------------------------------------------------
-- reject (the default): text column
----------------------------------------------------------------------
CREATE TABLE vg.t_reject (id int, vin text, note text);
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON vg.t_reject
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');

-- valid rows go in as they are (reject does not rewrite: lower case and
-- surrounding blanks are valid input for vin_is_valid)
INSERT INTO vg.t_reject VALUES
	(1, '1HGCM82633A004352', 'plain'),
	(2, ' 1hgcm82633a004352 ', 'lower case, blanks'),
	(3, 'WVWZZZ1JZXW000001', 'European, no check digit'),
	(4, NULL, 'no VIN: not a bad VIN');
SELECT id, vin, note FROM vg.t_reject ORDER BY id;

-- an invalid one raises 22P02 naming table, column, value and problems
\set VERBOSITY default
INSERT INTO vg.t_reject VALUES (5, '1HGCM82643A004352', 'check digit');
INSERT INTO vg.t_reject VALUES (6, '1HG-CM8O633A00435', 'several');
SELECT vg.try($$INSERT INTO vg.t_reject VALUES (7, 'x', 'short')$$);
-- very long values are clipped in the message
SELECT vg.try($$INSERT INTO vg.t_reject VALUES (8, repeat('A', 200), 'long')$$);
-- the whole statement fails: nothing of it is kept
SELECT vg.try($$INSERT INTO vg.t_reject VALUES (9, '1HGCM82633A004352', 'good'), (10, 'bad', 'bad')$$);
-- UPDATE is checked too
SELECT vg.try($$UPDATE vg.t_reject SET vin = '1HGCM82633A00435' WHERE id = 1$$);
SELECT count(*) AS rows_kept FROM vg.t_reject;

-- region policies: European VINs need no check digit under 'auto' but do
-- under 'strict'; 'none' checks structure only
CREATE TABLE vg.t_policy (vin text, policy text);
CREATE TRIGGER guard_strict BEFORE INSERT ON vg.t_policy
	FOR EACH ROW WHEN (NEW.policy = 'strict') EXECUTE FUNCTION vin_guard('vin', 'reject', 'strict');
CREATE TRIGGER guard_none BEFORE INSERT ON vg.t_policy
	FOR EACH ROW WHEN (NEW.policy = 'none') EXECUTE FUNCTION vin_guard('vin', 'reject', 'NONE');
SELECT vg.try($$INSERT INTO vg.t_policy VALUES ('WVWZZZ1JZXW000001', 'strict')$$);
SELECT vg.try($$INSERT INTO vg.t_policy VALUES ('1HGCM82643A004352', 'none')$$);
SELECT vg.try($$INSERT INTO vg.t_policy VALUES ('1HGCM82643A00435', 'none')$$);
SELECT * FROM vg.t_policy;

----------------------------------------------------------------------
-- normalize: text and varchar columns get the repaired canonical VIN
----------------------------------------------------------------------
CREATE TABLE vg.t_norm (id int, vin varchar(40), other text);
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON vg.t_norm
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'normalize');
INSERT INTO vg.t_norm VALUES
	(1, '1HGCM82633A004352', 'already canonical'),
	(2, ' 1hg-cm8.2633_a004/352 ', 'case, blanks, separators'),
	(3, '1HGCM82633AOO4352', 'letter O for zero'),
	(4, 'LGXCB4E2' || substr(:'lgx', 9, 1) || 'PI234567', 'letter I for one'),
	(5, NULL, 'null stays null');
SELECT id, vin, other FROM vg.t_norm ORDER BY id;
-- unrepairable: rejected like in reject mode
INSERT INTO vg.t_norm VALUES (6, '1HGCM82643A004352', 'check digit');
UPDATE vg.t_norm SET vin = 'wvw zzz1jzxw000001' WHERE id = 1;
SELECT id, vin FROM vg.t_norm WHERE id = 1;
-- canonical text takes a shortcut; the policy still decides: a European
-- VIN without check digit passes 'auto', not 'strict'; a canonical VIN
-- whose check digit is wrong is rejected
CREATE TABLE vg.t_norm_strict (id int, vin text);
CREATE TRIGGER guard BEFORE INSERT ON vg.t_norm_strict
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'normalize', 'strict');
INSERT INTO vg.t_norm VALUES (7, 'WVWZZZ1JZXW000001', 'auto: no check digit needed');
SELECT vg.try($$INSERT INTO vg.t_norm_strict VALUES (1, 'WVWZZZ1JZXW000001')$$);
INSERT INTO vg.t_norm_strict VALUES (2, '1HGCM82633A004352'), (3, :'lgx');
SELECT vg.try($$INSERT INTO vg.t_norm_strict VALUES (4, '1HGCM82633A004353')$$);
SELECT id, vin, other FROM vg.t_norm WHERE id = 7;
SELECT id, vin FROM vg.t_norm_strict ORDER BY id;

----------------------------------------------------------------------
-- vin columns: well formed by type, so only the check digit can fail
----------------------------------------------------------------------
CREATE TABLE vg.t_vin (id int, v vin);
CREATE TRIGGER guard BEFORE INSERT ON vg.t_vin
	FOR EACH ROW EXECUTE FUNCTION vin_guard('v', 'normalize', 'auto');
INSERT INTO vg.t_vin VALUES (1, '1hgcm82633a004352'), (2, 'WVWZZZ1JZXW000001'), (3, NULL);
SELECT vg.try($$INSERT INTO vg.t_vin VALUES (4, '1HGCM82643A004352')$$);
SELECT id, v FROM vg.t_vin ORDER BY id;

----------------------------------------------------------------------
-- quarantine
----------------------------------------------------------------------
SELECT vin_create_quarantine('vg.q');
\d vg.q
CREATE TABLE vg.t_q (id int, vin text, seen date);
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON vg.t_q
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'vg.q');
BEGIN;
INSERT INTO vg.t_q VALUES
	(1, '1hgcm82633a004352', '2025-06-30'),
	(2, '1HGCM82643A004352', '2025-06-30'),
	(3, 'not a vin', NULL),
	(4, '1HGCM8 2633AOO4352', '2025-07-01');
SELECT id, vin, seen FROM vg.t_q ORDER BY id;
SELECT source_table, row_data, jsonb_pretty(problems) AS problems,
	   rejected_at = now() AS rejected_now
FROM vg.q ORDER BY row_data ->> 'id';
COMMIT;
-- problems as vin_problems reports them
SELECT bool_and(q.problems = (SELECT jsonb_agg(to_jsonb(p)) FROM vin_problems(q.row_data ->> 'vin') AS p))
	AS problems_match_vin_problems
FROM vg.q;
-- an UPDATE to a bad value leaves the row as it was and quarantines the new one
UPDATE vg.t_q SET vin = '1HGCM82633A0043' WHERE id = 1;
SELECT id, vin FROM vg.t_q WHERE id = 1;
SELECT row_data FROM vg.q WHERE row_data ->> 'vin' = '1HGCM82633A0043';
-- the row keeps every column, whatever its type
SELECT (jsonb_populate_record(NULL::vg.t_q, row_data)).* FROM vg.q ORDER BY 1, 2;

-- COPY of 10,000 rows with 1 % bad: every good row loads, every bad row is
-- kept intact in quarantine, and nothing is lost
CREATE TABLE vg.t_copy (id int, vin text, price numeric, note text);
CREATE TRIGGER guard BEFORE INSERT ON vg.t_copy
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'vg.q');
CREATE TABLE vg.copy_src AS
SELECT i AS id,
	   CASE WHEN i % 100 = 0 THEN overlay(v PLACING '' FROM 5 FOR 1)	-- 1 %: too short
			WHEN i % 7 = 0 THEN lower(v)								-- repairable
			ELSE v END AS vin,
	   (i * 37 % 1000)::numeric / 10 AS price,
	   'row ' || i AS note
FROM (SELECT i, vin_with_check_digit('LGXCB4E2' || '0' || 'P' || lpad(i::text, 7, '0'))::text AS v
	  FROM generate_series(1, 10000) AS i) AS s;
COPY vg.copy_src TO '/tmp/zeromile_vin_guard_copy.data';
DELETE FROM vg.q;
COPY vg.t_copy FROM '/tmp/zeromile_vin_guard_copy.data';
SELECT (SELECT count(*) FROM vg.t_copy) AS loaded,
	   (SELECT count(*) FROM vg.q) AS quarantined,
	   (SELECT count(*) FROM vg.t_copy) + (SELECT count(*) FROM vg.q) = 10000 AS adds_up;
-- the quarantined rows are exactly the bad input rows, column for column
SELECT count(*) AS bad_rows_not_intact FROM (
	(SELECT * FROM vg.copy_src WHERE id % 100 = 0
	 EXCEPT SELECT (jsonb_populate_record(NULL::vg.t_copy, row_data)).* FROM vg.q)
	UNION ALL
	(SELECT (jsonb_populate_record(NULL::vg.t_copy, row_data)).* FROM vg.q
	 EXCEPT SELECT * FROM vg.copy_src WHERE id % 100 = 0)) AS d;
SELECT DISTINCT source_table, problems -> 0 ->> 'code' AS code FROM vg.q;
-- the good rows are loaded canonical
SELECT count(*) AS not_canonical FROM vg.t_copy WHERE vin <> upper(vin) OR length(vin) <> 17;

-- privileges: the INSERT into quarantine runs as the inserting user
CREATE ROLE regress_zm_guard_user;
GRANT USAGE ON SCHEMA vg TO regress_zm_guard_user;
GRANT INSERT, SELECT ON vg.t_q TO regress_zm_guard_user;
SET ROLE regress_zm_guard_user;
SELECT vg.try($$INSERT INTO vg.t_q VALUES (20, '1HGCM82633A004352', NULL)$$);
SELECT vg.try($$INSERT INTO vg.t_q VALUES (21, 'bad vin', NULL)$$);
RESET ROLE;
GRANT INSERT ON vg.q TO regress_zm_guard_user;
SET ROLE regress_zm_guard_user;
SELECT vg.try($$INSERT INTO vg.t_q VALUES (21, 'bad vin', NULL)$$);
RESET ROLE;
SELECT count(*) AS quarantined_by_user FROM vg.q WHERE row_data ->> 'id' = '21';

----------------------------------------------------------------------
-- argument errors, raised when the trigger first fires
----------------------------------------------------------------------
CREATE TABLE vg.t_args (id int, vin text, n int);
CREATE VIEW vg.a_view AS SELECT 1 AS x;
CREATE TABLE vg.q_missing (source_table text, row_data jsonb, problems jsonb);
CREATE TABLE vg.q_wrongtype (source_table text, row_data json, problems jsonb, rejected_at timestamptz);
CREATE FUNCTION vg.args_error(args text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
	EXECUTE 'CREATE TRIGGER g BEFORE INSERT ON vg.t_args FOR EACH ROW EXECUTE FUNCTION vin_guard(' || args || ')';
	r := vg.try($i$INSERT INTO vg.t_args VALUES (1, '1HGCM82633A004352', 1)$i$);
	EXECUTE 'DROP TRIGGER g ON vg.t_args';
	RETURN r;
END
$$;
SELECT args, vg.args_error(args) FROM (VALUES
	(''),
	('''vin'', ''reject'', ''auto'', ''vg.q'', ''extra'''),
	('''nosuch'''),
	('''VIN'''),
	('''ctid'''),
	('''n'''),
	('''vin'', ''repair'''),
	('''vin'', ''reject'', ''europe'''),
	('''vin'', ''quarantine'''),
	('''vin'', ''quarantine'', ''auto'', ''vg.nosuch'''),
	('''vin'', ''quarantine'', ''auto'', ''q'''),
	('''vin'', ''quarantine'', ''auto'', ''nosuch'''),
	('''vin'', ''quarantine'', ''auto'', ''nosuchschema.q'''),
	('''vin'', ''quarantine'', ''auto'', ''vg.a_view'''),
	('''vin'', ''quarantine'', ''auto'', ''vg.q_missing'''),
	('''vin'', ''quarantine'', ''auto'', ''vg.q_wrongtype'''),
	('''vin'', ''quarantine'', ''auto'', ''vg.t_args'''),
	('''vin'', ''quarantine'', ''auto'', ''vg."q'''),
	('''vin'', ''quarantine'', ''auto'', '''''),
	('''vin'', ''normalize'', ''auto'', ''vg.q'''),
	('''vin'', ''QUARANTINE'', ''Strict'', ''vg.q''')
) AS a(args);

-- wrong firing: AFTER, FOR EACH STATEMENT, DELETE
CREATE TRIGGER g_after AFTER INSERT ON vg.t_args
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
SELECT vg.try($$INSERT INTO vg.t_args VALUES (1, '1HGCM82633A004352', 1)$$);
DROP TRIGGER g_after ON vg.t_args;
CREATE TRIGGER g_stmt BEFORE INSERT ON vg.t_args
	FOR EACH STATEMENT EXECUTE FUNCTION vin_guard('vin');
SELECT vg.try($$INSERT INTO vg.t_args VALUES (1, '1HGCM82633A004352', 1)$$);
DROP TRIGGER g_stmt ON vg.t_args;
CREATE TRIGGER g_del BEFORE DELETE ON vg.t_args
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
SELECT vg.try($$DELETE FROM vg.t_args$$);
DROP TRIGGER g_del ON vg.t_args;

-- quoted, qualified quarantine names resolve through the catalogue
CREATE SCHEMA "VG Other";
SELECT vin_create_quarantine('"VG Other"."Bad Rows"');
CREATE TRIGGER g BEFORE INSERT ON vg.t_args
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', '"VG Other"."Bad Rows"');
INSERT INTO vg.t_args VALUES (2, '1HGCM82643A004352', 2);
SELECT source_table, row_data FROM "VG Other"."Bad Rows";
DROP TRIGGER g ON vg.t_args;

-- a partitioned table: the quarantine names the table rows were meant
-- for, through which they can be put back, not the partition
CREATE TABLE vg.t_part (id int, vin text) PARTITION BY RANGE (id);
CREATE TABLE vg.t_part_1 PARTITION OF vg.t_part FOR VALUES FROM (0) TO (100);
CREATE TRIGGER g BEFORE INSERT ON vg.t_part
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', '"VG Other"."Bad Rows"');
TRUNCATE "VG Other"."Bad Rows";
INSERT INTO vg.t_part VALUES (1, 'lsja24u62jg269225'), (2, '1HGCM82643A004352');
INSERT INTO vg.t_part_1 VALUES (3, '1HGCM82643A004352');
SELECT id, vin FROM vg.t_part ORDER BY id;
SELECT source_table, row_data FROM "VG Other"."Bad Rows" ORDER BY row_data ->> 'id';

----------------------------------------------------------------------
-- vin_create_quarantine errors; an unqualified name goes where CREATE
-- TABLE would put it
----------------------------------------------------------------------
SELECT vg.try($$SELECT vin_create_quarantine('vg.q')$$);
SELECT vg.try($$SELECT vin_create_quarantine('')$$);
SELECT vg.try($$SELECT vin_create_quarantine('nosuchschema.q')$$);
SELECT vg.try($$SELECT vin_create_quarantine('a.b.c.d')$$);
SELECT vg.try($$SELECT vin_create_quarantine('"unterminated')$$);
SELECT vin_create_quarantine('unqualified_q')::text;
SELECT vin_create_quarantine(NULL) IS NULL AS strict;

RESET search_path;
DROP SCHEMA vg CASCADE;
DROP SCHEMA "VG Other" CASCADE;
DROP ROLE regress_zm_guard_user;
