-- resale_agg and its accessors: hand-checked cases, then an oracle test
-- comparing every accessor with a plain-SQL computation over random events.
SET TimeZone = 'UTC';
CREATE TABLE rs_ev (
	g int,
	kind vehicle_event,
	at timestamptz,
	km double precision,
	seller text
);

-- One vehicle: two registrations, a listing before the earliest one, ties
-- at the first resale time broken by known odometer, then smaller odometer.
INSERT INTO rs_ev VALUES
	(1, 'listing', '2025-01-01', NULL, 'early'),
	(1, 'registration', '2025-01-05', NULL, NULL),
	(1, 'registration', '2025-01-03', NULL, NULL),
	(1, 'insurance', '2025-01-02', NULL, NULL),
	(1, 'insurance', '2025-01-01 12:00', NULL, NULL),
	(1, 'transfer', '2025-01-10', NULL, 'a'),
	(1, 'export', '2025-01-10', 7, 'b'),
	(1, 'listing', '2025-01-10', 7, 'c'),
	(1, 'listing', '2025-01-10', 9, 'd'),
	(1, 'listing', '2025-02-10', 3000, NULL),
-- ties on at, odometer and kind: seller byte order, NULL last
	(2, 'registration', '2025-03-01', NULL, NULL),
	(2, 'listing', '2025-03-02', 10, NULL),
	(2, 'listing', '2025-03-02', 10, 'b'),
	(2, 'listing', '2025-03-02', 10, 'B'),
-- no registration: first resale of all, counts of all
	(3, 'listing', '2025-05-01', NULL, NULL),
	(3, 'transfer', '2025-04-01', NULL, 'x'),
-- first resale without odometer, reading later and high: unknown
	(4, 'registration', '2025-01-01', NULL, NULL),
	(4, 'transfer', '2025-01-20', NULL, NULL),
	(4, 'listing', '2025-02-20', 900, NULL),
-- reading at the first resale, above the limit: not zero-mileage
	(5, 'registration', '2025-01-01', NULL, NULL),
	(5, 'listing', '2025-01-20', 900, NULL),
-- resold late: false whatever the odometer
	(6, 'registration', '2024-01-01', NULL, NULL),
	(6, 'export', '2025-01-20', 1, NULL),
-- registered, never resold
	(7, 'registration', '2024-01-01', NULL, NULL),
	(7, 'listing', '2023-01-01', 1, NULL),
-- only unusable rows: no summary
	(8, NULL, '2025-01-01', 1, 'x'),
	(8, 'listing', NULL, 1, 'x'),
-- calendar arithmetic: R + 3 months = 2024-06-01, R + 90 days = 2024-05-30
	(9, 'registration', '2024-03-01', NULL, NULL),
	(9, 'listing', '2024-06-01', 0, NULL);

CREATE TABLE rs_sum AS
	SELECT g, resale_agg(kind, at, km, seller) AS s FROM rs_ev GROUP BY g;

SELECT g, s FROM rs_sum ORDER BY g;

SELECT g, registered_at(s), insured_at(s), registration_count(s) AS regs,
	   first_resale_at(s), first_resale_kind(s) AS kind,
	   first_resale_seller(s) AS seller, resale_odometer_km(s) AS km,
	   resale_interval(s)
FROM rs_sum ORDER BY g;

SELECT g, first_known_odometer_at(s), first_known_odometer_km(s) AS known_km,
	   resale_count(s) AS n_resale, events_before_registration(s) AS n_before,
	   resold_within(s, '3 months') AS w3m, resold_within(s, '90 days') AS w90d,
	   is_zero_mileage(s) AS zm, is_zero_mileage(s, '3 months', 5) AS zm_3m_5km,
	   is_zero_mileage(s, '1 year', 1000) AS zm_1y_1000km
FROM rs_sum ORDER BY g;

-- The three-argument form is the four-argument form without sellers.
SELECT count(*) AS mismatches
FROM (SELECT g, resale_agg(kind, at, km) AS s FROM rs_ev GROUP BY g) a
JOIN (SELECT g, resale_agg(kind, at, km, NULL) AS s FROM rs_ev GROUP BY g) b
	USING (g)
WHERE a.s::text IS DISTINCT FROM b.s::text;

