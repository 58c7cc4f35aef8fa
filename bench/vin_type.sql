-- Benchmark of the vin type (make bench).
--
-- (a) text -> vin vs text -> uuid casts over 2M strings, as cost per row
--     above each one's scan floor;
-- (b) ORDER BY and CREATE INDEX over 1M VINs stored as vin, as text with
--     COLLATE "C" and as text with an ICU collation;
-- (c) the index sizes.
-- Targets: (a) vin <= 1.0x uuid; (b) vin <= 1.0x text "C" and <= 0.5x ICU;
-- (c) vin index <= 0.8x the text index.
SET max_parallel_workers_per_gather = 0;
SET max_parallel_maintenance_workers = 0;
SET jit = off;
SELECT setseed(0.25) \gset

-- Realistic VINs: a few dozen makers, each with few model codes, so many
-- values share their first 8 characters as real fleets do.
CREATE TABLE bv_makers AS
SELECT row_number() OVER () AS m, wmi || vds AS prefix
FROM (VALUES ('LGX'), ('LSV'), ('LFV'), ('LSG'), ('LVS'), ('LGW'), ('L6T'), ('LRW'),
             ('1G1'), ('1FA'), ('5YJ'), ('WBA'), ('WVW'), ('JHM'), ('KMH'), ('VF1')) w(wmi),
     (VALUES ('AB12C'), ('CD34E'), ('FG56H'), ('JK78L')) d(vds);

CREATE TABLE bv_strings AS
SELECT k.prefix
	|| substr('0123456789X', 1 + floor(random() * 11)::int, 1)
	|| substr('LMNPRS', 1 + floor(random() * 6)::int, 1)
	|| substr('ABCDEFGH', 1 + floor(random() * 8)::int, 1)
	|| lpad(floor(random() * 1000000)::int::text, 6, '0') AS t,
	gen_random_uuid()::text AS u
FROM (SELECT 1 + floor(random() * 64)::int AS m FROM generate_series(1, 2000000)) r
JOIN bv_makers k USING (m);
VACUUM ANALYZE bv_strings;

\echo
\echo (a) casting 2M strings: cost per row above the scan floor
\o /dev/null
SELECT bench_compare('cast',
	ARRAY['text scan floor', 'text -> vin', 'uuid-text scan floor', 'text -> uuid'],
	ARRAY['SELECT count(t) FROM bv_strings', 'SELECT count(t::vin) FROM bv_strings',
	      'SELECT count(u) FROM bv_strings', 'SELECT count(u::uuid) FROM bv_strings']);
\o
SELECT * FROM bench_report('cast', 'text -> uuid');
SELECT round(((v.ms - vf.ms) / (u.ms - uf.ms))::numeric, 2)
	AS "vin cast cost above floor / uuid's (target <= 1.0)"
FROM bench_result v, bench_result vf, bench_result u, bench_result uf
WHERE v.label = 'text -> vin' AND vf.label = 'text scan floor'
  AND u.label = 'text -> uuid' AND uf.label = 'uuid-text scan floor';

CREATE TABLE bv_vin AS SELECT t::vin AS v FROM bv_strings LIMIT 1000000;
CREATE TABLE bv_text_c AS SELECT v::text COLLATE "C" AS v FROM bv_vin;
CREATE TABLE bv_text_icu AS SELECT v::text COLLATE "en-US-x-icu" AS v FROM bv_vin;
VACUUM ANALYZE bv_vin;
VACUUM ANALYZE bv_text_c;
VACUUM ANALYZE bv_text_icu;

\echo
\echo (b) ORDER BY over 1M VINs (target: vin <= 1.0x text "C", <= 0.5x ICU)
\o /dev/null
SELECT bench_compare('order', ARRAY['vin', 'text COLLATE "C"', 'text COLLATE "en-US-x-icu"'],
	ARRAY['SELECT v FROM bv_vin ORDER BY v OFFSET 1000000',
	      'SELECT v FROM bv_text_c ORDER BY v OFFSET 1000000',
	      'SELECT v FROM bv_text_icu ORDER BY v OFFSET 1000000']);
\o
SELECT * FROM bench_report('order', 'text COLLATE "C"');

-- One maker's VINs: the first 8 characters shared by all
CREATE TABLE bv_one_maker AS
SELECT ('LSVAB12C' || substr('0123456789X', 1 + floor(random() * 11)::int, 1)
	|| substr('LMNPRS', 1 + floor(random() * 6)::int, 1)
	|| substr('ABCDEFGH', 1 + floor(random() * 8)::int, 1)
	|| lpad(floor(random() * 1000000)::int::text, 6, '0'))::vin AS v
FROM generate_series(1, 1000000);
CREATE TABLE bv_one_maker_c AS SELECT v::text COLLATE "C" AS v FROM bv_one_maker;
VACUUM ANALYZE bv_one_maker;
VACUUM ANALYZE bv_one_maker_c;

\echo
\echo (b) ORDER BY over 1M VINs of one maker, all sharing their first 8 characters (target: vin <= 1.0x text "C")
\o /dev/null
SELECT bench_compare('order_one_maker', ARRAY['vin', 'text COLLATE "C"'],
	ARRAY['SELECT v FROM bv_one_maker ORDER BY v OFFSET 1000000',
	      'SELECT v FROM bv_one_maker_c ORDER BY v OFFSET 1000000']);
\o
SELECT * FROM bench_report('order_one_maker', 'text COLLATE "C"');

\echo
\echo (b) CREATE INDEX over 1M VINs (target: vin <= 1.0x text "C", <= 0.5x ICU)
\o /dev/null
SELECT bench_compare('index', ARRAY['vin', 'text COLLATE "C"', 'text COLLATE "en-US-x-icu"'],
	ARRAY['CREATE INDEX bv_i ON bv_vin (v); DROP INDEX bv_i',
	      'CREATE INDEX bv_i ON bv_text_c (v); DROP INDEX bv_i',
	      'CREATE INDEX bv_i ON bv_text_icu (v); DROP INDEX bv_i'], 3);
\o
SELECT * FROM bench_report('index', 'text COLLATE "C"');

\echo
\echo (c) btree index sizes over 1M VINs (target: vin <= 0.8x text)
CREATE INDEX bv_vin_i ON bv_vin (v);
CREATE INDEX bv_text_c_i ON bv_text_c (v);
CREATE INDEX bv_text_icu_i ON bv_text_icu (v);
SELECT label, pg_size_pretty(size) AS size,
	   round(size::numeric / first_value(size) OVER (ORDER BY ord DESC), 2) AS "ratio to text"
FROM (VALUES (1, 'vin', pg_relation_size('bv_vin_i')),
             (2, 'text COLLATE "en-US-x-icu"', pg_relation_size('bv_text_icu_i')),
             (3, 'text COLLATE "C"', pg_relation_size('bv_text_c_i'))) s(ord, label, size)
ORDER BY ord;
SELECT label, pg_size_pretty(size) AS "table size"
FROM (VALUES ('vin', pg_table_size('bv_vin')), ('text', pg_table_size('bv_text_c'))) s(label, size);
