-- Property tests of the validation functions over generated inputs.
-- setseed makes every run see the same inputs, so the output is stable.
SELECT setseed(0.3780);
CREATE TABLE prop_alphabet AS
SELECT '0123456789ABCDEFGHJKLMNPRSTUVWXYZ'::text AS vin_chars;

-- 20,000 random well-formed strings, lower case mixed in
CREATE TABLE prop_random AS
SELECT i, string_agg(CASE WHEN random() < 0.2 THEN lower(c) ELSE c END, '' ORDER BY k) AS s
FROM generate_series(1, 20000) AS i,
	 LATERAL (SELECT k, substr(a.vin_chars, 1 + floor(random() * 33)::int, 1) AS c
			  FROM prop_alphabet a, generate_series(1, 17) AS k
			  WHERE i > 0) AS g
GROUP BY i;

-- 1. every vin_with_check_digit result is valid under 'strict'
SELECT count(*) AS n,
	   count(*) FILTER (WHERE NOT vin_is_valid(vin_with_check_digit(s)::text, 'strict')) AS invalid
FROM prop_random;

-- 2. single-character substitutions of valid VINs are caught by the check
-- digit.  A substitution at a weighted position changes the weighted sum by
-- w * d (w in 1..10, d the change of transliterated value, |d| <= 9), which
-- 11 (prime) divides only when d = 0: the miss rate is the chance that the
-- new character transliterates like the old.  Of the 33 characters, four
-- values are shared by 3 characters (1, 6, 8, 9), five by 4 (2, 3, 4, 5,
-- 7) and 0 by one, so the miss rate is (4*3*2 + 5*4*3) / (33*32) = 84/1056
-- and the detection rate 972/1056 = 0.9205 -- a little better than the
-- rule-of-thumb 10/11 = 0.909 for random errors.  With 20,000 trials the
-- standard error is sqrt(0.92 * 0.08 / 20000) = 0.0019, so +-0.01 (over
-- five standard errors) cannot fail by chance yet catches a broken method.
CREATE TABLE prop_substituted AS
SELECT v, pos, new_char,
	   overlay(v PLACING new_char FROM pos FOR 1) AS s
FROM (SELECT vin_with_check_digit(s)::text AS v,
			 (ARRAY[1,2,3,4,5,6,7,8,10,11,12,13,14,15,16,17])[1 + floor(random() * 16)::int] AS pos,
			 floor(random() * 32)::int AS pick
	  FROM prop_random) AS t,
	 LATERAL (SELECT substr(replace(a.vin_chars, substr(v, pos, 1), ''), 1 + pick, 1) AS new_char
			  FROM prop_alphabet a) AS n;
SELECT count(*) AS n,
	   count(*) FILTER (WHERE s = v) AS unchanged,
	   abs(avg((NOT vin_is_valid(s, 'strict'))::int) - 972.0 / 1056) < 0.01 AS detection_rate_as_expected,
	   abs(avg((NOT vin_is_valid(s, 'strict'))::int) - 10.0 / 11) < 0.02 AS close_to_ten_elevenths
FROM prop_substituted;
-- every miss is a same-value substitution, and every same-value one is missed
SELECT count(*) FILTER (WHERE vin_is_valid(s, 'strict')
						  <> (translate(substr(v, pos, 1), 'ABCDEFGHJKLMNPRSTUVWXYZ', '12345678123457923456789')
							  = translate(new_char, 'ABCDEFGHJKLMNPRSTUVWXYZ', '12345678123457923456789'))) AS unexplained
FROM prop_substituted;
-- a changed check digit itself is always caught
SELECT count(*) FILTER (WHERE vin_is_valid(overlay(v PLACING CASE substr(v, 9, 1) WHEN 'X' THEN '0' ELSE 'X' END FROM 9 FOR 1), 'strict')) AS missed
FROM (SELECT vin_with_check_digit(s)::text AS v FROM prop_random) AS t;

-- Dirty inputs: VIN characters, I O Q, lower case, separators, spaces,
-- other ASCII, multibyte characters; lengths 0 to 24
CREATE TABLE prop_dirty AS
SELECT i, coalesce(string_agg(c, '' ORDER BY k), '') AS s
FROM generate_series(1, 20000) AS i
LEFT JOIN LATERAL (
	SELECT k, (ARRAY['0','1','2','5','9','A','H','L','W','X','Z','a','w','I','O','Q','i','o','q',
					 '-','.','_','/',' ',E'\t','*',':','é','车','Ｏ','😀'])[1 + floor(random() * 31)::int] AS c
	FROM generate_series(1, floor(random() * 25)::int) AS k
	WHERE i > 0) AS g ON true
