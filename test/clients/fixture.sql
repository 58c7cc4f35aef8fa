-- The database the client tests read (test/clients/run.sh): a fleet of
-- 20,000 vehicles with a vin, a summary and an event kind, and the BI view
-- of it made by bi_create_view.
CREATE EXTENSION zeromile;
CREATE TABLE fleet (vin vin PRIMARY KEY, summary resale_summary, last_event vehicle_event);
INSERT INTO fleet
SELECT v, resale_agg(k, a, km, 'dealer-' || (i % 7)), 'listing'
FROM (SELECT i, vin_with_check_digit('LSJA24U6' || lpad(i::text, 9, '0')) AS v
	  FROM generate_series(1, 20000) i) x,
	 LATERAL (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01 00:00+00' + i * interval '1 hour', NULL::float8),
					 ('listing', timestamptz '2025-01-01 00:00+00' + i * interval '1 hour' + (i % 300) * interval '1 day', (i % 90)::float8)) e(k, a, km)
GROUP BY i, v;
SELECT bi_create_view('fleet');
CREATE TABLE inserts (vin vin PRIMARY KEY);
ANALYZE fleet;
-- One vehicle with a long summary (40 listings before its registration):
-- its text form runs past 1,300 characters.
INSERT INTO fleet
SELECT 'LSJA24U6X99999999', resale_agg(k, a, 5, 'a dealer with a long name ' || i), 'listing'
FROM (SELECT 'listing'::vehicle_event AS k, timestamptz '2024-01-01 00:00+00' + i * interval '1 day' AS a, i
	  FROM generate_series(1, 40) i
	  UNION ALL SELECT 'registration', timestamptz '2025-01-01 00:00+00', 0) e;
ANALYZE fleet;
