-- LIKE on vin and starts_with(vin, text), index-backed (issue 11, part 3).
-- Every pattern gives the same rows through the index range scan, a
-- bitmap scan and a sequential scan, and the same as the oracle: the
-- vin's text against the pattern upper-cased (after its ESCAPE character is
-- applied), LIKE under the C collation.
-- 20,000 VINs from a hash of (i, p) rather than random(), so that every
-- PostgreSQL version and plan makes the same ones
CREATE TABLE bl (vin vin PRIMARY KEY);
INSERT INTO bl
SELECT DISTINCT vin_with_check_digit(string_agg(substr('0123456789ABCDEFGHJKLMNPRSTUVWXYZ',
						1 + (abs(hashint8(i * 100 + p)) % CASE WHEN p <= 2 THEN 4 ELSE 33 END)::int, 1),
					'' ORDER BY p))
FROM generate_series(1::bigint, 20000) i, generate_series(1, 17) p
GROUP BY i;
-- and the bounds of the ranges themselves: the least VIN of a prefix, the
-- least of the next one (excluded), the last before H's successor J.
INSERT INTO bl VALUES ('LSJA24U62JG269225'), ('ZZZZZZZZZZZZZZZZZ'), ('00000000000000000'),
	('0123A24U62JG26922'), ('LSJ00000000000000'), ('LSK00000000000000'),
	('LSHZZZZZZZZZZZZZZ'), ('01Z00000000000000'), ('01ZZZZZZZZZZZZZZZ'),
	('02000000000000000') ON CONFLICT DO NOTHING;
