-- resale_interval is timestamptz - timestamptz (timestamp_mi), so with an
-- infinite timestamp it does what the server does, and that differs by
-- version: before PostgreSQL 17 the subtraction is an error ("cannot
-- subtract infinite timestamps"); 17 added infinite intervals, and the
-- result is one.  Hence two expected outputs, and these queries alone in their
-- file: resale_infinite.out (15, 16), resale_infinite_1.out (17 and later).
SET TimeZone = 'UTC';
SELECT resale_interval(resale_agg(k, t, NULL))
FROM (VALUES ('registration'::vehicle_event, '2025-01-01'::timestamptz),
			 ('listing', 'infinity')) v(k, t);
SELECT resale_interval(resale_agg(k, t, NULL))
FROM (VALUES ('registration'::vehicle_event, '-infinity'::timestamptz),
			 ('listing', '2025-01-01')) v(k, t);