-- Empty input and NULL-only input yield NULL; strict accessors pass NULL.
SELECT resale_agg(kind, at, km) IS NULL AS empty_is_null FROM rs_ev WHERE false;
SELECT resale_agg(kind, at, km, seller) IS NULL AS unusable_is_null
FROM rs_ev WHERE g = 8;
SELECT rollup(s) IS NULL AS rollup_of_nothing FROM rs_sum WHERE false;
SELECT registered_at(NULL), resale_count(NULL), is_zero_mileage(NULL);

-- The transition function called directly never modifies its argument.
SELECT s::text = t0 AS unchanged, registration_count(s2) AS regs_after
FROM (SELECT s, s::text AS t0,
			 resale_agg_transfn(s, 'registration', '2000-01-01', NULL) AS s2
	  FROM rs_sum WHERE g = 1) x;
SELECT resale_agg_transfn(NULL, NULL, now(), 1) IS NULL AS null_row_skipped,
	   resale_agg_transfn(NULL, 'insurance', '2025-01-01', NULL, 'ignored')
		   AS insurance_only;

-- Bad odometer readings are rejected, not silently dropped.
SELECT resale_agg(k, t, km) FROM (VALUES ('listing'::vehicle_event, '2025-01-01'::timestamptz, -1::float8)) v(k, t, km);
SELECT resale_agg(k, t, km) FROM (VALUES ('listing'::vehicle_event, '2025-01-01'::timestamptz, 'NaN'::float8)) v(k, t, km);
SELECT resale_agg(k, t, km) FROM (VALUES ('registration'::vehicle_event, '2025-01-01'::timestamptz, 'Infinity'::float8)) v(k, t, km);
-- -0 is stored as 0
SELECT resale_agg(k, t, km) FROM (VALUES ('listing'::vehicle_event, '2025-01-01'::timestamptz, '-0'::float8)) v(k, t, km);

-- Infinite timestamps order like timestamptz; subtraction behaves like it
-- (sql/resale_infinite.sql).
SELECT resold_within(s, '1 day'), first_resale_at(s)
FROM (SELECT resale_agg(k, t, NULL) AS s
	  FROM (VALUES ('registration'::vehicle_event, '-infinity'::timestamptz),
				   ('listing', 'infinity')) v(k, t)) x;

