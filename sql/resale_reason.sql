-- zero_mileage_reason (issue 20, part 2): why is_zero_mileage is TRUE,
-- FALSE or NULL.  One hand-made vehicle per reason, then a property test
-- on random summaries (whole groups, rolled up from random splits, merged
-- pairwise) and random thresholds: the reason always stands for the flag,
-- and equals a plain-SQL CASE over the other accessors.
SET TimeZone = 'UTC';
CREATE TABLE zr_ev (g int, kind vehicle_event, at timestamptz, km float8);
INSERT INTO zr_ev VALUES
-- zero_mileage: resold within, first reading <= max_km (here exactly 50)
	(1, 'registration', '2025-01-01', NULL), (1, 'listing', '2025-02-01', 50),
-- driven_over_limit: the reading at the first resale is above
	(2, 'registration', '2025-01-01', NULL), (2, 'listing', '2025-02-01', 900),
-- resold_after_window
	(3, 'registration', '2024-01-01', NULL), (3, 'export', '2025-01-20', 1),
-- resold_only_before_registration
	(4, 'listing', '2023-12-01', 1), (4, 'registration', '2024-01-01', NULL),
-- no_resale: registered (and insured), nothing after
	(5, 'registration', '2024-01-01', NULL), (5, 'insurance', '2024-01-02', NULL),
-- later_reading_over_limit: no reading at the first resale, a later one above
	(6, 'registration', '2025-01-01', NULL), (6, 'transfer', '2025-01-20', NULL),
	(6, 'listing', '2025-02-20', 900),
-- no_odometer_reading
	(7, 'registration', '2025-01-01', NULL), (7, 'listing', '2025-01-20', NULL),
-- no_registration
	(8, 'listing', '2025-01-20', 3), (8, 'insurance', '2025-01-01', NULL);
CREATE TABLE zr_sum AS SELECT g, resale_agg(kind, at, km) AS s FROM zr_ev GROUP BY g;
SELECT g, zero_mileage_reason(s) AS reason, is_zero_mileage(s) AS flag,
	   zero_mileage_reason(s, '180 days', 50, 'Asia/Shanghai') AS in_shanghai,
	   (resale_facts(s)).zero_mileage_reason AS in_facts
FROM zr_sum ORDER BY g;
-- the thresholds move a vehicle between reasons
SELECT g, zero_mileage_reason(s, '10 days', 50) AS short_window,
	   zero_mileage_reason(s, '180 days', 49) AS "49 km",
	   zero_mileage_reason(s, '180 days', km_below(50)) AS "under 50 km",
	   zero_mileage_reason(s, '180 days', 'Infinity') AS no_limit
FROM zr_sum WHERE g IN (1, 2, 6) ORDER BY g;
-- The type orders TRUE, then FALSE, then NULL reasons.
SELECT e.enumsortorder, e.enumlabel
FROM pg_enum e WHERE e.enumtypid = 'zero_mileage_reason'::regtype ORDER BY 1;
-- Strict, never NULL for a summary; volatility as is_zero_mileage's.
SELECT zero_mileage_reason(NULL::resale_summary) IS NULL AS null_summary,
	   zero_mileage_reason(s, NULL) IS NULL AS null_within,
	   zero_mileage_reason(s, '1 day', NULL) IS NULL AS null_km,
	   zero_mileage_reason(s, '1 day', 1, NULL) IS NULL AS null_zone
FROM zr_sum WHERE g = 1;
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.proisstrict
FROM pg_proc p WHERE p.proname IN ('zero_mileage_reason', 'km_below')
ORDER BY p.pronargs, p.proname;
SELECT zero_mileage_reason(s, '1 day', 50, 'Mars/Olympus_Mons') FROM zr_sum WHERE g = 1;
\echo :LAST_ERROR_SQLSTATE

-- km_below(x): the largest float8 below x, so that <= km_below(x) is < x.
SELECT km_below(50) < 50 AS below, km_below(50) = 50 - 7.105427357601002e-15 AS next_down,
	   km_below(0) < 0 AS below_zero, km_below('Infinity') = 1.7976931348623157e308 AS largest;

-- The property test.  Random events, with readings often equal to the
-- thresholds, times on hour and day boundaries and many vehicles without
-- registration, readings or resales.
SELECT setseed(0.2020);
CREATE TABLE zr_rand AS
SELECT (1 + floor(random() * 3000))::int AS g,
	   (ARRAY['registration', 'registration', 'insurance', 'transfer', 'listing', 'export']
		)[1 + floor(random() * 6)::int]::vehicle_event AS kind,
	   timestamptz '2024-01-01' + floor(random() * 500) * interval '1 day'
		+ (ARRAY[0, 0, 1, 23, 24])[1 + floor(random() * 5)::int] * interval '1 hour' AS at,
	   CASE WHEN random() < 0.4 THEN NULL
			ELSE (ARRAY[0, 10, 49.5, 50, 50, 51, 120, 3000])[1 + floor(random() * 8)::int]::float8
	   END AS km
