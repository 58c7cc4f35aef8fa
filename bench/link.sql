-- Benchmark: linking masked listings to registered VINs (doc/linking.md).
-- (a) 1M registered VINs, 20k listings masked at positions 9-13 (the
--     platforms' usual shape, LSJPG0EL*****5579): the vin_mask recipe (the
--     general one, over every shape the listings have, and the one-shape
--     join) against the hand-written hash join on the visible prefix and
--     suffix, on the vin column cast to text and on a text copy of it.
--     Target: <= 1.0x the hand-written join.
-- (b) 50k registered, 200 listings: the recipe against the nested loop
--     "vin LIKE pattern", which compares every pair (it grows with the
--     product of the two: at (a)'s size it would take hours).
-- Scaled down from the issue's 10M x 100k for a 2-core shared machine; the
-- joins are linear in both sizes, the nested loop in their product.
\set ECHO none
SELECT setseed(0.20);

CREATE TABLE reg (vin vin NOT NULL, vin_text text NOT NULL);
INSERT INTO reg
SELECT v, v::text FROM (
	SELECT vin_with_check_digit(
		(ARRAY['LSJ', 'LFV', 'LGB', 'LVS', 'LRW', 'LSV', 'LHG', 'LDC'])[1 + i % 8] ||
		upper(substr(md5(i::text), 1, 14))) AS v
	FROM generate_series(1, 1000000) i) t;
VACUUM ANALYZE reg;

-- listings: 20k registered cars, masked at 9-13, and 2k nobody registered
CREATE TABLE lst (id int PRIMARY KEY, vin_raw text NOT NULL,
	pattern text GENERATED ALWAYS AS (vin_mask_pattern(vin_raw)) STORED,
	shape integer GENERATED ALWAYS AS (vin_mask_shape(vin_raw)) STORED);
INSERT INTO lst (id, vin_raw)
SELECT row_number() OVER (), overlay(vin_text placing '*****' from 9)
FROM (SELECT vin_text FROM reg ORDER BY random() LIMIT 20000) s;
INSERT INTO lst (id, vin_raw)
SELECT 100000 + i, 'LSJ' || upper(substr(md5('x' || i), 1, 5)) || '*****' || upper(substr(md5('x' || i), 6, 4))
FROM generate_series(1, 2000) i;
VACUUM ANALYZE lst;

-- the variants, as views; each counts the listings exactly one car fits
CREATE VIEW recipe AS
SELECT l.id, vin_sole(c.vin) AS vin
FROM lst l
JOIN (SELECT s.shape, vin_mask(r.vin, s.shape) AS pattern, r.vin
	  FROM (SELECT DISTINCT shape FROM lst WHERE shape IS NOT NULL) s
	  CROSS JOIN reg r OFFSET 0) c
	ON c.shape = l.shape AND c.pattern = l.pattern
GROUP BY l.id;
CREATE VIEW one_shape AS
SELECT l.id, vin_sole(r.vin) AS vin
FROM lst l JOIN reg r ON vin_mask(r.vin, 7936) = l.pattern
WHERE l.shape = 7936
GROUP BY l.id;
CREATE VIEW by_hand_cast AS
SELECT l.id, CASE WHEN count(DISTINCT r.vin) = 1 THEN min(r.vin) END AS vin
FROM lst l JOIN reg r
	ON left(r.vin::text, 8) = left(l.vin_raw, 8) AND right(r.vin::text, 4) = right(l.vin_raw, 4)
GROUP BY l.id;
CREATE VIEW by_hand_text AS
SELECT l.id, CASE WHEN count(DISTINCT r.vin_text) = 1 THEN min(r.vin_text) END::vin AS vin
FROM lst l JOIN reg r
	ON left(r.vin_text, 8) = left(l.vin_raw, 8) AND right(r.vin_text, 4) = right(l.vin_raw, 4)
GROUP BY l.id;

\set ECHO all
-- the same answers (differing rows: 0 each), and how many are linked
SELECT (SELECT count(*) FROM ((TABLE recipe EXCEPT TABLE by_hand_text)
		UNION ALL (TABLE by_hand_text EXCEPT TABLE recipe)) d) AS recipe_vs_by_hand,
	   (SELECT count(*) FROM ((TABLE one_shape EXCEPT TABLE by_hand_text)
		UNION ALL (TABLE by_hand_text EXCEPT TABLE one_shape)) d) AS one_shape_vs_by_hand,
	   (SELECT count(*) FROM ((TABLE by_hand_cast EXCEPT TABLE by_hand_text)
		UNION ALL (TABLE by_hand_text EXCEPT TABLE by_hand_cast)) d) AS cast_vs_text,
	   (SELECT count(vin) FROM recipe) AS linked;
-- the recipe plans as a hash join; the hand-written join as a merge join,
-- which sorts the registered VINs: it is timed so, and as a hash join
EXPLAIN (COSTS OFF) SELECT count(vin) FROM recipe;
EXPLAIN (COSTS OFF) SELECT count(vin) FROM by_hand_text;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT count(vin) FROM by_hand_text;
\set ECHO none

-- all four as hash joins, interleaved; then the planner's own merge join
\o /dev/null
SELECT bench_compare('link',
	ARRAY['hand-written prefix/suffix join, text column', 'hand-written join, vin::text',
		  'vin_mask recipe (every shape)', 'vin_mask join, one shape'],
	ARRAY['SELECT count(vin) FROM by_hand_text', 'SELECT count(vin) FROM by_hand_cast',
		  'SELECT count(vin) FROM recipe', 'SELECT count(vin) FROM one_shape'], 5);
RESET enable_mergejoin;
SELECT bench_time('link', 'hand-written join, text column, merge join (the planner''s choice)',
				  'SELECT count(vin) FROM by_hand_text', 3);
\o

-- (b) against the nested loop over all pairs, on a small sample
CREATE TABLE reg_small AS SELECT * FROM reg ORDER BY vin LIMIT 50000;
CREATE TABLE lst_small (LIKE lst INCLUDING GENERATED);
INSERT INTO lst_small (id, vin_raw)
SELECT id, vin_raw FROM lst WHERE id <= 150 OR id BETWEEN 100001 AND 100050;
-- the sample's listings must fit its registered cars: mask 150 of them
UPDATE lst_small l SET vin_raw = overlay(r.vin_text placing '*****' from 9)
FROM (SELECT vin_text, row_number() OVER (ORDER BY vin) AS n FROM reg_small) r
WHERE l.id <= 150 AND r.n = l.id * 300;
VACUUM ANALYZE reg_small, lst_small;
CREATE VIEW recipe_small AS
SELECT l.id, vin_sole(c.vin) AS vin
FROM lst_small l
LEFT JOIN (SELECT s.shape, vin_mask(r.vin, s.shape) AS pattern, r.vin
	  FROM (SELECT DISTINCT shape FROM lst_small WHERE shape IS NOT NULL) s
	  CROSS JOIN reg_small r OFFSET 0) c
	ON c.shape = l.shape AND c.pattern = l.pattern
GROUP BY l.id;
CREATE VIEW like_small AS
SELECT l.id, vin_sole(r.vin) AS vin
FROM lst_small l LEFT JOIN reg_small r ON r.vin_text LIKE replace(l.pattern, '*', '_')
GROUP BY l.id;
\set ECHO all
SELECT (SELECT count(*) FROM ((TABLE recipe_small EXCEPT TABLE like_small)
		UNION ALL (TABLE like_small EXCEPT TABLE recipe_small)) d) AS recipe_vs_like,
	   (SELECT count(vin) FROM recipe_small) AS linked;
EXPLAIN (COSTS OFF) SELECT count(vin) FROM like_small;
\set ECHO none
\o /dev/null
SELECT bench_compare('link nested loop',
	ARRAY['vin_mask recipe (every shape)', 'nested loop: vin LIKE pattern'],
	ARRAY['SELECT count(vin) FROM recipe_small', 'SELECT count(vin) FROM like_small'], 3);
\o

\set ECHO all
-- (a) ratio to the hand-written hash join (target for the recipe: <= 1.0)
SELECT * FROM bench_report('link', 'hand-written prefix/suffix join, text column');
-- (b) the nested loop's ratio to the recipe, 200 x 50k pairs
SELECT * FROM bench_report('link nested loop', 'vin_mask recipe (every shape)');
