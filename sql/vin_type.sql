--
-- The vin type: input, output, errors, casts, operators, operator classes
--
SELECT setseed(0.17);

-- Input: upper-cased, surrounding whitespace ignored, check digit not enforced
SELECT 'LSJA24U62JG269225'::vin AS upper_case,
       'lsja24u62jg269225'::vin AS lower_case,
       E' \t1m8gdm9axkp042788\n '::vin AS trimmed,
       'WVWZZZ1JZXW000001'::vin AS european_no_check_digit,
       'ZZZZZZZZZZZZZZZZZ'::vin AS highest,
       '00000000000000000'::vin AS lowest;

-- Every character of the alphabet survives a round trip at every position
SELECT count(*) AS round_trips_failed
FROM (SELECT repeat(substr(a, i, 1), 17) AS s
      FROM (VALUES ('0123456789ABCDEFGHJKLMNPRSTUVWXYZ')) x(a),
           generate_series(1, 33) i) y
WHERE s::vin::text <> s;

-- Errors: 22P02 with what and where
\set VERBOSITY default
SELECT ''::vin;
SELECT '   '::vin;
SELECT 'LSJA24U62JG26922'::vin;
SELECT 'LSJA24U62JG2692250'::vin;
SELECT 'LSJA24U62JGO69225'::vin;
SELECT 'lsja24u62jgo69225'::vin;
SELECT 'LSJA24U62JGQ69225'::vin;
SELECT 'LSJA24U62JG2I9225'::vin;
SELECT 'LSJ-A24U62JG26922'::vin;
SELECT 'LSJA 24U62JG26922'::vin;
SELECT 'LSJA24U62JG2€9225'::vin;
SELECT '车LSJA24U62JG26922'::vin;
SELECT E'LSJA24U62JG2\t9225'::vin;
SELECT 'LSJA24U62JG2*9225'::vin;
-- a bad character is reported even when the length is wrong too
SELECT 'LSJA24U62JGO6922'::vin;
-- the SQLSTATE
SELECT 'LSJA24U62JG26922'::vin;
\echo :LAST_ERROR_SQLSTATE

-- Casts: text and varchar to vin by assignment, vin to text and varchar implicitly
CREATE TABLE vt_cast (v vin);
INSERT INTO vt_cast VALUES ('lsja24u62jg269225'::text), ('1M8GDM9AXKP042788'::varchar);
INSERT INTO vt_cast VALUES ('LSJA24U62JG26922'::text);
SELECT v, length(v) AS implicit_text, v || '!' AS concatenated,
       v::varchar(20) AS as_varchar, pg_typeof(v::varchar) AS varchar_type,
       upper(v) = v::text AS canonical
FROM vt_cast ORDER BY v;
SELECT pg_column_size(v) AS stored_bytes FROM vt_cast LIMIT 1;
SELECT vin('lsja24u62jg269225'), text('LSJA24U62JG269225'::vin);
-- text -> vin is not implicit: a text argument does not silently become a vin
CREATE FUNCTION vt_takes_vin(vin) RETURNS text LANGUAGE sql AS 'SELECT $1::text';
-- (terse: the error alone; 19 moved "No function matches..." from HINT to DETAIL)
\set VERBOSITY terse
SELECT vt_takes_vin('LSJA24U62JG269225'::text);
\set VERBOSITY default
SELECT vt_takes_vin('LSJA24U62JG269225');
DROP FUNCTION vt_takes_vin(vin);
DROP TABLE vt_cast;

-- Operators on two vins
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le,
       a > b AS gt, a >= b AS ge, vin_cmp(a, b) AS cmp
FROM (VALUES ('LSJA24U62JG269225'::vin, 'lsja24u62jg269225'::vin),
             ('LSJA24U62JG269225', 'LSJA24U62JG269226'),
             ('LSJA24U62JG26922Z', 'LSJA24U62JG269226'),
             ('1M8GDM9AXKP042788', 'LSJA24U62JG269225')) t(a, b);

-- Operators between vin and text: text is taken as the VIN it casts to
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le,
       a > b AS gt, a >= b AS ge, vin_text_cmp(a, b) AS cmp
FROM (VALUES ('LSJA24U62JG269225'::vin, ' lsja24u62jg269225 '::text),
             ('LSJA24U62JG269225', 'LSJA24U62JG269226'),
             ('LSJA24U62JG269225', 'LSJA'),
             ('LSJA24U62JG269225', 'LSJB'),
             ('LSJA24U62JG269225', 'not a vin'),
             ('LSJA24U62JG269225', '')) t(a, b);
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le,
       a > b AS gt, a >= b AS ge, text_vin_cmp(a, b) AS cmp
