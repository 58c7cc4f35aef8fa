-- resale_facts and the resale_summary -> jsonb cast (issue 11, part 1).
-- Property-style: for many summaries (random events, with and without
-- registrations, readings and sellers, events before R, ties, DST
-- changes, rolled up from parts), every field of resale_facts equals its
-- accessor, in several zones and for several thresholds; the time_zone
-- form equals the session form under that zone; the jsonb form equals
-- the accessors read back.
SELECT setseed(0.11);
CREATE TABLE bf_ev AS
SELECT 'V' || (1 + floor(random() * 1500))::int AS vin,
	   (ARRAY['registration', 'insurance', 'transfer', 'listing', 'export']
		)[1 + floor(random() * 5)::int]::vehicle_event AS kind,
	   timestamptz '2024-10-20 00:00+00'
		+ floor(random() * 400) * interval '1 day'
		+ (ARRAY[0, 0, 3600, 5400, 86399])[1 + floor(random() * 5)::int]
		  * interval '1 second' AS at,
	   CASE WHEN random() < 0.3 THEN NULL
			ELSE round((random() * 120)::numeric, 1)::float8 END AS km,
	   CASE WHEN random() < 0.3 THEN NULL
			ELSE (ARRAY['dealer-1', 'dealer "2"', E'd\\3', '经销商', ''])
				[1 + floor(random() * 5)::int] END AS seller
FROM generate_series(1, 9000);

-- Summaries of whole groups, and the same rolled up from two halves
-- (whose states keep events dated before R in their lists).
CREATE TABLE bf_s AS
SELECT vin, resale_agg(kind, at, km, seller) AS s FROM bf_ev GROUP BY vin
UNION ALL
SELECT vin || '/rolled', rollup(s)
FROM (SELECT vin, resale_agg(kind, at, km, seller) AS s
	  FROM bf_ev GROUP BY vin, (at < timestamptz '2025-06-01')) p
GROUP BY vin;

-- Coverage: how many summaries have each field, so that the comparison
-- below is not vacuous.
SELECT count(*) AS summaries,
	   count(registered_at(s)) > 100 AS with_r,
	   count(*) FILTER (WHERE registered_at(s) IS NULL) > 50 AS without_r,
	   count(insured_at(s)) > 100 AS with_insurance,
	   count(first_resale_seller(s)) > 100 AS with_seller,
	   count(registered_by(s)) > 50 AS with_registrant,
	   count(resale_odometer_km(s)) > 100 AS with_reading,
	   count(*) FILTER (WHERE events_before_registration(s) > 0) > 50 AS with_before,
	   count(first_export_at(s)) > 50 AS with_export,
	   count(*) FILTER (WHERE is_zero_mileage(s)) > 20 AS zero_mileage,
	   count(*) FILTER (WHERE NOT is_zero_mileage(s)) > 20 AS not_zero_mileage,
	   count(*) FILTER (WHERE resold_within(s, '180 days')
						AND is_zero_mileage(s) IS NULL) > 5 AS unknown_mileage
FROM bf_s;

