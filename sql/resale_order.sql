-- Edge cases of the transition, each aggregated in both orders: with the
-- registration first (the first resale, its seller and the known reading
-- replaced as rows come) and the other way round, where resale rows
-- mostly come before the registration (a before list, whose entries move
-- into the after part when the registration comes).  Both must give the
-- same summary, and the accessors must read it back.
SET TimeZone = 'UTC';
CREATE TABLE rso_ev (c int, i int, k vehicle_event, a timestamptz, km float8, s text);
INSERT INTO rso_ev VALUES
	-- insurance, a first resale with a reading, a later one
	(1, 1, 'registration', '2025-01-01', NULL, NULL),
	(1, 2, 'insurance', '2024-12-31', NULL, NULL),
	(1, 3, 'listing', '2025-01-05', 5, 'dealer 1'),
	(1, 4, 'export', '2025-01-09', 3, 'dealer 2'),
	-- a first resale with a long seller
	(2, 1, 'registration', '2025-01-01', NULL, NULL),
	(2, 2, 'listing', '2025-01-05', 5, 'a dealer with a long name'),
	-- a later reading after a first resale without one: known moves
	(3, 1, 'registration', '2025-01-01', NULL, NULL),
	(3, 2, 'listing', '2025-01-05', NULL, 'dealer 1'),
	(3, 3, 'transfer', '2025-01-07', 10, 'dealer 2'),
	-- an earlier first resale without a reading: known stays behind
	(4, 1, 'registration', '2025-01-01', NULL, NULL),
	(4, 2, 'listing', '2025-01-05', 10, 'dealer 1'),
	(4, 3, 'export', '2025-01-03', NULL, 'dealer 2'),
	-- a resale row dated before R: the before list
	(5, 1, 'registration', '2025-01-01', NULL, NULL),
	(5, 2, 'listing', '2024-12-20', 1, 'dealer 1'),
	(5, 3, 'transfer', '2025-01-02', 2, 'dealer 2'),
	-- at the same time, a reading beats no reading
	(6, 1, 'registration', '2025-01-01', NULL, NULL),
	(6, 2, 'listing', '2025-01-05', NULL, 'dealer 1'),
	(6, 3, 'transfer', '2025-01-05', 7, 'dealer 2'),
	-- a 12-byte seller replaced by a shorter one as first resale
	(7, 1, 'registration', '2025-01-01', NULL, NULL),
	(7, 2, 'listing', '2025-01-05', 4, 'twelve bytes'),
	(7, 3, 'transfer', '2025-01-04', 4, 'xy'),
	-- an earlier registration keeps the after part; a later one counts
	(8, 1, 'registration', '2025-01-03', NULL, NULL),
	(8, 2, 'listing', '2025-01-05', 4, NULL),
	(8, 3, 'registration', '2025-01-02', NULL, NULL),
	(8, 4, 'registration', '2025-01-06', NULL, NULL),
	-- a NULL kind or time is skipped
	(9, 1, 'registration', '2025-01-01', NULL, NULL),
	(9, 2, NULL, '2025-01-02', 1, 'x'),
	(9, 3, 'listing', NULL, 1, 'x');

SELECT c, fwd::text = rev::text AS same_both_ways,
	   fwd3::text = rev3::text AS same_without_sellers, fwd::text AS summary
FROM (SELECT c, resale_agg(k, a, km, s ORDER BY i) AS fwd,
			 resale_agg(k, a, km, s ORDER BY i DESC) AS rev,
			 resale_agg(k, a, km ORDER BY i) AS fwd3,
			 resale_agg(k, a, km ORDER BY i DESC) AS rev3
	  FROM rso_ev GROUP BY c) x
ORDER BY c;

-- The accessors on them.
SELECT c, registration_count(x.s) AS regs, registered_at(x.s)::date AS r,
	   insured_at(x.s)::date AS ins, first_resale_at(x.s)::date AS first_at,
	   first_resale_kind(x.s) AS kind, first_resale_seller(x.s) AS seller,
	   resale_odometer_km(x.s) AS km, first_known_odometer_at(x.s)::date AS known_at,
	   first_known_odometer_km(x.s) AS known_km, resale_count(x.s) AS resales,
	   events_before_registration(x.s) AS before_r, is_zero_mileage(x.s) AS zero_mileage
FROM (SELECT c, resale_agg(k, a, km, s ORDER BY i) AS s FROM rso_ev GROUP BY c) x
ORDER BY c;

-- The same through hash aggregation (rows in table order, no ORDER BY in
-- the aggregate): the same summaries.
SET enable_sort = off;
SELECT count(*) AS groups,
	   count(*) FILTER (WHERE h.s::text IS DISTINCT FROM o.s::text) AS differ
FROM (SELECT c, resale_agg(k, a, km, s) AS s FROM rso_ev GROUP BY c) h
JOIN (SELECT c, resale_agg(k, a, km, s ORDER BY i DESC) AS s FROM rso_ev GROUP BY c) o USING (c);
RESET enable_sort;
DROP TABLE rso_ev;
