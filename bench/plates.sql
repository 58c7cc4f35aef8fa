-- Benchmark: cn_plate_is_valid and cn_plate_normalize over 1M text plates
-- against the scan floor and a validator written the way users write one
-- in PL/pgSQL (regexes; doc/plates.md).
-- Targets: >= 30x faster than PL/pgSQL; <= 2x the scan floor.
\set ECHO none
SELECT setseed(0.36);

-- 1M plates as registration feeds and listings carry them: mostly clean
-- ordinary and new-energy plates, some in display forms (middle dot,
-- space, lower case), some special kinds, some invalid (O in the serial,
-- three letters, a truncated plate).
CREATE TABLE bench_plates AS
SELECT CASE
		 WHEN r < 0.55 THEN p || a || d5
		 WHEN r < 0.70 THEN p || a || 'D' || substr(d5, 1, 1) || substr(d5, 2, 4)
		 WHEN r < 0.75 THEN p || a || d5 || 'F'
		 WHEN r < 0.85 THEN p || lower(a) || '·' || d5
		 WHEN r < 0.88 THEN p || a || ' ' || substr(d5, 1, 4) || '学'
		 WHEN r < 0.90 THEN '使' || d5 || '9'
		 WHEN r < 0.95 THEN p || a || overlay(d5 PLACING 'O' FROM 3 FOR 1)
		 WHEN r < 0.98 THEN p || a || 'ABC' || substr(d5, 1, 2)
		 ELSE p || a || substr(d5, 1, 4)
	   END AS s
FROM (SELECT substr('京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新',
					1 + floor(random() * 31)::int, 1) AS p,
			 substr('ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(random() * 24)::int, 1) AS a,
			 lpad(floor(random() * 100000)::int::text, 5, '0') AS d5,
			 random() AS r
	  FROM generate_series(1, 1000000)) AS t;
VACUUM ANALYZE bench_plates;

-- The usual hand-written validator: strip display separators, fold
-- full-width with translate, upper-case, then one regex per layout.
CREATE FUNCTION plpgsql_plate_is_valid(plate text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
	p text;
	prov constant text := '[京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵云藏陕甘青宁新]';
BEGIN
	p := upper(translate(regexp_replace(plate, '[\s·・•‧._\-\u3000]', '', 'g'),
						 '０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ',
						 '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'));
	IF p ~ '^使[0-9]{6}$' OR p ~ '^[0-9]{6}使$' THEN
		RETURN true;
	END IF;
	IF p ~ ('^' || prov || '([XS][0-9]{4}|[0-9]{5})应急$') THEN
		RETURN true;
	END IF;
	IF p ~ ('^' || prov || '[A-HJ-Z][0-9A-HJ-NP-Z]{4}[学警挂]$')
	   OR p ~ '^粤Z[0-9A-HJ-NP-Z]{4}[港澳]$'
	   OR p ~ ('^' || prov || '[A-HJ-Z][0-9]{4}领$') THEN
		RETURN true;
	END IF;
	IF p ~ ('^' || prov || '[A-HJ-Z][0-9A-HJ-NP-Z]{5}$') THEN
		RETURN length(regexp_replace(substr(p, 3), '[0-9]', '', 'g')) <= 2;
	END IF;
	RETURN p ~ ('^' || prov || '[A-HJ-Z][DABCEFGHJK][0-9A-HJ-NP-Z][0-9]{4}$')
		OR p ~ ('^' || prov || '[A-HJ-Z][0-9]{5}[DABCEFGHJK]$');
END
$$;

-- Both validators must agree before they are timed.
SELECT count(*) AS plates, count(*) FILTER (WHERE cn_plate_is_valid(s)) AS valid,
	   count(*) FILTER (WHERE cn_plate_is_valid(s) IS DISTINCT FROM plpgsql_plate_is_valid(s)) AS disagreements
FROM bench_plates;

-- Interleaved, round by round, so load drift hits all alike.
\o /dev/null
SELECT bench_compare('plates',
	ARRAY['scan floor: length(s) = 7', 'cn_plate_is_valid(s)',
		  'cn_plate_normalize(s) IS NOT NULL', 'cn_plate_province(s) IS NOT NULL'],
	ARRAY['SELECT count(*) FROM bench_plates WHERE length(s) = 7',
		  'SELECT count(*) FROM bench_plates WHERE cn_plate_is_valid(s)',
		  'SELECT count(*) FROM bench_plates WHERE cn_plate_normalize(s) IS NOT NULL',
		  'SELECT count(*) FROM bench_plates WHERE cn_plate_province(s) IS NOT NULL'], 7);
\o
-- slow: one warm-up and one timed run
SELECT bench_time('plates', 'PL/pgSQL regex validator',
				  'SELECT count(*) FROM bench_plates WHERE plpgsql_plate_is_valid(s)', 1);

\set ECHO all
-- ratio to the scan floor (target for cn_plate_is_valid: <= 2.0)
SELECT * FROM bench_report('plates', 'scan floor: length(s) = 7');
-- speed-up over PL/pgSQL (target for cn_plate_is_valid: >= 30)
SELECT label, median_ms,
	   round(max(median_ms) FILTER (WHERE label = 'PL/pgSQL regex validator') OVER () / median_ms, 1)
		   AS times_faster_than_plpgsql
FROM bench_report('plates', 'PL/pgSQL regex validator');
