-- resold_within and is_zero_mileage compute R + within as timestamptz +
-- interval does, in the session TimeZone, with a shortcut for the cases
-- that are a plain shift (no months; no days, or a zone with one UTC
-- offset).  Check them against timestamptz + interval itself, at the
-- boundary and one microsecond either side, in zones with and without a
-- fixed offset, and check that the range errors stay the same.
CREATE TABLE rsw_r (r timestamptz);
INSERT INTO rsw_r VALUES
	('2024-01-31 00:00:00+00'), ('2024-02-29 23:59:59.999999+00'),
	('2024-03-31 01:30:00+00'), ('2024-10-27 00:30:00+00'),
	('2011-12-29 10:00:00+00'), ('1900-01-01 12:00:00+00'),
	('1969-12-31 23:59:59+00'), ('2100-06-15 07:45:00.5+00'),
	('0099-03-01 00:00:00+00 BC'), ('200000-07-01 00:00:00+00');
CREATE TABLE rsw_iv (id serial, iv interval);
INSERT INTO rsw_iv (iv) VALUES
	('1 hour'), ('01:00:00.000001'), ('23:59:59.999999'), ('1 day'), ('-3 days 80:00'),
	('180 days'), ('180 days 12:00'), ('1 day -23 hours'), ('100000 days'),
	('3 months'), ('1 mon 2 days 03:00'), ('-1 year 400 days'), ('-1 day 25:00'),
	('1 mon -29 days'), ('1 mon -30 days 01:00');

-- Summaries with R and one resale at R + iv + d microseconds; the oracle
-- is timestamptz + interval in the current TimeZone.  (Grouped by the
-- interval's id: equal intervals such as '1 hour' and '1 day -23 hours'
-- can give different sums.)  Windows are at least an hour as intervals
-- compare, but their parts may be negative.
CREATE FUNCTION rsw_check() RETURNS TABLE (cases bigint, mismatches bigint)
LANGUAGE sql AS $$
	WITH c AS (
		SELECT r, id, iv, r + iv + d * interval '1 microsecond' AS f
		FROM rsw_r, rsw_iv, (VALUES (-1), (0), (1)) dd(d)
	), s AS (
		SELECT r, id, f, min(iv) AS iv, resale_agg(k, a, 0) AS s
		FROM c, LATERAL (VALUES ('registration'::vehicle_event, c.r),
								('listing', c.f)) v(k, a)
		GROUP BY r, id, f
	)
	SELECT count(*),
		   count(*) FILTER (
			   WHERE resold_within(s, iv) IS DISTINCT FROM (f >= r AND f <= r + iv)
				  OR is_zero_mileage(s, iv, 50) IS DISTINCT FROM (f >= r AND f <= r + iv))
	FROM s
$$;

SET TimeZone = 'UTC';
SELECT * FROM rsw_check();
SET TimeZone = 'Etc/GMT-14';
SELECT * FROM rsw_check();
SET TimeZone = 'Etc/GMT+12';
SELECT * FROM rsw_check();
SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE;
SELECT * FROM rsw_check();
SET TimeZone = 'Europe/Berlin';
SELECT * FROM rsw_check();
SET TimeZone = 'Pacific/Apia';
SELECT * FROM rsw_check();
SET TimeZone = 'Australia/Lord_Howe';
SELECT * FROM rsw_check();
SET TimeZone = 'Asia/Kolkata';
SELECT * FROM rsw_check();

-- Near the ends of the range the errors are those of timestamptz +
-- interval, shortcut or not.
SET TimeZone = 'UTC';
SELECT timestamptz '294276-12-25 00:00:00+00' + interval '10 days';
SELECT resold_within(resale_agg(k, a, NULL), '10 days')
FROM (VALUES ('registration'::vehicle_event, '294276-12-25 00:00:00+00'::timestamptz),
			 ('listing', '294276-12-26 00:00:00+00')) v(k, a);
SELECT is_zero_mileage(resale_agg(k, a, NULL), '10 days', 50)
FROM (VALUES ('registration'::vehicle_event, '294276-12-25 00:00:00+00'::timestamptz),
			 ('listing', '294276-12-26 00:00:00+00')) v(k, a);
SELECT timestamptz '294276-12-25 00:00:00+00' + interval '240 hours';
SELECT resold_within(resale_agg(k, a, NULL), '240 hours')
FROM (VALUES ('registration'::vehicle_event, '294276-12-25 00:00:00+00'::timestamptz),
			 ('listing', '294276-12-26 00:00:00+00')) v(k, a);
SET TimeZone = 'Etc/GMT+12';
SELECT timestamptz '4714-11-24 00:00:00+00 BC' + interval '1 day' AS r_plus_1_day;
SELECT resold_within(resale_agg(k, a, NULL), '1 day')
FROM (VALUES ('registration'::vehicle_event, '4714-11-24 00:00:00+00 BC'::timestamptz),
			 ('listing', '4714-11-24 12:00:00+00 BC')) v(k, a);