ANALYZE bl;
CREATE TABLE bl_pat (pat text, esc text);
INSERT INTO bl_pat VALUES
	('LSJ%', NULL), ('lsj%', NULL), ('01%', NULL), ('012%', NULL), ('0_2%', NULL),
	('01_3%', NULL), ('%225', NULL), ('%', NULL), ('', NULL), ('0%5', NULL),
	('LSJA24U62JG269225', NULL), ('lsja24u62jg269225', NULL),
	('LSJA24U62JG26922_', NULL), ('LSJA24U62JG2692', NULL),
	('LSJA24U62JG2692250', NULL), ('LSI%', NULL), ('LSO%', NULL),
	('Z%', NULL), ('ZZZZZZZZZZZZZZZZZ', NULL), ('9%', NULL), ('0%', NULL),
	('L\SJ%', NULL), ('LSJ\%%', NULL), ('01\_%', NULL), ('0 %', NULL),
	('01#_%', '#'), ('0#1%', '#'), ('x0x1%', 'x'), ('01%', ''),
	('LSH%', NULL), ('LSK%', NULL), ('01Z%', NULL), ('01Z%%', NULL), ('01ZZZZZZZZZZZZZZ%', NULL),
	('ZZZZZZZZZZZZZZZZ%', NULL), ('01Y%', NULL),
	-- issue 22 (7): 17 characters then a trailing escape match nothing
	-- (text LIKE's answer against 17 characters), no equality
	('LSJA24U62JG269225\', NULL), ('lsja24u62jg269225\', NULL),
	('LSJA24U62JG269225x', 'x'), ('ZZZZZZZZZZZZZZZZZ#', '#');

-- expected: no rows (each scan, each pattern, against the oracle).  Each
-- query is run with its pattern written out: the support function sees a
-- constant only then (a pattern passed as a parameter has no index
-- condition, and every "index" scan would be a sequential one).
CREATE FUNCTION bl_query(p text, e text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT format('SELECT vin::text FROM bl WHERE vin LIKE %L', p)
		|| CASE WHEN e IS NULL THEN '' ELSE format(' ESCAPE %L', e) END
$$;
CREATE TABLE bl_result (scan text, pat text, esc text, vin text);
CREATE PROCEDURE bl_collect(scan text) LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	FOR r IN SELECT pat, esc FROM bl_pat LOOP
		EXECUTE format('INSERT INTO bl_result SELECT %L, %L, %L, vin FROM (%s) q',
					   scan, r.pat, r.esc, bl_query(r.pat, r.esc));
	END LOOP;
END
$$;
SET enable_seqscan = off; SET enable_bitmapscan = off;
CALL bl_collect('index');
SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = on;
CALL bl_collect('bitmap');
RESET enable_seqscan; SET enable_bitmapscan = off;
CALL bl_collect('seq');
RESET enable_indexscan; RESET enable_indexonlyscan; RESET enable_bitmapscan;
WITH oracle AS (
	SELECT pat, esc, vin::text
	FROM bl, bl_pat
	WHERE upper(vin::text) LIKE upper(CASE WHEN esc IS NULL THEN pat
									   ELSE like_escape(pat, esc) END) COLLATE "C"
)
SELECT s.scan, p.pat, p.esc,
	   (SELECT count(*) FROM oracle o WHERE o.pat = p.pat AND o.esc IS NOT DISTINCT FROM p.esc) AS oracle,
	   (SELECT count(*) FROM bl_result r WHERE r.scan = s.scan AND r.pat = p.pat AND r.esc IS NOT DISTINCT FROM p.esc) AS got
FROM bl_pat p, (VALUES ('index'), ('bitmap'), ('seq')) s(scan)
WHERE EXISTS (SELECT vin FROM oracle o WHERE o.pat = p.pat AND o.esc IS NOT DISTINCT FROM p.esc
			  EXCEPT SELECT vin FROM bl_result r WHERE r.scan = s.scan AND r.pat = p.pat AND r.esc IS NOT DISTINCT FROM p.esc)
   OR EXISTS (SELECT vin FROM bl_result r WHERE r.scan = s.scan AND r.pat = p.pat AND r.esc IS NOT DISTINCT FROM p.esc
			  EXCEPT SELECT vin FROM oracle o WHERE o.pat = p.pat AND o.esc IS NOT DISTINCT FROM p.esc);
-- not vacuous: how many patterns match something, and rows in all
SELECT count(DISTINCT (pat, esc)) AS patterns_matching, count(*) AS rows_found
FROM bl_result WHERE scan = 'index';

-- NOT LIKE is the complement; starts_with takes its prefix literally.
SELECT count(*) FILTER (WHERE vin NOT LIKE '01%') + count(*) FILTER (WHERE vin LIKE '01%')
	   = count(*) AS complement,
	   count(*) FILTER (WHERE starts_with(vin, '01')) = count(*) FILTER (WHERE vin LIKE '01%') AS starts_with_01,
	   count(*) FILTER (WHERE starts_with(vin, 'lsja24')) AS starts_with_lower,
	   count(*) FILTER (WHERE starts_with(vin, '01%')) AS starts_with_percent,
	   count(*) FILTER (WHERE starts_with(vin, 'LSJA24U62JG2692250')) AS starts_with_long,
	   count(*) FILTER (WHERE starts_with(vin, '')) = count(*) AS starts_with_empty
FROM bl;
-- A pattern ending with the escape character is LIKE's own error.
SELECT count(*) FROM bl WHERE vin LIKE '01\';
\echo :LAST_ERROR_SQLSTATE

-- Issue 22 (7): a trailing escape character answers the same on every
-- plan: no rows after 17 characters (it was an equality through the
-- index), the error wherever the characters before it match a vin's start.
CREATE FUNCTION bl_try(p text, e text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE 'SELECT count(*) FROM (' || bl_query(p, e) || ') q' INTO n;
	RETURN n::text;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE;
END
$$;
CREATE TABLE bl_escape (pat text, esc text);
INSERT INTO bl_escape VALUES ('LSJA24U62JG269225\', NULL), ('LSJA24U62JG269225x', 'x'),
	('LSJA24U62JG26922\', NULL), ('LSJA24U62JG26922x', 'x'), ('LSJA24U62JG26923\', NULL),
	('LSJA24U62JG2692250\', NULL);
CREATE TABLE bl_escape_result (scan text, pat text, esc text, result text);
SET enable_seqscan = off; SET enable_bitmapscan = off;
INSERT INTO bl_escape_result SELECT 'index', pat, esc, bl_try(pat, esc) FROM bl_escape;
SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = on;
INSERT INTO bl_escape_result SELECT 'bitmap', pat, esc, bl_try(pat, esc) FROM bl_escape;
RESET enable_seqscan; SET enable_bitmapscan = off;
INSERT INTO bl_escape_result SELECT 'seq', pat, esc, bl_try(pat, esc) FROM bl_escape;
RESET enable_indexscan; RESET enable_indexonlyscan; RESET enable_bitmapscan;
SELECT pat, esc, string_agg(scan || ' ' || result, ', ' ORDER BY scan) AS results
FROM bl_escape_result GROUP BY pat, esc ORDER BY pat, esc;

-- The plans: an index range on the prefix, the LIKE rechecked; an exact
-- 17-character pattern is an equality; no prefix, no index condition.
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'LSJ%';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'lsj_2%';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'lsja24u62jg269225';
-- with a trailing escape: the one VIN's range, rechecked
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'lsja24u62jg269225\';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'ZZ%';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'LSH%';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE '01Z%';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'L\S#%' ESCAPE '#';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE starts_with(vin, 'lsj');
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE '%225';
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin LIKE 'LSI%';
-- A text column is untouched: pg_catalog's LIKE and starts_with.
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin::text LIKE 'LSJ%';
-- vin_wmi(vin) = 'LSJ' is indexed by an expression index on vin_wmi(vin).
CREATE INDEX bl_wmi ON bl (vin_wmi(vin));
ANALYZE bl;
EXPLAIN (COSTS OFF) SELECT vin FROM bl WHERE vin_wmi(vin) = 'LSJ';
SELECT vin FROM bl WHERE vin_wmi(vin) = 'LSJ';
-- The catalogue: the operators' negators, estimators and support.
SELECT o.oprname, o.oprcode, o.oprnegate::regoperator, o.oprrest, o.oprjoin, p.prosupport,
	   p.provolatile, p.proparallel, p.proisstrict
FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
WHERE o.oprleft = 'vin'::regtype AND o.oprname IN ('~~', '!~~') ORDER BY 1;
SELECT p.oid::regprocedure, p.prosupport, p.provolatile, p.proparallel
FROM pg_proc p WHERE proname = 'starts_with' AND pronamespace <> 'pg_catalog'::regnamespace;
DROP FUNCTION bl_try(text, text);
DROP PROCEDURE bl_collect(text);
DROP FUNCTION bl_query(text, text);
DROP TABLE bl, bl_pat, bl_result, bl_escape, bl_escape_result;