GROUP BY i;
-- mostly repairable ones too: valid VINs with O for 0, I for 1, separators
INSERT INTO prop_dirty
SELECT 100000 + i, lower(overlay(overlay(translate(v, '01', 'OI') PLACING '-' FROM 4 FOR 0) PLACING ' ' FROM 10 FOR 0))
FROM (SELECT i, vin_with_check_digit(s)::text AS v FROM prop_random WHERE i <= 5000) AS t;

-- 3. vin_repair never returns an invalid VIN, under any policy
SELECT p, count(r) AS repaired, count(*) FILTER (WHERE r IS NOT NULL AND NOT vin_is_valid(r::text, p)) AS invalid
FROM prop_dirty, (VALUES ('auto'), ('strict'), ('none')) AS q(p),
	 LATERAL (SELECT vin_repair(s, p) AS r) AS x
GROUP BY p ORDER BY p;

-- 4. no rows from vin_problems exactly when vin_is_valid, and
-- vin_is_well_formed agrees with vin_problems on structure
SELECT p, count(*) FILTER (WHERE vin_is_valid(s, p) = EXISTS (SELECT FROM vin_problems(s, p))) AS disagreements,
	   count(*) FILTER (WHERE vin_is_valid(s, p)) AS valid
FROM (SELECT s FROM prop_dirty UNION ALL SELECT s FROM prop_substituted) AS t,
	 (VALUES ('auto'), ('strict'), ('none')) AS q(p)
GROUP BY p ORDER BY p;
SELECT count(*) FILTER (WHERE vin_is_well_formed(s) = EXISTS (SELECT FROM vin_problems(s, 'none'))) AS disagreements
FROM prop_dirty;

-- 5. vin_is_well_formed agrees with the vin type's input function
DO $$
DECLARE
	r record;
	mismatches int := 0;
	ok boolean;
BEGIN
	FOR r IN SELECT s FROM prop_dirty WHERE i % 4 = 0 OR i > 100000 LOOP
		BEGIN
			PERFORM r.s::vin;
			ok := true;
		EXCEPTION WHEN invalid_text_representation THEN
			ok := false;
		END;
		IF ok <> vin_is_well_formed(r.s) THEN
			mismatches := mismatches + 1;
		END IF;
	END LOOP;
	RAISE NOTICE 'vin_is_well_formed vs vin input: % mismatches', mismatches;
END
$$;

-- 6. every function returns without error on arbitrary text: random code
-- points, random bytes read as LATIN1, empty and very long strings
-- (random() is called in a fixed order, in materialized scans: called in
-- an aggregate's argument, the order of its calls follows the plan, hash
-- aggregation spilling to disk or not, and the inputs would differ between
-- PostgreSQL versions)
CREATE TABLE prop_arbitrary AS
WITH points AS MATERIALIZED (
	SELECT i, k, CASE WHEN random() < 0.5 THEN 1 + floor(random() * 127)::int
					  ELSE 128 + floor(random() * 55000)::int END AS c
	FROM generate_series(1, 3000) AS i, generate_series(1, 1 + (i % 40)) AS k),
bytes AS MATERIALIZED (
	SELECT i, k, 1 + floor(random() * 255)::int AS b
	FROM generate_series(1, 2000) AS i, generate_series(1, 1 + (i % 30)) AS k)
SELECT string_agg(chr(c), '' ORDER BY k) AS s
FROM points
GROUP BY i
UNION ALL
SELECT convert_from(decode(string_agg(lpad(to_hex(b), 2, '0'), '' ORDER BY k), 'hex'), 'LATIN1')
FROM bytes
GROUP BY i
UNION ALL
VALUES (''), (repeat(' ', 100000)), (repeat('1M8GDM9AXKP042788', 60000)),
	   (repeat('车', 300000)), (repeat('-', 50000) || '1M8GDM9AXKP042788'),
	   ('1M8GDM9AXKP042788' || repeat(E'\t', 70000));
SELECT count(*) AS inputs,
	   count(vin_is_well_formed(s)) AS well_formed, count(vin_check_digit(s)) AS check_digit,
	   count(vin_is_valid(s)) AS auto, count(vin_is_valid(s, 'strict')) AS strict,
	   count(vin_is_valid(s, 'none')) AS none, count(vin_normalize(s)) AS normalize,
	   count(vin_repair(s)) AS repair, count(vin_with_check_digit(s)) AS with_check_digit,
	   sum((SELECT count(*) FROM vin_problems(s))) AS problems
FROM prop_arbitrary;
-- and the long ones say what is wrong without listing every character twice
SELECT left(s, 20) AS starts, length(s), (SELECT string_agg(DISTINCT code, ',') FROM vin_problems(s)) AS codes,
	   vin_repair(s), vin_is_well_formed(s), length(vin_normalize(s))
FROM prop_arbitrary WHERE length(s) >= 50000 OR s = '' ORDER BY length(s), 1;

DROP TABLE prop_alphabet, prop_random, prop_substituted, prop_dirty, prop_arbitrary;