SELECT timestamptz '4714-11-24 00:00:00+00 BC' + interval '-1 day 25:00';
SELECT resold_within(resale_agg(k, a, NULL), '-1 day 25:00')
FROM (VALUES ('registration'::vehicle_event, '4714-11-24 00:00:00+00 BC'::timestamptz),
			 ('listing', '4714-11-24 12:00:00+00 BC')) v(k, a);
-- An infinite R plus anything is R itself.
SELECT resold_within(resale_agg(k, a, NULL), '1 day')
FROM (VALUES ('registration'::vehicle_event, '-infinity'::timestamptz),
			 ('listing', '2025-01-01')) v(k, a);

-- Whether the zone has one UTC offset is kept per call site, and looked
-- up again when TimeZone changes during a statement: the first row's
-- set_config moves to New York, where 2025-03-08 12:00 + 1 day is only 23
-- hours later (daylight saving time starts on March 9), so the second
-- row's answer differs from the first's.
SET TimeZone = 'UTC';
SELECT i, resold_within(s, '1 day') AS within_1_day,
	   set_config('TimeZone', 'America/New_York', false) AS zone_now
FROM (VALUES (1), (2)) v(i),
	 (SELECT resale_agg(k, a, NULL) AS s
	  FROM (VALUES ('registration'::vehicle_event, '2025-03-08 17:00:00+00'::timestamptz),
				   ('listing', '2025-03-09 16:30:00+00')) e(k, a)) x;
SET TimeZone = 'UTC';

-- The forms taking a time zone (IMMUTABLE, for clusters whose nodes may
-- have other settings) give, whatever TimeZone is, what the TimeZone forms
-- give with TimeZone set to that zone.
CREATE TABLE rsw_s AS
WITH c AS (
	SELECT r, id, iv, r + iv + d * interval '1 microsecond' AS f
	FROM rsw_r, rsw_iv, (VALUES (-1), (0), (1)) dd(d)
)
SELECT r, id, f, min(iv) AS iv, resale_agg(k, a, 0) AS s
FROM c, LATERAL (VALUES ('registration'::vehicle_event, c.r), ('listing', c.f)) v(k, a)
GROUP BY r, id, f;
CREATE TABLE rsw_oracle (zone text, r timestamptz, id int, f timestamptz,
						 within boolean, zero boolean);
CREATE FUNCTION rsw_oracle_add(z text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('TimeZone', z, true);
	INSERT INTO rsw_oracle
	SELECT z, r, id, f, resold_within(s, iv), is_zero_mileage(s, iv, 50) FROM rsw_s;
END
$$;
SELECT count(rsw_oracle_add(z)) AS zones
FROM (VALUES ('UTC'), ('Etc/GMT-14'), ('Etc/GMT+12'), ('Europe/Berlin'), ('Pacific/Apia'),
			 ('Australia/Lord_Howe'), ('Asia/Kolkata'), ('Asia/Shanghai'),
			 ('America/New_York')) z(z);
SET TimeZone = 'Pacific/Kiritimati';
SELECT o.zone, count(*) AS cases,
	   count(*) FILTER (WHERE resold_within(t.s, t.iv, o.zone) IS DISTINCT FROM o.within
						   OR is_zero_mileage(t.s, t.iv, 50, o.zone) IS DISTINCT FROM o.zero)
		   AS mismatches
FROM rsw_oracle o JOIN rsw_s t USING (r, id, f)
GROUP BY o.zone ORDER BY o.zone;
-- near the ends of the range, the same errors
SELECT resold_within(resale_agg(k, a, NULL), '10 days', 'UTC')
FROM (VALUES ('registration'::vehicle_event, '294276-12-25 00:00:00+00'::timestamptz),
			 ('listing', '294276-12-26 00:00:00+00')) v(k, a);
SELECT is_zero_mileage(resale_agg(k, a, NULL), '1 mon', 50, 'Europe/Berlin')
FROM (VALUES ('registration'::vehicle_event, '294276-12-25 00:00:00+00'::timestamptz),
			 ('listing', '294276-12-26 00:00:00+00')) v(k, a);
SELECT resold_within(resale_agg(k, a, NULL), '1 day', 'UTC')
FROM (VALUES ('registration'::vehicle_event, '-infinity'::timestamptz),
			 ('listing', '2025-01-01')) v(k, a);
-- zones: names PostgreSQL knows; abbreviations (which depend on a
-- setting) and unknown names are refused
SELECT resold_within(s, '1 day', 'CST') FROM rsw_s LIMIT 1;
SELECT resold_within(s, '1 day', 'Mars/Olympus_Mons') FROM rsw_s LIMIT 1;
SELECT is_zero_mileage(s, '1 day', 50, '') FROM rsw_s LIMIT 1;
SELECT resold_within(s, '1 day', repeat('x', 300)) FROM rsw_s LIMIT 1;
SELECT resold_within(s, '1 day', NULL) IS NULL AS strict FROM rsw_s LIMIT 1;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel
FROM pg_proc p
WHERE p.proname IN ('resold_within', 'is_zero_mileage')
ORDER BY p.pronargs, p.proname;
RESET TimeZone;

DROP FUNCTION rsw_check();
DROP FUNCTION rsw_oracle_add(text);
DROP TABLE rsw_r, rsw_iv, rsw_s, rsw_oracle;