-- The number of summaries where a field differs from its accessor.
CREATE FUNCTION bf_mismatches(w interval, k float8)
RETURNS TABLE (field text, mismatches bigint)
LANGUAGE sql STABLE AS $$
	SELECT field, count(*) FILTER (WHERE differs)
	FROM (SELECT s, resale_facts(s, w, k) AS f FROM bf_s) x,
		 LATERAL (VALUES
			('registered_at', (f).registered_at IS DISTINCT FROM registered_at(s)),
			('registered_by', (f).registered_by IS DISTINCT FROM registered_by(s)),
			('insured_at', (f).insured_at IS DISTINCT FROM insured_at(s)),
			('registration_count', (f).registration_count IS DISTINCT FROM registration_count(s)),
			('first_resale_at', (f).first_resale_at IS DISTINCT FROM first_resale_at(s)),
			('first_resale_kind', (f).first_resale_kind IS DISTINCT FROM first_resale_kind(s)),
			('first_resale_seller', (f).first_resale_seller IS DISTINCT FROM first_resale_seller(s)),
			('resale_odometer_km', (f).resale_odometer_km IS DISTINCT FROM resale_odometer_km(s)),
			('resale_interval', (f).resale_interval::text IS DISTINCT FROM resale_interval(s)::text),
			('resale_days', (f).resale_days IS DISTINCT FROM
				round(extract(epoch FROM resale_interval(s)) / 86400, 6)),
			('first_known_odometer_at', (f).first_known_odometer_at IS DISTINCT FROM first_known_odometer_at(s)),
			('first_known_odometer_km', (f).first_known_odometer_km IS DISTINCT FROM first_known_odometer_km(s)),
			('resale_count', (f).resale_count IS DISTINCT FROM resale_count(s)),
			('events_before_registration', (f).events_before_registration IS DISTINCT FROM events_before_registration(s)),
			('resold_within', (f).resold_within IS DISTINCT FROM resold_within(s, w)),
			('is_zero_mileage', (f).is_zero_mileage IS DISTINCT FROM is_zero_mileage(s, w, k)),
			('zero_mileage_reason', (f).zero_mileage_reason IS DISTINCT FROM zero_mileage_reason(s, w, k)),
			('first_export_at', (f).first_export_at IS DISTINCT FROM first_export_at(s)),
			('exports_tracked', (f).exports_tracked IS DISTINCT FROM exports_tracked(s)),
			('exported_within', (f).exported_within IS DISTINCT FROM exported_within(s, w)),
			('time_zone form', f IS DISTINCT FROM
				resale_facts(s, w, k, current_setting('TimeZone'))))
		 AS v(field, differs)
	GROUP BY field
	HAVING count(*) FILTER (WHERE differs) > 0
$$;

-- expected: no rows, in every zone and for every threshold
SET TimeZone = 'UTC';
SELECT * FROM bf_mismatches('180 days', 50);
SELECT * FROM bf_mismatches('3 months', 10.5);
SET TimeZone = 'America/New_York';
SELECT * FROM bf_mismatches('180 days', 50);
SELECT * FROM bf_mismatches('1 mon 2 days 03:00', 30);
SELECT * FROM bf_mismatches('1 day', 0);
SET TimeZone = 'Asia/Shanghai';
SELECT * FROM bf_mismatches('180 days', 50);
SELECT * FROM bf_mismatches('1 hour', 200);

-- The defaults are 180 days and 50 km, as is_zero_mileage's.
SELECT count(*) FILTER (WHERE resale_facts(s) IS DISTINCT FROM
							  resale_facts(s, '180 days', 50)) AS default_mismatches
FROM bf_s;

-- The time_zone form computes in its zone whatever the session's: across
-- New York's DST change, '1 day' after R is 23 hours there, 24 in UTC.
CREATE TABLE bf_dst AS
SELECT resale_agg(k, a, 10) AS s
FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-03-08 12:00-05'),
			 ('listing', timestamptz '2025-03-09 12:30-04')) v(k, a);
SET TimeZone = 'UTC';
SELECT (resale_facts(s, '1 day', 50)).resold_within AS utc,
	   (resale_facts(s, '1 day', 50, 'America/New_York')).resold_within AS new_york,
	   (resale_facts(s, '1 day', 50, 'UTC')).is_zero_mileage AS utc_zero_mileage
FROM bf_dst;
SET TimeZone = 'America/New_York';
SELECT (resale_facts(s, '1 day', 50)).resold_within AS new_york,
	   (resale_facts(s, '1 day', 50, 'UTC')).resold_within AS utc,
	   resold_within(s, '1 day') AS accessor
FROM bf_dst;
-- A POSIX zone specification works; an unknown name is 22023.
SELECT (resale_facts(s, '1 day', 50, 'UTC+5')).resold_within AS posix_fixed FROM bf_dst;
SELECT resale_facts(s, '1 day', 50, 'Nowhere/Atlantis') FROM bf_dst;
\echo :LAST_ERROR_SQLSTATE
SELECT resale_facts(s, '1 day', 50, repeat('x', 300)) FROM bf_dst;
\echo :LAST_ERROR_SQLSTATE
-- The zone is looked up again when the name changes within a query.
SELECT z, (resale_facts(s, '1 day', 50, z)).resold_within
FROM bf_dst, (VALUES ('UTC'), ('America/New_York'), ('UTC')) v(z);
-- Strict: a NULL argument gives NULL.
SELECT resale_facts(NULL::resale_summary) IS NULL AS null_summary,
	   resale_facts(s, NULL) IS NULL AS null_within,
	   resale_facts(s, '1 day', 50, NULL) IS NULL AS null_zone