FROM generate_series(1, 12000);
-- each vehicle's summary three ways: whole, rolled up from a random split
-- into up to four parts, and merged pairwise from two halves
CREATE TABLE zr_s AS
SELECT 'whole' AS how, g, resale_agg(kind, at, km) AS s FROM zr_rand GROUP BY g
UNION ALL
SELECT 'rollup', g, rollup(s)
FROM (SELECT g, resale_agg(kind, at, km) AS s
	  FROM zr_rand GROUP BY g, hashint4(g * 7 + extract(epoch FROM at)::int) & 3) p
GROUP BY g
UNION ALL
SELECT 'merge', g, resale_summary_merge(
	resale_agg(kind, at, km) FILTER (WHERE at < '2024-09-01'),
	resale_agg(kind, at, km) FILTER (WHERE at >= '2024-09-01'))
FROM zr_rand GROUP BY g;
-- random thresholds, with the boundary cases
CREATE TABLE zr_t AS
SELECT w, k FROM
	(VALUES (interval '1 hour'), ('1 day'), ('23:00'), ('30 days'), ('3 months'),
			('180 days'), ('1 year'), ('1 mon -29 days'),
			(floor(random() * 400) * interval '1 day' + interval '1 hour')) ww(w),
	(VALUES (0::float8), (49.5), (50), (km_below(50)), (51), ('Infinity'),
			(round((random() * 200)::numeric, 1)::float8)) kk(k);

CREATE TABLE zr_checked AS
SELECT z.how, z.g, t.w, t.k, zero_mileage_reason(z.s, t.w, t.k) AS reason,
	   is_zero_mileage(z.s, t.w, t.k) AS flag,
	   CASE WHEN registered_at(z.s) IS NULL THEN 'no_registration'
			WHEN first_resale_at(z.s) IS NULL AND events_before_registration(z.s) > 0
				THEN 'resold_only_before_registration'
			WHEN first_resale_at(z.s) IS NULL THEN 'no_resale'
			WHEN first_resale_at(z.s) > registered_at(z.s) + t.w THEN 'resold_after_window'
			WHEN first_known_odometer_km(z.s) IS NULL THEN 'no_odometer_reading'
			WHEN first_known_odometer_km(z.s) <= t.k THEN 'zero_mileage'
			WHEN first_known_odometer_at(z.s) = first_resale_at(z.s) THEN 'driven_over_limit'
			ELSE 'later_reading_over_limit' END::zero_mileage_reason AS oracle,
	   zero_mileage_reason(z.s, t.w, t.k, 'UTC') AS utc_form,
	   (resale_facts(z.s, t.w, t.k)).zero_mileage_reason AS facts
FROM zr_s z, zr_t t WHERE z.s IS NOT NULL;

-- every reason occurs, for many cases (the test is not vacuous)
SELECT reason, count(*) > 100 AS many FROM zr_checked GROUP BY reason ORDER BY reason;
-- the reason stands for the flag: TRUE, FALSE or NULL
SELECT count(*) AS cases,
	   count(*) FILTER (WHERE flag IS DISTINCT FROM
		   CASE WHEN reason = 'zero_mileage' THEN true
				WHEN reason < 'later_reading_over_limit' THEN false END) AS flag_mismatches,
	   count(*) FILTER (WHERE reason IS DISTINCT FROM oracle) AS oracle_mismatches,
	   count(*) FILTER (WHERE reason IS DISTINCT FROM utc_form) AS zone_form_mismatches,
	   count(*) FILTER (WHERE reason IS DISTINCT FROM facts) AS facts_mismatches,
	   count(*) FILTER (WHERE reason IS NULL) AS null_reasons
FROM zr_checked;
-- the three ways of building a summary give the same reasons (windows
-- grouped by their text: '1 mon -29 days' = '1 day' as intervals compare,
-- yet they are different windows)
SELECT count(*) AS disagreements
FROM (SELECT g, w::text, k FROM zr_checked GROUP BY g, w::text, k
	  HAVING count(DISTINCT reason) > 1) d;

-- The time_zone form equals the session form under that zone.
SET TimeZone = 'America/New_York';
SELECT count(*) FILTER (WHERE zero_mileage_reason(z.s, t.w, t.k) IS DISTINCT FROM
							  zero_mileage_reason(z.s, t.w, t.k, 'America/New_York'))
	   AS new_york_mismatches
FROM zr_s z, zr_t t WHERE z.s IS NOT NULL AND z.how = 'whole';
RESET TimeZone;

DROP TABLE zr_ev, zr_sum, zr_rand, zr_s, zr_t, zr_checked;