-- Issue 22 (13): a resale more than 2^63 microseconds (some 292,000
-- years) after the registration: resale_interval is 22008 (interval out
-- of range), as for the infinities before 17, and so are the facts and
-- the jsonb (15's subtraction wrapped it into a negative interval).  One
-- microsecond less still answers.
CREATE TEMP TABLE rs_far AS
SELECT d, resale_agg(k, t, NULL) AS s
FROM (VALUES ('fits', 'registration'::vehicle_event, timestamptz '4714-11-24 00:00:00+00 BC'),
			 ('fits', 'listing', '287564-12-03 04:00:54.775807+00'),
			 ('over', 'registration', '4714-11-24 00:00:00+00 BC'),
			 ('over', 'listing', '287564-12-03 04:00:54.775808+00')) v(d, k, t)
GROUP BY d;
SELECT d, (extract(epoch FROM first_resale_at(s)) - extract(epoch FROM registered_at(s))) * 1000000
		  - 9223372036854775807 AS beyond_int64_microseconds
FROM rs_far ORDER BY d;
SELECT resale_interval(s), (resale_facts(s)).resale_days, s::jsonb ->> 'resale_interval' AS json_interval
FROM rs_far WHERE d = 'fits';
SELECT resale_interval(s) FROM rs_far WHERE d = 'over';
SELECT (resale_facts(s)).resale_days FROM rs_far WHERE d = 'over';
SELECT s::jsonb FROM rs_far WHERE d = 'over';
DROP TABLE rs_far;

-- Merging with NULL: NULL is the summary of no rows.
SELECT resale_summary_merge(NULL, NULL) IS NULL AS both_null,
	   resale_summary_merge(s, NULL)::text = s::text AS right_null,
	   resale_summary_merge(NULL, s)::text = s::text AS left_null
FROM rs_sum WHERE g = 1;

-- Outside an aggregate (ON CONFLICT ... DO UPDATE, resale_track) merge and
-- the transition function return the canonical form: byte-equal to the
-- same summary read back from text, with no room kept for growth (*= on
-- records compares the values' bytes).
CREATE TABLE rs_b1 AS
SELECT resale_agg(k, at, km, seller) FILTER (WHERE at < '2025-01-03') AS a,
	   resale_agg(k, at, km, seller) FILTER (WHERE at >= '2025-01-03') AS b,
	   resale_agg('registration', '2025-01-02', NULL, NULL) AS r
FROM (SELECT 'listing'::vehicle_event AS k,
			 timestamptz '2025-01-01' + i * interval '1 hour' AS at,
			 1.0::float8 AS km, 'seller' || i AS seller
	  FROM generate_series(1, 50) i) ev;
SELECT name, pg_column_size(m) = pg_column_size(m::text::resale_summary) AS same_size,
	   (SELECT x *= y FROM (SELECT ROW(m) AS x, ROW(m::text::resale_summary) AS y) r)
		   AS byte_equal
FROM rs_b1, LATERAL (VALUES
	('merge, both with before lists', resale_summary_merge(a, b)),
	('merge, registration moves entries', resale_summary_merge(a, r)),
	('merge, into a registration', resale_summary_merge(r, a)),
	('merge with NULL', resale_summary_merge(a, NULL)),
	('merge of NULL', resale_summary_merge(NULL, b)),
	('transfn, first row', resale_agg_transfn(NULL, 'listing', '2025-01-01', 1, 'first seller')),
	('transfn, before entry', resale_agg_transfn(a, 'export', '2024-12-31', 2, 'early seller')),
	('transfn, registration', resale_agg_transfn(a, 'registration', '2025-01-02', NULL, NULL)),
	('transfn, NULL kind', resale_agg_transfn(a, NULL, '2025-01-02', NULL, NULL))) v(name, m);
DROP TABLE rs_b1;

-- A vehicle_event label resale_agg does not know (one added to the type
-- after installation, such as deregistration) is an error naming the
-- label, not a silently skipped row.  A label added by ALTER TYPE cannot
-- be used in the same transaction, and the installed type must stay as
-- it is, so the transition function is bound in a scratch schema with its
-- own vehicle_event (the function reads the type of its own schema).
CREATE SCHEMA rs_label;
CREATE TYPE rs_label.vehicle_event AS ENUM
	('registration', 'insurance', 'transfer', 'listing', 'export', 'deregistration');
CREATE FUNCTION rs_label.transfn(resale_summary, rs_label.vehicle_event, timestamptz, float8)
	RETURNS resale_summary AS '$libdir/zeromile', 'resale_agg_transfn' LANGUAGE C;
SELECT rs_label.transfn(NULL, 'export', '2025-01-01', NULL) AS known_label;
SELECT rs_label.transfn(NULL, 'deregistration', '2025-01-01', NULL);
\set VERBOSITY sqlstate
SELECT rs_label.transfn(NULL, 'deregistration', '2025-01-01', NULL);
\set VERBOSITY default
DROP SCHEMA rs_label CASCADE;

-- Labels added by ALTER TYPE later get OIDs far from the first ones (here
-- after 40 labels of another type): such a label is still recognised, or
-- still an error when it is not one of the five.
CREATE SCHEMA rs_label;
CREATE TYPE rs_label.vehicle_event AS ENUM
	('registration', 'insurance', 'transfer', 'listing');
DO $$
BEGIN
	EXECUTE (SELECT 'CREATE TYPE rs_label.filler AS ENUM ('
				|| string_agg(quote_literal('f' || i), ', ') || ')'
			 FROM generate_series(1, 40) i);
END
$$;
ALTER TYPE rs_label.vehicle_event ADD VALUE 'export';
ALTER TYPE rs_label.vehicle_event ADD VALUE 'deregistration';
SELECT (SELECT oid FROM pg_enum WHERE enumlabel = 'export'
		AND enumtypid = 'rs_label.vehicle_event'::regtype)::int8
	 - (SELECT min(oid) FROM pg_enum
		WHERE enumtypid = 'rs_label.vehicle_event'::regtype)::int8 > 32 AS export_oid_far;
CREATE FUNCTION rs_label.transfn(resale_summary, rs_label.vehicle_event, timestamptz, float8)
	RETURNS resale_summary AS '$libdir/zeromile', 'resale_agg_transfn' LANGUAGE C;
SELECT rs_label.transfn(NULL, 'export', '2025-01-01', 7) AS late_known_label;
SELECT rs_label.transfn(NULL, 'listing', '2025-01-01', 7) AS early_label;
SELECT rs_label.transfn(NULL, 'deregistration', '2025-01-01', NULL);
DROP SCHEMA rs_label CASCADE;

-- Oracle: random event sets, every accessor against plain SQL.
SELECT setseed(0.42);
CREATE TABLE rs_rand AS
SELECT g,
	   CASE WHEN random() < 0.04 THEN NULL
			ELSE (enum_range(NULL::vehicle_event))[1 + floor(random() * 5)::int]
	   END AS kind,
	   CASE WHEN random() < 0.03 THEN NULL
			ELSE timestamptz '2025-01-01' + floor(random() * 12) * interval '15 days'
	   END AS at,
	   CASE WHEN random() < 0.35 THEN NULL
			ELSE (ARRAY[0, 0.5, 10, 49.9, 50, 50.1, 120, 3000])[1 + floor(random() * 8)::int]
	   END AS km,
	   CASE WHEN random() < 0.3 THEN NULL
			ELSE (ARRAY['a', 'b', 'B', '', 'a b', 'q"uote', 'back\slash', 'é', 'ab'])[1 + floor(random() * 9)::int]
	   END AS seller
FROM generate_series(1, 4000) g, generate_series(1, 9) i
WHERE i <= 1 + (g % 9);

CREATE FUNCTION pg_temp.oracle()
RETURNS TABLE (g int, registered_at timestamptz, insured_at timestamptz,
			   registration_count bigint, first_resale_at timestamptz,
			   first_resale_kind vehicle_event, first_resale_seller text,
			   resale_odometer_km float8, resale_interval interval,
			   first_known_odometer_at timestamptz, first_known_odometer_km float8,
			   resale_count bigint, events_before_registration bigint,
			   w1 bool, w2 bool, w3 bool, z1 bool, z2 bool, z3 bool)
LANGUAGE sql AS $$
WITH u AS (
	SELECT * FROM rs_rand WHERE kind IS NOT NULL AND at IS NOT NULL
), base AS (
	SELECT u.g,
		   min(at) FILTER (WHERE kind = 'registration') AS r,
		   min(at) FILTER (WHERE kind = 'insurance') AS ins,
		   count(*) FILTER (WHERE kind = 'registration') AS regs
	FROM u GROUP BY u.g
), resale AS (
	SELECT u.*, b.r FROM u JOIN base b USING (g)
	WHERE kind IN ('transfer', 'listing', 'export')
), fst AS (
	SELECT DISTINCT ON (g) g, at, kind, seller, km FROM resale
	WHERE r IS NULL OR at >= r
	ORDER BY g, at, km IS NULL, km, kind, seller COLLATE "C" NULLS LAST
), known AS (
	SELECT DISTINCT ON (g) g, at, km FROM resale
	WHERE (r IS NULL OR at >= r) AND km IS NOT NULL
	ORDER BY g, at, km
), cnt AS (
	SELECT g, count(*) FILTER (WHERE r IS NULL OR at >= r) AS n_after,
		   count(*) FILTER (WHERE at < r) AS n_before
	FROM resale GROUP BY g
), acc AS (
	SELECT b.g, b.r, b.ins, b.regs, f.at AS fat, f.kind AS fkind,
		   f.seller AS fseller, f.km AS fkm, k.at AS kat, k.km AS kkm,
		   coalesce(c.n_after, 0) AS n_after, coalesce(c.n_before, 0) AS n_before
	FROM base b LEFT JOIN fst f USING (g) LEFT JOIN known k USING (g)
	LEFT JOIN cnt c USING (g)
), w AS (
	SELECT acc.*,
		   CASE WHEN r IS NULL THEN NULL WHEN fat IS NULL THEN false
				ELSE fat <= r + interval '180 days' END AS w1,
		   CASE WHEN r IS NULL THEN NULL WHEN fat IS NULL THEN false
				ELSE fat <= r + interval '1 month' END AS w2,
		   CASE WHEN r IS NULL THEN NULL WHEN fat IS NULL THEN false
				ELSE fat <= r + interval '1 hour' END AS w3
	FROM acc
)
SELECT g, r, ins, regs, fat, fkind, fseller, fkm, fat - r, kat, kkm,
	   n_after, CASE WHEN r IS NULL THEN NULL ELSE n_before END,
	   w1, w2, w3,
	   CASE WHEN r IS NULL THEN NULL WHEN NOT w1 THEN false
			WHEN kkm <= 50 THEN true
			WHEN kkm > 50 AND kat = fat THEN false END,
	   CASE WHEN r IS NULL THEN NULL WHEN NOT w2 THEN false
			WHEN kkm <= 10 THEN true
			WHEN kkm > 10 AND kat = fat THEN false END,
	   CASE WHEN r IS NULL THEN NULL WHEN NOT w3 THEN false
			WHEN kkm <= 0 THEN true
			WHEN kkm > 0 AND kat = fat THEN false END
FROM w
$$;

CREATE FUNCTION pg_temp.accessors(s resale_summary)
RETURNS TABLE (registered_at timestamptz, insured_at timestamptz,
			   registration_count bigint, first_resale_at timestamptz,
			   first_resale_kind vehicle_event, first_resale_seller text,
			   resale_odometer_km float8, resale_interval interval,
			   first_known_odometer_at timestamptz, first_known_odometer_km float8,
			   resale_count bigint, events_before_registration bigint,
			   w1 bool, w2 bool, w3 bool, z1 bool, z2 bool, z3 bool)
LANGUAGE sql AS $$
SELECT registered_at(s), insured_at(s), registration_count(s),
	   first_resale_at(s), first_resale_kind(s), first_resale_seller(s),
	   resale_odometer_km(s), resale_interval(s), first_known_odometer_at(s),
	   first_known_odometer_km(s), resale_count(s),
	   events_before_registration(s),
	   resold_within(s, '180 days'), resold_within(s, '1 month'),
	   resold_within(s, '1 hour'),
	   is_zero_mileage(s), is_zero_mileage(s, '1 month', 10),
	   is_zero_mileage(s, '1 hour', 0)
$$;

CREATE TABLE rs_rand_sum AS
	SELECT g, resale_agg(kind, at, km, seller) AS s FROM rs_rand GROUP BY g;

-- how much of each case the random data covers
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE s IS NULL) AS no_usable_rows,
	   count(*) FILTER (WHERE registration_count(s) > 1) AS several_registrations,
	   count(*) FILTER (WHERE events_before_registration(s) > 0) AS resales_before_r,
	   count(*) FILTER (WHERE registered_at(s) IS NULL AND resale_count(s) > 0) AS no_registration,
	   count(*) FILTER (WHERE is_zero_mileage(s)) AS zero_mileage,
	   count(*) FILTER (WHERE NOT is_zero_mileage(s)) AS not_zero_mileage,
	   count(*) FILTER (WHERE resold_within(s, '180 days')
							AND is_zero_mileage(s) IS NULL) AS unknown_mileage
FROM rs_rand_sum;

SELECT count(*) AS oracle_mismatches
FROM (SELECT g, a.* FROM rs_rand_sum, pg_temp.accessors(s) a
	  WHERE s IS NOT NULL) got
FULL JOIN pg_temp.oracle() want USING (g)
WHERE got IS DISTINCT FROM want;

-- groups whose rows are all unusable have no summary, and only those
SELECT count(*) AS null_summary_mismatches
FROM rs_rand_sum
WHERE (s IS NULL) IS DISTINCT FROM
	  NOT EXISTS (SELECT FROM rs_rand r WHERE r.g = rs_rand_sum.g
				  AND r.kind IS NOT NULL AND r.at IS NOT NULL);

-- Every summary prints canonically and reads back to the same text.
SELECT count(*) AS text_round_trip_mismatches
FROM rs_rand_sum WHERE s::text::resale_summary::text IS DISTINCT FROM s::text;

DROP TABLE rs_ev, rs_sum, rs_rand, rs_rand_sum;
