-- Masked and truncated VINs (doc/linking.md): the masked problem code,
-- vin_mask_pattern, vin_mask_shape, vin_mask and vin_sole, every error
-- path, and a join of masked listings against registered VINs that plans
-- as a hash or index join, with its answers checked against a nested-loop
-- LIKE oracle.  Masks other than '*' are UTF-8 characters: this database
-- is UTF8 (other encodings: test/encodings).
SELECT getdatabaseencoding();

-- vin_problems: one masked row per run of mask characters, whatever mask
CREATE TEMP TABLE masked (label text, s text);
INSERT INTO masked VALUES
	('ASCII', 'LSJPG0EL*****5579'),
	('full-width asterisk', 'LSJPG0EL＊＊＊＊＊5579'),
	('small asterisk', 'LSJPG0EL﹡﹡﹡﹡﹡5579'),
	('asterisk operator', 'LSJPG0EL∗∗∗∗∗5579'),
	('low asterisk', 'LSJPG0EL⁎⁎⁎⁎⁎5579'),
	('heavy asterisk', 'LSJPG0EL✱✱✱✱✱5579'),
	('multiplication sign', 'LSJPG0EL×××××5579'),
	('multiplication x', 'LSJPG0EL✕✕✕✕✕5579'),
	('heavy multiplication x', 'LSJPG0EL✖✖✖✖✖5579'),
	('black circle', 'LSJPG0EL●●●●●5579'),
	('bullets making 17', 'LSJPG0EL•••••5579'),
	('bullet as a separator', 'LSJ•A24U62JG269225'),
	('bullets making 18', 'LSJPG0EL••••••5579'),
	('mixed run', 'LSJPG0EL*＊×●*5579'),
	('two runs', 'LS**G0EL*****5579'),
	('runs split by a separator', 'LSJPG0EL**-***5579'),
	('lower case, spaces', '  lsjpg0el*****5579 '),
	('one mask', '*SJA24U62JG269225'),
	('every position', '*****************'),
	('masked and an O', 'LSJPG0EL*****5O79'),
	('masked, 16 positions', 'LSJPG0EL*****557'),
	('masked, 18 positions', 'LSJPG0EL*****55799'),
	('letter X is no mask', 'LSJPG0ELXXXXX5579');
SELECT m.label, p.position, p.code, p.message
FROM masked m, vin_problems(m.s) WITH ORDINALITY p
ORDER BY m.label, p.ordinality;

-- a masked VIN is never valid nor repaired
SELECT label, vin_is_valid(s), vin_is_well_formed(s), vin_repair(s) FROM masked
WHERE label IN ('ASCII', 'black circle', 'bullets making 17');

-- vin_mask_pattern and vin_mask_shape: 17 positions with * at the masked
-- ones; 16 VIN characters read as a dropped check digit (position 9), never
-- computed; NULL for anything else
SELECT label, vin_mask_pattern(s), vin_mask_shape(s) FROM masked ORDER BY label;
SELECT s, vin_mask_pattern(s), vin_mask_shape(s)
FROM (VALUES ('LSJA24U62JG269225'), ('lsja24u6-2jg269225'), ('LSJA24U6JG269225'),
	('LSJA24U6 JG269225'), ('ＬＳＪＡ２４Ｕ６ＪＧ２６９２２５'), ('LSJA24U6JG26922'),
	('LSJA24U62JG2692250'), ('LSJA24U6IJG269225'), ('LSJA24U6*JG26922'),
	(''), ('   '), ('车SJA24U62JG269225')) v(s);
SELECT vin_mask_pattern(NULL), vin_mask_shape(NULL);

-- vin_mask: the registered VIN masked by a shape
SELECT vin_mask('LSJA24U62JG269225', 0) AS none,
	vin_mask('LSJA24U62JG269225', 7936) AS "9-13",
	vin_mask('LSJA24U62JG269225', 256) AS check_digit,
	vin_mask('LSJA24U62JG269225', 131071) AS every;