FROM bf_dst;

-- A flat, typed row for BI tools.
SELECT vin, (resale_facts(s)).* FROM bf_s WHERE vin IN ('V1', 'V2') ORDER BY vin;
SELECT attname, format_type(atttypid, atttypmod)
FROM pg_attribute
WHERE attrelid = 'resale_facts'::regclass AND attnum > 0 ORDER BY attnum;

-- The jsonb cast: explicit only, immutable, and equal to the accessors.
SELECT castcontext, provolatile, proparallel, proisstrict
FROM pg_cast c JOIN pg_proc p ON p.oid = c.castfunc
WHERE castsource = 'resale_summary'::regtype AND casttarget = 'jsonb'::regtype;
SELECT p.oid::regprocedure AS function, provolatile, proparallel, proisstrict
FROM pg_proc p WHERE proname = 'resale_facts' ORDER BY 1::text;

SET TimeZone = 'UTC';
-- expected: no rows
SELECT field, count(*) AS mismatches
FROM (SELECT s, s::jsonb AS j FROM bf_s) x,
	 LATERAL (VALUES
		('registered_at', j->'registered_at' IS DISTINCT FROM coalesce(to_jsonb(registered_at(s)), 'null')),
		('registered_by', j->>'registered_by' IS DISTINCT FROM registered_by(s)),
		('insured_at', j->'insured_at' IS DISTINCT FROM coalesce(to_jsonb(insured_at(s)), 'null')),
		('registration_count', (j->>'registration_count')::bigint IS DISTINCT FROM registration_count(s)),
		('first_resale_at', j->'first_resale_at' IS DISTINCT FROM coalesce(to_jsonb(first_resale_at(s)), 'null')),
		('first_resale_kind', (j->>'first_resale_kind')::vehicle_event IS DISTINCT FROM first_resale_kind(s)),
		('first_resale_seller', j->>'first_resale_seller' IS DISTINCT FROM first_resale_seller(s)),
		('resale_odometer_km', (j->>'resale_odometer_km')::float8 IS DISTINCT FROM resale_odometer_km(s)),
		('resale_interval', (j->>'resale_interval')::interval IS DISTINCT FROM resale_interval(s)),
		('resale_days', (j->>'resale_days')::numeric IS DISTINCT FROM (resale_facts(s)).resale_days),
		('first_known_odometer_at', j->'first_known_odometer_at' IS DISTINCT FROM coalesce(to_jsonb(first_known_odometer_at(s)), 'null')),
		('first_known_odometer_km', (j->>'first_known_odometer_km')::float8 IS DISTINCT FROM first_known_odometer_km(s)),
		('resale_count', (j->>'resale_count')::bigint IS DISTINCT FROM resale_count(s)),
		('events_before_registration', (j->>'events_before_registration')::bigint IS DISTINCT FROM events_before_registration(s)),
		('first_export_at', j->'first_export_at' IS DISTINCT FROM coalesce(to_jsonb(first_export_at(s)), 'null')),
		('exports_tracked', (j->>'exports_tracked')::boolean IS DISTINCT FROM exports_tracked(s)),
		('keys', (SELECT count(*) FROM jsonb_object_keys(j)) <> 16))
	 AS v(field, differs)
WHERE differs
GROUP BY field;
-- The same text whatever the session's zone (immutable).
SELECT s::jsonb::text AS utc FROM bf_dst;
SET TimeZone = 'Asia/Shanghai';
SELECT s::jsonb::text AS shanghai FROM bf_dst;
-- Exact readings, escaped sellers, no resale, fractional days.
SELECT resale_agg(k, a, km, seller)::jsonb
FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01 00:00+00', NULL::float8, NULL),
			 ('insurance', '2024-12-30 08:00+00', NULL, NULL),
			 ('listing', '2025-01-01 00:00:00.000043+00', 1e-300, E'a "b" \\ c\n'),
			 ('export', '2025-02-01 00:00+00', 1e22, 'x')) v(k, a, km, seller);
SELECT resale_agg('registration', timestamptz '2025-01-01 00:00+00', NULL)::jsonb;
-- No implicit or assignment cast.
SELECT '{}'::jsonb || s FROM bf_dst;
RESET TimeZone;
DROP FUNCTION bf_mismatches(interval, float8);
DROP TABLE bf_ev, bf_s, bf_dst;
