-- Thresholds that cannot silently mislead (issue 20, part 4).  A window
-- under an hour (PostgreSQL reads '30' as 30 seconds) and a max_km that is
-- NaN or negative are refused, 22023, by every function taking them; the
-- boundaries are inclusive, and the documented exclusive forms are exact.
SET TimeZone = 'UTC';
CREATE TABLE th_sum AS
SELECT resale_agg(k, a, km) AS s
FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01', NULL::float8),
			 ('listing', timestamptz '2025-01-31', 50)) v(k, a, km);
SELECT interval '30' AS "what '30' means";

-- The windows refused, as intervals order them: '30' (seconds), zero,
-- negative, just under an hour, and parts that add up to under an hour.
\set VERBOSITY default
SELECT is_zero_mileage(s, '30', 50) FROM th_sum;
\echo :LAST_ERROR_SQLSTATE
\set VERBOSITY terse
CREATE TABLE th_bad (w interval);
INSERT INTO th_bad VALUES ('0'), ('-1 day'), ('00:59:59.999999'), ('1 day -23:00:00.000001'),
	('1 mon -30 days'), ('-1 year');
CREATE FUNCTION th_sqlstate(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE q;
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ' ' || SQLERRM;
END
$$;
-- every function taking a window refuses each of them
SELECT b.w, f.fn, th_sqlstate(format(f.q, quote_literal(b.w))) AS result
FROM th_bad b,
	 (VALUES ('resold_within', 'SELECT resold_within(s, %s) FROM th_sum'),
			 ('resold_within/zone', 'SELECT resold_within(s, %s, ''UTC'') FROM th_sum'),
			 ('is_zero_mileage', 'SELECT is_zero_mileage(s, %s) FROM th_sum'),
			 ('is_zero_mileage/zone', 'SELECT is_zero_mileage(s, %s, 50, ''UTC'') FROM th_sum'),
			 ('zero_mileage_reason', 'SELECT zero_mileage_reason(s, %s) FROM th_sum'),
			 ('zero_mileage_reason/zone', 'SELECT zero_mileage_reason(s, %s, 50, ''UTC'') FROM th_sum'),
			 ('resale_facts', 'SELECT resale_facts(s, %s) FROM th_sum'),
			 ('resale_facts/zone', 'SELECT resale_facts(s, %s, 50, ''UTC'') FROM th_sum'),
			 ('bi_create_view', 'SELECT bi_create_view(''th_sum'', within => %s)'),
			 ('bi_create_view/windows', 'SELECT bi_create_view(''th_sum'', windows => ARRAY[''1 day'', %s]::interval[])'),
			 ('resale_track_attach', 'SELECT resale_track_attach(''th_sum'', ''th_sum'', within => %s)'))
	 f(fn, q)
WHERE b.w = '0' OR f.fn LIKE 'is_zero%'
ORDER BY f.fn, b.w;
-- ... whatever the summary: one without a registration too
SELECT th_sqlstate('SELECT resold_within(resale_agg(''listing'', now(), 1), ''30'')') AS no_r;
-- an hour is the shortest window, as intervals compare
SELECT resold_within(s, '1 hour') AS one_hour, resold_within(s, '1 day -23:00') AS also_one_hour,
	   resold_within(s, '1 mon -29 days 23:00') AS also_one_hour_too
FROM th_sum;

-- max_km: NaN, negative and -Infinity refused; 0 and +Infinity (no limit)
-- accepted, by every function taking it
\set VERBOSITY default
SELECT is_zero_mileage(s, '180 days', -1) FROM th_sum;
\set VERBOSITY terse
SELECT k, f.fn, th_sqlstate(format(f.q, quote_literal(k))) AS result
FROM (VALUES ('NaN'), ('-1'), ('-Infinity'), ('0'), ('Infinity')) kk(k),
	 (VALUES ('is_zero_mileage', 'SELECT is_zero_mileage(s, ''1 day'', %s) FROM th_sum'),
			 ('is_zero_mileage/zone', 'SELECT is_zero_mileage(s, ''1 day'', %s, ''UTC'') FROM th_sum'),
			 ('zero_mileage_reason', 'SELECT zero_mileage_reason(s, ''1 day'', %s) FROM th_sum'),
			 ('zero_mileage_reason/zone', 'SELECT zero_mileage_reason(s, ''1 day'', %s, ''UTC'') FROM th_sum'),
			 ('resale_facts', 'SELECT resale_facts(s, ''1 day'', %s) FROM th_sum'),
			 ('resale_facts/zone', 'SELECT resale_facts(s, ''1 day'', %s, ''UTC'') FROM th_sum'),
			 ('bi_create_view', 'SELECT bi_create_view(''th_sum'', ''th_view'', max_km => %s)'),
			 ('resale_track_attach', 'SELECT resale_track_attach(''th_sum'', ''th_sum'', max_km => %s)'))
	 f(fn, q)
WHERE f.fn NOT LIKE 'resale_track%' OR k IN ('NaN', '-1')
ORDER BY f.fn, k;
\set VERBOSITY default

-- Boundaries: both inclusive.  The resale is exactly 30 days after R, with
-- exactly 50 km: zero-mileage for (30 days, 50 km).  The exclusive forms
-- ("within less than 30 days", "under 50 km") are exact: a microsecond
-- less (timestamps count microseconds), and km_below(50).
SELECT resold_within(s, '30 days') AS within_30_days,
	   resold_within(s, interval '30 days' - interval '1 microsecond') AS less_than_30_days,
	   is_zero_mileage(s, '30 days', 50) AS "<= 50 km",
	   is_zero_mileage(s, '30 days', km_below(50)) AS "< 50 km",
	   zero_mileage_reason(s, '30 days', km_below(50)) AS why_not
FROM th_sum;

-- The trigger side.  A resale_track trigger made by 1.1.0 (or by hand)
-- with a window under an hour fails at its firing with an error naming
-- it, so no VIN is notified on a window of seconds.
CREATE TABLE th_events (vin vin, kind vehicle_event, at timestamptz,
						odometer_km float8, seller text);
CREATE TABLE th_sums (vin vin PRIMARY KEY, summary resale_summary);
CREATE INDEX ON th_events (vin);
CREATE TRIGGER th_track AFTER INSERT ON th_events REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('public.th_sums', 'vin', 'kind', 'at',
													 'odometer_km', 'seller', 'zm', '30', '50');
INSERT INTO th_events VALUES ('LSJA24U62JG269225', 'registration', '2025-01-01', NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT resale_track_check('th_events');
DROP TRIGGER th_track ON th_events;
-- resale_track_attach refuses such a window, with or without a channel
SELECT resale_track_attach('th_events', 'th_sums', channel => 'zm', within => '30');
\echo :LAST_ERROR_SQLSTATE
SELECT resale_track_attach('th_events', 'th_sums', max_km => 'NaN');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) AS triggers FROM pg_trigger WHERE tgrelid = 'th_events'::regclass;
SELECT resale_track_attach('th_events', 'th_sums', channel => 'zm', within => '30 days');

DROP FUNCTION th_sqlstate(text);
DROP VIEW th_view;
DROP TABLE th_sum, th_bad, th_events, th_sums;
RESET TimeZone;