-- narrowed by the check digit the shape shows: a VIN failing it (under the
-- region policy) is nobody's candidate; with position 9 masked it still is
SELECT vin_mask('LSJA24U63JG269225', 7680) AS shown_auto,
	vin_mask('LSJA24U63JG269225', 7680, 'none') AS shown_none,
	vin_mask('LSJA24U63JG269225', 7936) AS hidden,
	vin_mask('WVWZZZ1KZ6W000001', 7680) AS europe_auto,
	vin_mask('WVWZZZ1KZ6W000001', 7680, 'strict') AS europe_strict;
SELECT vin_mask('LSJA24U62JG269225', NULL), vin_mask(NULL, 0);
-- errors: a shape out of range, an unknown policy
SELECT vin_mask('LSJA24U62JG269225', -1);
SELECT vin_mask('LSJA24U62JG269225', 131072);
SELECT vin_mask('LSJA24U62JG269225', 0, 'nowhere');

-- vin_sole: exactly one distinct VIN, else NULL
SELECT vin_sole(v) AS one, count(v)
FROM (VALUES ('LSJA24U62JG269225'::vin), ('lsja24u62jg269225'), (NULL)) x(v);
SELECT vin_sole(v) AS two FROM (VALUES ('LSJA24U62JG269225'::vin), ('1HGCM82633A004352')) x(v);
SELECT vin_sole(v) AS two_then_first
FROM (VALUES ('LSJA24U62JG269225'::vin), ('1HGCM82633A004352'), ('LSJA24U62JG269225')) x(v);
SELECT vin_sole(v) AS none FROM (VALUES (NULL::vin)) x(v);
SELECT vin_sole(v) AS empty FROM (SELECT 'LSJA24U62JG269225'::vin WHERE false) x(v);
-- as a window aggregate, the running answer
SELECT n, vin_sole(v) OVER (ORDER BY n) AS so_far
FROM (VALUES (1, 'LSJA24U62JG269225'::vin), (2, NULL), (3, 'LSJA24U62JG269225'),
	(4, '1HGCM82633A004352'), (5, 'LSJA24U62JG269225')) x(n, v);
-- by group, hashed and sorted
SELECT g, vin_sole(v) FROM (VALUES (1, 'LSJA24U62JG269225'::vin), (1, 'LSJA24U62JG269225'),
	(2, 'LSJA24U62JG269225'), (2, '1HGCM82633A004352'), (3, NULL)) x(g, v)
GROUP BY g ORDER BY g;
-- its functions outside the aggregate
SELECT vin_sole_transfn('LSJA24U62JG269225', '1HGCM82633A004352');
SELECT vin_sole_finalfn('LSJA24U62JG269225'), vin_sole_finalfn(NULL);

-- Registered VINs: 4000 Chinese VINs with valid check digits, 20 with
-- wrong ones, and pairs that differ only in positions 9-13 (which a
-- listing masked there cannot tell apart).
CREATE TABLE link_reg (vin vin PRIMARY KEY);
INSERT INTO link_reg
SELECT vin_with_check_digit('LSJ' || substr(upper(md5(i::text)), 1, 14))
FROM generate_series(1, 4000) i
ON CONFLICT DO NOTHING;
INSERT INTO link_reg	-- wrong check digits
SELECT overlay(vin_with_check_digit('LSV' || substr(upper(md5(i::text)), 1, 14))::text
	placing CASE WHEN vin_check_digit('LSV' || substr(upper(md5(i::text)), 1, 14)) = '0'
		THEN '1' ELSE '0' END from 9)::vin
FROM generate_series(1, 20) i
ON CONFLICT DO NOTHING;
INSERT INTO link_reg	-- twins of the first 30 in positions 10-13
SELECT vin_with_check_digit(overlay(vin::text placing
	CASE WHEN substr(vin::text, 10, 4) = 'AAAA' THEN 'BBBB' ELSE 'AAAA' END from 10))
