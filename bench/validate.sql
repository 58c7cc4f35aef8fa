-- Benchmark: vin_is_valid over 2M text VINs against the scan floor and a
-- validator written the way users write one in PL/pgSQL.
-- Targets: >= 30x faster than PL/pgSQL; <= 2x the scan floor.
\set ECHO none
SELECT setseed(0.17);

-- 2M strings as they come from a feed: mostly valid VINs (check digit
-- set), some with a wrong check digit, some lower case, some with O for 0
-- or a missing character.
CREATE TABLE bench_vins AS
SELECT CASE
		 WHEN r < 0.70 THEN vin_with_check_digit(v)::text
		 WHEN r < 0.80 THEN v
		 WHEN r < 0.90 THEN lower(vin_with_check_digit(v)::text)
		 WHEN r < 0.95 THEN replace(v, '0', 'O')
		 ELSE left(v, 16)
	   END AS s
FROM (SELECT (CASE WHEN i % 2 = 0 THEN 'L' ELSE '1' END) ||
			 upper(substr(md5(i::text), 1, 16)) AS v, random() AS r
	  FROM generate_series(1, 2000000) AS i) AS t;
VACUUM ANALYZE bench_vins;

-- The usual hand-written validator: regex for the alphabet, a loop over
-- substr with a CASE transliteration, weights, mod 11.
CREATE FUNCTION plpgsql_vin_is_valid(vin text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	v text := upper(trim(vin));
	weights int[] := ARRAY[8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
	total int := 0;
	c text;
	val int;
	check_char text;
BEGIN
	IF v !~ '^[A-HJ-NPR-Z0-9]{17}$' THEN
		RETURN false;
	END IF;
	FOR i IN 1..17 LOOP
		c := substr(v, i, 1);
		val := CASE
			WHEN c BETWEEN '0' AND '9' THEN c::int
			WHEN c IN ('A', 'J') THEN 1
			WHEN c IN ('B', 'K', 'S') THEN 2
			WHEN c IN ('C', 'L', 'T') THEN 3
			WHEN c IN ('D', 'M', 'U') THEN 4
			WHEN c IN ('E', 'N', 'V') THEN 5
			WHEN c IN ('F', 'W') THEN 6
			WHEN c IN ('G', 'P', 'X') THEN 7
			WHEN c IN ('H', 'Y') THEN 8
			WHEN c IN ('R', 'Z') THEN 9
		END;
		total := total + val * weights[i];
	END LOOP;
	check_char := CASE WHEN total % 11 = 10 THEN 'X' ELSE (total % 11)::text END;
	RETURN substr(v, 9, 1) = check_char;
END
$$;

-- Both validators must agree before they are timed ('strict': the
-- PL/pgSQL one checks every VIN).
SELECT count(*) AS disagreements
FROM bench_vins WHERE vin_is_valid(s, 'strict') IS DISTINCT FROM plpgsql_vin_is_valid(s);

-- Interleaved, round by round, so load drift hits all four alike.
\o /dev/null
SELECT bench_compare('validate',
	ARRAY['scan floor: length(s) = 17', 'vin_is_valid(s)',
		  'vin_is_valid(s, ''strict'')', 'vin_is_well_formed(s)'],
	ARRAY['SELECT count(*) FROM bench_vins WHERE length(s) = 17',
		  'SELECT count(*) FROM bench_vins WHERE vin_is_valid(s)',
		  'SELECT count(*) FROM bench_vins WHERE vin_is_valid(s, ''strict'')',
		  'SELECT count(*) FROM bench_vins WHERE vin_is_well_formed(s)'], 7);
\o
-- slow: one warm-up and one timed run
SELECT bench_time('validate', 'PL/pgSQL validator',
				  'SELECT count(*) FROM bench_vins WHERE plpgsql_vin_is_valid(s)', 1);

\set ECHO all
-- ratio to the scan floor (target for vin_is_valid: <= 2.0)
SELECT * FROM bench_report('validate', 'scan floor: length(s) = 17');
-- speed-up over PL/pgSQL (target for vin_is_valid: >= 30)
SELECT label, median_ms,
	   round(max(median_ms) FILTER (WHERE label = 'PL/pgSQL validator') OVER () / median_ms, 1)
		   AS times_faster_than_plpgsql
FROM bench_report('validate', 'PL/pgSQL validator');