FROM (VALUES (' lsja24u62jg269225 '::text, 'LSJA24U62JG269225'::vin),
             ('LSJA24U62JG269226', 'LSJA24U62JG269225'),
             ('LSJA', 'LSJA24U62JG269225'),
             ('not a vin', 'LSJA24U62JG269225')) t(a, b);
SELECT a, b, a #=# b AS eq, a #<># b AS ne, a #<# b AS lt, a #<=# b AS le,
       a #># b AS gt, a #>=# b AS ge, text_as_vin_cmp(a, b) AS cmp
FROM (VALUES ('lsja24u62jg269225'::text, 'LSJA24U62JG269225 '::text),
             ('LSJA24U62JG269225', 'LSJA24U62JG269226'),
             ('LSJA24U62JG269225', 'LSJA'),
             ('abc', 'ABC'),
             ('', 'LSJA24U62JG269225')) t(a, b);
-- which operator a mixed comparison resolves to
SELECT 'LSJA24U62JG269225'::vin = 'lsja24u62jg269225'::varchar AS vin_eq_varchar,
       'lsja24u62jg269225'::varchar = 'LSJA24U62JG269225'::vin AS varchar_eq_vin,
       'LSJA24U62JG269225'::vin = 'lsja24u62jg269225' AS vin_eq_unknown;
-- an unknown literal is taken as a vin, and must be one
SELECT 'LSJA24U62JG269225'::vin = 'not a vin';

-- Operator classes are complete and valid
SELECT opc.opcname, am.amname, amvalidate(opc.oid) AS valid
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opc.opcintype = 'vin'::regtype ORDER BY 1;