FROM link_reg WHERE vin::text LIKE 'LSJ%' ORDER BY vin LIMIT 30
ON CONFLICT DO NOTHING;
SELECT count(*) AS registered, count(*) FILTER (WHERE NOT vin_is_valid(vin::text)) AS invalid
FROM link_reg;

-- Listings: masked in five shapes, truncated, plain, and some of cars
-- nobody registered.
CREATE TABLE link_listing (
	id integer PRIMARY KEY,
	vin_raw text NOT NULL,
	pattern text GENERATED ALWAYS AS (vin_mask_pattern(vin_raw)) STORED,
	shape integer GENERATED ALWAYS AS (vin_mask_shape(vin_raw)) STORED
);
INSERT INTO link_listing (id, vin_raw)
SELECT row_number() OVER (ORDER BY r.vin),
	CASE row_number() OVER (ORDER BY r.vin) % 7
		WHEN 0 THEN overlay(r.vin::text placing '*****' from 9)
		WHEN 1 THEN overlay(r.vin::text placing '＊＊＊＊' from 10)
		WHEN 2 THEN overlay(r.vin::text placing '××××××' from 4)
		WHEN 3 THEN overlay(r.vin::text placing '●●●●●' from 12)
		WHEN 4 THEN overlay(r.vin::text placing '' from 9 for 1)
		WHEN 5 THEN lower(overlay(r.vin::text placing '-****-' from 9 for 4))
		ELSE r.vin::text END
FROM link_reg r
WHERE r.vin <= (SELECT vin FROM link_reg ORDER BY vin OFFSET 700 LIMIT 1)
	OR r.vin::text LIKE 'LSV%';
INSERT INTO link_listing (id, vin_raw)	-- not registered, and junk
SELECT 10000 + i, 'LSJ' || substr(upper(md5('x' || i)), 1, 5) || '*****' ||
	substr(upper(md5('x' || i)), 6, 4)
FROM generate_series(1, 50) i
UNION ALL VALUES (20001, 'not a VIN'), (20002, 'LSJPG0EL*****557');
ANALYZE link_reg, link_listing;
SELECT shape, count(*) FROM link_listing GROUP BY shape ORDER BY shape;

-- The recipe (doc/linking.md): each registered VIN masked by each shape
-- the listings have, hash-joined to the listings on (shape, pattern).
-- OFFSET 0 keeps the candidates a subquery of their own, so that the
-- join on (shape, pattern) is an equality between two relations.
CREATE VIEW link_result AS
SELECT l.id, vin_sole(c.vin) AS vin, count(c.vin) AS fits
FROM link_listing l
LEFT JOIN (SELECT s.shape, vin_mask(r.vin, s.shape) AS pattern, r.vin
		   FROM (SELECT DISTINCT shape FROM link_listing WHERE shape IS NOT NULL) s
		   CROSS JOIN link_reg r
		   OFFSET 0) c
	ON c.shape = l.shape AND c.pattern = l.pattern
GROUP BY l.id;
EXPLAIN (COSTS OFF) SELECT * FROM link_result;

-- The same answers as a nested loop over all pairs with LIKE (the
-- oracle), narrowed by a shown check digit as vin_mask narrows: no row
-- differs.
CREATE TEMP TABLE link_oracle AS
SELECT l.id, vin_sole(r.vin) AS vin, count(r.vin) AS fits
FROM link_listing l
LEFT JOIN link_reg r
	ON r.vin::text LIKE replace(l.pattern, '*', '_')
	AND (l.shape & 256 <> 0 OR vin_is_valid(r.vin::text))
GROUP BY l.id;
SELECT count(*) AS differing FROM (
	(TABLE link_result EXCEPT TABLE link_oracle)
	UNION ALL (TABLE link_oracle EXCEPT TABLE link_result)) d;
