-- resale_summary size limits.  These inputs are large (a few hundred MB),
-- so they live in their own file; every check is one statement.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- Text input reads every before-list length the other paths accept: here
-- 2^23 + 1 entries, one more than the list's room reaches by doubling
-- alone (it is clamped to the maximum, 13421772, instead).
SELECT resale_count(s) AS entries, s::text = t AS text_round_trip
FROM (SELECT t, t::resale_summary AS s
	  FROM (SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=['
				   || string_agg(i || '/null/listing/null*1', ',') || ']' AS t
			FROM generate_series(1, 8388609) i) l
	  OFFSET 0) x;

-- A seller longer than a summary's seller area (512 MB) gets its own
-- error (54000), not the before-list one.
SELECT resale_agg('listing'::vehicle_event, '2025-01-01', 1, repeat('x', 536870912));
\echo :LAST_ERROR_SQLSTATE
SELECT length(first_resale_seller(resale_agg('listing'::vehicle_event, '2025-01-01', 1, repeat('x', 1000000)))) AS long_seller_kept;