-- Sort order equals the text's order under the C collation, over many
-- VINs: random ones, and one maker's (shared first 8 characters), enough
-- rows for abbreviated keys to be used
-- (random() is called in a fixed order, in a materialized scan: called in
-- an aggregate's argument, the order of its calls follows the plan, hash
-- aggregation spilling to disk or not, and the data would differ between
-- PostgreSQL versions)
CREATE TABLE vt_sort AS
WITH r AS MATERIALIZED (
	SELECT i, substr('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 1 + floor(random() * 33)::int, 1) AS c
	FROM generate_series(0, 60000 * 17 + 60000 * 9 - 1) i)
SELECT vin(string_agg(c, '' ORDER BY i)) AS v
FROM r WHERE i < 60000 * 17
GROUP BY i / 17
UNION ALL
SELECT vin('LSJA24U6' || string_agg(c, '' ORDER BY i))
FROM r WHERE i >= 60000 * 17
GROUP BY (i - 60000 * 17) / 9;
SELECT count(*) AS rows, count(DISTINCT v) > 100000 AS mostly_distinct FROM vt_sort;
SET work_mem = '64MB';
SELECT (SELECT array_agg(v::text ORDER BY v) FROM vt_sort) =
       (SELECT array_agg(v::text ORDER BY v::text COLLATE "C") FROM vt_sort) AS in_memory_sort_matches;
SET work_mem = '1MB';
SELECT (SELECT array_agg(v::text ORDER BY v DESC) FROM vt_sort) =
       (SELECT array_agg(v::text ORDER BY v::text COLLATE "C" DESC) FROM vt_sort) AS external_sort_matches;
RESET work_mem;

-- Indexes
CREATE INDEX vt_sort_btree ON vt_sort (v);
ANALYZE vt_sort;
INSERT INTO vt_sort VALUES ('LSJA24U62JG269225'), ('LSJA24U62JG269225');
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM vt_sort WHERE v = 'LSJA24U62JG269225';
SELECT count(*) FROM vt_sort WHERE v = 'lsja24u62jg269225';
EXPLAIN (COSTS OFF) SELECT * FROM vt_sort WHERE v >= 'LSJA24U62JG269225' AND v < 'LSJA24U62JG26922Z';
-- an index-ordered scan returns C-collation order
SELECT (SELECT array_agg(v::text) FROM (SELECT v FROM vt_sort ORDER BY v LIMIT 5000) s) =
       (SELECT array_agg(t) FROM (SELECT v::text AS t FROM vt_sort ORDER BY v::text COLLATE "C" LIMIT 5000) s)
       AS index_order_matches;
-- a varchar parameter, as JDBC sends strings, uses the btree index
PREPARE vt_by_varchar(varchar) AS SELECT count(*) FROM vt_sort WHERE v = $1;
EXPLAIN (COSTS OFF) EXECUTE vt_by_varchar('lsja24u62jg269225');
EXECUTE vt_by_varchar('lsja24u62jg269225');
EXECUTE vt_by_varchar('not a vin');
PREPARE vt_by_text(text) AS SELECT count(*) FROM vt_sort WHERE v = $1;
EXPLAIN (COSTS OFF) EXECUTE vt_by_text('LSJA24U62JG269225');
EXECUTE vt_by_text(' LSJA24U62JG269225 ');
-- a generic plan, as a driver's fifth execution gets, uses it too
SET plan_cache_mode = force_generic_plan;
PREPARE vt_generic(varchar) AS SELECT count(*) FROM vt_sort WHERE v = $1;
EXPLAIN (COSTS OFF) EXECUTE vt_generic('LSJA24U62JG269225');
EXECUTE vt_generic('LSJA24U62JG269225');
RESET plan_cache_mode;
DROP INDEX vt_sort_btree;
CREATE INDEX vt_sort_hash ON vt_sort USING hash (v);
EXPLAIN (COSTS OFF) SELECT * FROM vt_sort WHERE v = 'LSJA24U62JG269225';
SELECT count(*) FROM vt_sort WHERE v = 'LSJA24U62JG269225';
DROP INDEX vt_sort_hash;
RESET enable_seqscan;
RESET enable_bitmapscan;
DEALLOCATE ALL;

-- btree deduplication is allowed (equalimage)
CREATE INDEX vt_sort_dedup ON vt_sort (v);
SELECT amname, opcname, amproc::regproc
FROM pg_amproc p JOIN pg_opfamily f ON f.oid = p.amprocfamily
JOIN pg_am a ON a.oid = f.opfmethod JOIN pg_opclass c ON c.opcfamily = f.oid
WHERE c.opcintype = 'vin'::regtype AND amprocnum = 4 AND amproclefttype = 'vin'::regtype;

-- UNIQUE constraints
CREATE TABLE vt_unique (v vin UNIQUE);
INSERT INTO vt_unique VALUES ('LSJA24U62JG269225');
INSERT INTO vt_unique VALUES ('lsja24u62jg269225');
DROP TABLE vt_unique;

-- Joins, grouping, DISTINCT
-- (vt_a: an arbitrary but fixed subset, vt_sort's physical order is the
-- plan's; INSERT, not CREATE TABLE AS, which fills pages differently from
-- version to version, and the planner's choice of hash side with them)
CREATE TABLE vt_a (v vin);
INSERT INTO vt_a SELECT v FROM vt_sort WHERE v < 'L'::text ORDER BY md5(v::text) LIMIT 3000;
CREATE TABLE vt_b (v vin, t text);
INSERT INTO vt_b SELECT v, v::text AS t FROM vt_sort WHERE v < 'L'::text ORDER BY v DESC LIMIT 3000;
ANALYZE vt_a;
ANALYZE vt_b;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM vt_a JOIN vt_b USING (v);
SELECT count(*) AS hash_join,
       count(*) = (SELECT count(*) FROM vt_a, vt_b WHERE vt_a.v::text = vt_b.v::text) AS matches_text_join
FROM vt_a JOIN vt_b USING (v);
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM vt_a JOIN vt_b USING (v);
SELECT count(*) AS merge_join,
       count(*) = (SELECT count(*) FROM vt_a, vt_b WHERE vt_a.v::text = vt_b.v::text) AS matches_text_join
FROM vt_a JOIN vt_b USING (v);
-- a merge join of vin with text, through the cross-type operator
EXPLAIN (COSTS OFF) SELECT count(*) FROM vt_a JOIN vt_b ON vt_a.v = vt_b.t;
SELECT count(*) AS merge_join_vin_text,
       count(*) = (SELECT count(*) FROM vt_a, vt_b WHERE vt_a.v::text = vt_b.t) AS matches_text_join
FROM vt_a JOIN vt_b ON vt_a.v = vt_b.t;
RESET enable_hashjoin;
-- a hash join of vin with text, through the cross-type hash family
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM vt_a JOIN vt_b ON vt_a.v = lower(vt_b.t);
SELECT count(*) AS hash_join_vin_text,
       count(*) = (SELECT count(*) FROM vt_a, vt_b WHERE vt_a.v::text = vt_b.t) AS matches_text_join
FROM vt_a JOIN vt_b ON vt_a.v = lower(vt_b.t);
RESET enable_mergejoin;
RESET enable_nestloop;
SET enable_indexscan = off;
SET enable_indexonlyscan = off;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT v, count(*) FROM vt_sort GROUP BY v;
SELECT count(*) AS hash_groups, sum(n) AS rows FROM (SELECT v, count(*) AS n FROM vt_sort GROUP BY v) g;
RESET enable_sort;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT DISTINCT v FROM vt_sort;
SELECT count(*) AS sorted_distinct FROM (SELECT DISTINCT v FROM vt_sort) d;
RESET enable_hashagg;
RESET enable_indexscan;
RESET enable_indexonlyscan;
SELECT count(DISTINCT v::text) AS text_distinct FROM vt_sort;
SELECT v, count(*) FROM vt_sort GROUP BY v HAVING count(*) > 1 ORDER BY v;
DROP TABLE vt_a, vt_b;

-- Pinned hash values: hash indexes, hash partitions and Citus shards
-- depend on them, so they must never change
SELECT v, vin_hash(v), vin_hash_extended(v, 0) AS ext0, vin_hash_extended(v, 42) AS ext42
FROM (VALUES ('00000000000000000'::vin), ('LSJA24U62JG269225'), ('1M8GDM9AXKP042788'),
             ('WVWZZZ1JZXW000001'), ('ZZZZZZZZZZZZZZZZZ')) t(v);
-- text hashes like the vin it casts to, whatever its case and blanks
SELECT count(*) AS text_hash_disagreeing
FROM vt_sort
WHERE vin_hash(v) <> text_as_vin_hash(' ' || lower(v) || ' ')
   OR vin_hash_extended(v, 7) <> text_as_vin_hash_extended(lower(v), 7);
SELECT text_as_vin_hash('not a vin') = hashtext('not a vin') AS non_vin_text_hash_is_its_own,
       text_as_vin_hash('not a vin') <> text_as_vin_hash('NOT A VIN') AS non_vin_text_is_case_sensitive;
-- the extended hash with seed 0 agrees with the standard one in its low bits
SELECT count(*) AS disagreeing
FROM vt_sort WHERE vin_hash(v) <> (vin_hash_extended(v, 0) & x'ffffffff'::bigint)::bit(32)::int;

-- Hash partitioning
CREATE TABLE vt_part (v vin, n int) PARTITION BY HASH (v);
CREATE TABLE vt_part_0 PARTITION OF vt_part FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE vt_part_1 PARTITION OF vt_part FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE vt_part_2 PARTITION OF vt_part FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO vt_part VALUES ('00000000000000000', 1), ('LSJA24U62JG269225', 2),
    ('1M8GDM9AXKP042788', 3), ('WVWZZZ1JZXW000001', 4), ('ZZZZZZZZZZZZZZZZZ', 5);
SELECT tableoid::regclass AS partition, v FROM vt_part ORDER BY n;
EXPLAIN (COSTS OFF) SELECT * FROM vt_part WHERE v = 'LSJA24U62JG269225';
SELECT n FROM vt_part WHERE v = 'LSJA24U62JG269225';
DROP TABLE vt_part;

-- Binary COPY round trip, and binary input validated like text input
\set SHOW_CONTEXT never
CREATE TABLE vt_bin (v vin);
CREATE TABLE vt_bin_copy (v vin);
CREATE TABLE vt_bin_src (t text);
CREATE FUNCTION vt_copy_through_file(src text, dst text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/zeromile_vin_type_' || pg_backend_pid() || '.bin';
BEGIN
	EXECUTE format('COPY %I TO %L (FORMAT binary)', src, f);
	EXECUTE format('COPY %I FROM %L (FORMAT binary)', dst, f);
END
$$;
INSERT INTO vt_bin SELECT v FROM vt_sort;
SELECT vt_copy_through_file('vt_bin', 'vt_bin_copy');
SELECT (SELECT count(*) FROM vt_bin) AS copied,
       (SELECT count(*) FROM (SELECT v FROM vt_bin EXCEPT ALL SELECT v FROM vt_bin_copy) d) AS lost,
       (SELECT count(*) FROM (SELECT v FROM vt_bin_copy EXCEPT ALL SELECT v FROM vt_bin) d) AS added;
SELECT vin_send('LSJA24U62JG269225');
-- a text column's binary form is its bytes, so it feeds vin_recv any bytes
INSERT INTO vt_bin_src VALUES (' lsja24u62jg269225 ');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
SELECT count(*) FROM vt_bin_copy WHERE v = 'LSJA24U62JG269225';
TRUNCATE vt_bin_src;
INSERT INTO vt_bin_src VALUES ('LSJA24U62JG2692');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
TRUNCATE vt_bin_src;
INSERT INTO vt_bin_src VALUES ('LSJA24U62JGO69225');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
TRUNCATE vt_bin_src;
INSERT INTO vt_bin_src VALUES ('LSJA24U62JG2€9225');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
TRUNCATE vt_bin_src;
INSERT INTO vt_bin_src VALUES (E'LSJA24U62JG26922\n');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
TRUNCATE vt_bin_src;
INSERT INTO vt_bin_src VALUES (E'LSJA24U62JG2\x019225');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
TRUNCATE vt_bin_src;
INSERT INTO vt_bin_src VALUES ('');
SELECT vt_copy_through_file('vt_bin_src', 'vt_bin_copy');
\set SHOW_CONTEXT errors
DROP FUNCTION vt_copy_through_file(text, text);
DROP TABLE vt_bin, vt_bin_copy, vt_bin_src, vt_sort;