-- and the answers themselves: how many fit, by kind of listing
SELECT fits, (vin IS NOT NULL) AS linked, count(*) FROM link_result GROUP BY 1, 2 ORDER BY 1, 2;
-- a listing whose twin is registered: two fit, vin_sole says none
SELECT l.vin_raw, r.fits, r.vin FROM link_result r JOIN link_listing l USING (id)
WHERE r.fits = 2 ORDER BY id LIMIT 2;
-- truncated listings are linked without computing the check digit
SELECT l.vin_raw, l.pattern, r.vin FROM link_result r JOIN link_listing l USING (id)
WHERE l.shape = 256 ORDER BY id LIMIT 2;
-- a registered VIN with a wrong check digit is linked only where the
-- listing hides it
SELECT l.vin_raw, r.fits, r.vin FROM link_result r JOIN link_listing l USING (id)
WHERE l.vin_raw ILIKE 'LSV%' ORDER BY id LIMIT 7;

-- One shape at a time, the join needs no subquery, and an expression
-- index on vin_mask makes a join of a few listings an index join (ANALYZE
-- then knows the expression's distinct values; CREATE STATISTICS on the
-- expression gives them without an index).
EXPLAIN (COSTS OFF)
SELECT l.id, vin_sole(r.vin) FROM link_listing l
JOIN link_reg r ON vin_mask(r.vin, 7936) = l.pattern
WHERE l.shape = 7936
GROUP BY l.id;
CREATE INDEX link_reg_mask_9_13 ON link_reg (vin_mask(vin, 7936));
ANALYZE link_reg;
EXPLAIN (COSTS OFF)
SELECT l.id, vin_sole(r.vin) FROM link_listing l
JOIN link_reg r ON vin_mask(r.vin, 7936) = l.pattern
WHERE l.shape = 7936 AND l.id < 30
GROUP BY l.id;
SELECT count(*) AS differing FROM (
	SELECT l.id, vin_sole(r.vin) FROM link_listing l
	JOIN link_reg r ON vin_mask(r.vin, 7936) = l.pattern
	WHERE l.shape = 7936 GROUP BY l.id
	EXCEPT SELECT id, vin FROM link_result
	WHERE id IN (SELECT id FROM link_listing WHERE shape = 7936) AND fits > 0) d;

-- vin_sole under a parallel plan: partial states combined
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT vin_sole(vin) FROM link_reg WHERE vin::text LIKE 'LSJ%';
SELECT vin_sole(vin) IS NULL AS many, vin_sole(vin) FILTER (WHERE vin = (SELECT min(vin) FROM link_reg)) = (SELECT min(vin) FROM link_reg) AS one
FROM link_reg;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- vin_guard quarantines a masked VIN saying so: one masked problem per run,
-- with its position and length, so that the row can be linked later
CREATE TABLE link_feed (vin text, price integer);
SELECT vin_create_quarantine('link_feed_q');
CREATE TRIGGER guard BEFORE INSERT ON link_feed FOR EACH ROW
	EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'public.link_feed_q');
INSERT INTO link_feed VALUES ('LSJPG0EL*****5579', 1), ('LS**G0EL•••••5579', 2),
	('LSJA24U62JG269225', 3);
SELECT row_data->>'vin' AS vin, problems FROM link_feed_q ORDER BY row_data->>'price';
SELECT row_data->>'vin' AS vin, vin_mask_pattern(row_data->>'vin')
FROM link_feed_q WHERE problems @> '[{"code": "masked"}]' ORDER BY 1;
-- reject mode: every run in the error's detail
CREATE TABLE link_feed_r (vin text);
CREATE TRIGGER guard BEFORE INSERT ON link_feed_r FOR EACH ROW
	EXECUTE FUNCTION vin_guard('vin');
INSERT INTO link_feed_r VALUES ('LS**G0EL*****5579');

DROP TABLE link_feed, link_feed_q, link_feed_r;
DROP VIEW link_result;
DROP TABLE link_listing, link_reg;
