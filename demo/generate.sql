-- make demo: a seeded sample used-car market, generated in SQL.
--
-- psql variables (set with -v or \set before \i; defaults below):
--   scale       vehicles to generate                   (120000)
--   seed        the random seed                        (20250527)
--   zero_share  share of vehicles resold as zero-mileage (0.06)
--
-- Writes demo.vehicle (the truth: one row per generated vehicle and its
-- category) and demo.feed (the dirty event feed an analyst receives, in a
-- fixed order given by seq).  Needs the zeromile extension (for
-- vin_with_check_digit, wmi_registry and vehicle_event) in the search_path.
--
-- Randomness: u(seed, id, salt) hashes its arguments with hashint8extended
-- into [0, 1).  Unlike random() after setseed(), each draw depends only on
-- the row it belongs to, not on the order in which a plan visits rows, so
-- the same seed gives the same market whatever the planner, parallelism or
-- PostgreSQL build does.
--
-- The market (all times in the session's TimeZone; make demo uses
-- Asia/Shanghai):
--   * registrations spread over 2023-01-01 .. 2025-12-31; the feed ends at
--     2026-03-31 (nothing later is reported);
--   * WMIs drawn from wmi_registry, Chinese makers (first character L) five
--     times as often as others, zero-mileage cars from a skewed draw of
--     Chinese WMIs whose registry vehicle type is passenger_car or mpv
--     (not buses, trucks or WMIs of unknown type); check digits correct;
--   * categories: 'zero' (zero_share): registered at month and especially
--     quarter ends, listed by one of 120 zero-mileage dealers (a skewed
--     minority of the 2,000 sellers) within 2-42 days at 3-47 km, often
--     relisted, transferred, and a quarter exported within 180 days;
--     'early' (2 %): resold within 3 months but driven 400-3000 km;
--     'ordinary' (40 %): listed and transferred after 4 months to 3 years
--     with 25-60 km a day on the odometer, 8 % later exported;
--     'kept' (the rest): registration and insurance only;
--   * who registered the car (the registration row's seller): a
--     zero-mileage car is registered by its dealer (85 %, else by the
--     buyer: NULL), which lists it days later itself (70 %) or through one
--     of its affiliates (affiliate-DDDD-N); other cars by a dealer on the
--     buyer's behalf (30 %) or by the buyer;
--   * registration rows carry the plate (doc/plates.md): the province of
--     the registering zero-mileage dealer (dealers cluster in a few hubs)
--     or of the vehicle, ordinary or new-energy serials, in the display
--     forms feeds use (middle dot, space, compact, lower case, full
--     width), 1.5 % unreadable (the letter O for 0, a character lost);
--   * dirt, per event: 3 % lower case, 2 % hyphen and space inside, 1 %
--     letter O typed for 0, 1 % wrong check digit, 0.3 % a character
--     dropped; 4 % of listings without odometer; 1 % of ordinary cars with
--     a listing dated before their registration.

\if :{?scale}
\else
\set scale 120000
\endif
\if :{?seed}
\else
\set seed 20250527
\endif
\if :{?zero_share}
\else
\set zero_share 0.06
\endif

CREATE SCHEMA demo;

-- uniform draw in [0, 1) from (seed, id, salt): 53 bits of a 64-bit hash
CREATE FUNCTION demo.u(seed bigint, id bigint, salt int) RETURNS double precision
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN ((pg_catalog.hashint8extended(id, seed * 1009 + salt) >> 11)
			& 9007199254740991)::double precision / 9007199254740992.0;

-- the VIN alphabet, for drawing characters
CREATE FUNCTION demo.vin_chars(h bigint, n int) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN (SELECT pg_catalog.string_agg(
				substr('ABCDEFGHJKLMNPRSTUVWXYZ0123456789',
					   1 + (((h >> (6 * i)) & 63) % 33)::int, 1), '' ORDER BY i)
			FROM pg_catalog.generate_series(0, n - 1) AS i);

-- The WMIs to draw from, in a fixed order: pool 1 for most vehicles,
-- Chinese makers (first character L) five times as often as others; pool 2
-- for zero-mileage cars, drawn with a skew so that a few makers account for
-- much of the practice.  Zero-mileage resales are a passenger-car practice
-- (sales targets, used-car platforms), so pool 2 holds the Chinese WMIs
-- whose registry vehicle type is passenger_car or mpv: not buses or
-- trucks, nor WMIs of unknown type (King Long, Yutong, LC0's mix of buses
-- and cars).
CREATE TABLE demo.wmi_pool AS
SELECT 1 AS pool, row_number() OVER (ORDER BY r.wmi, w) AS k, r.wmi, r.manufacturer
FROM wmi_registry AS r,
	 LATERAL generate_series(1, CASE WHEN r.wmi LIKE 'L%' THEN 5 ELSE 1 END) AS w
WHERE length(r.wmi) = 3 AND substr(r.wmi, 3, 1) <> '9'
UNION ALL
SELECT 2, row_number() OVER (ORDER BY r.wmi), r.wmi, r.manufacturer
FROM wmi_registry AS r
WHERE r.wmi LIKE 'L%' AND length(r.wmi) = 3 AND substr(r.wmi, 3, 1) <> '9'
  AND r.vehicle_type IN ('passenger_car', 'mpv');

-- A registration's plate as feeds write it (doc/plates.md; this file
-- stays ASCII: the characters are U& escapes).  Province and authority
-- letter are drawn from key (a zero-mileage car's dealer, so that a
-- dealer's cars share them; otherwise the vehicle), from the dealer hubs'
-- list for zero-mileage cars; the serial is ordinary (a letter first in a
-- third) or new-energy (30 % of zero-mileage cars, 15 % of others: D pure
-- electric, F not); written with a middle dot (35 %), a space (20 %),
-- compact (30 %), in lower case (7 %) or full width (6.5 %), and 1.5 %
-- unreadable: the letter O typed for 0, or the last character lost.
CREATE FUNCTION demo.plate(seed bigint, id bigint, key bigint, zero boolean) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN (
		SELECT CASE
				   WHEN f < 0.35 THEN head || U&'\00B7' || serial
				   WHEN f < 0.55 THEN head || ' ' || serial
				   WHEN f < 0.85 THEN head || serial
				   WHEN f < 0.92 THEN lower(head || serial)
				   WHEN f < 0.985 THEN
						translate(head || serial, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789',
								  U&'\FF21\FF22\FF23\FF24\FF25\FF26\FF27\FF28\FF2A\FF2B\FF2C\FF2D\FF2E\FF30\FF31\FF32\FF33\FF34\FF35\FF36\FF37\FF38\FF39\FF3A\FF10\FF11\FF12\FF13\FF14\FF15\FF16\FF17\FF18\FF19')
				   WHEN strpos(serial, '0') > 0 THEN head || replace(serial, '0', 'O')
				   ELSE head || left(serial, -1)
			   END
		FROM (SELECT substr(provs, 1 + floor(demo.u(seed, key, 70) * char_length(provs))::int, 1)
					 || substr('ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(power(demo.u(seed, key, 71), 3) * 24)::int, 1) AS head,
					 CASE WHEN demo.u(seed, id, 72) < CASE WHEN zero THEN 0.3 ELSE 0.15 END
						  THEN CASE WHEN demo.u(seed, id, 73) < 0.8 THEN 'D' ELSE 'F' END
							   || lpad(floor(demo.u(seed, id, 74) * 100000)::int::text, 5, '0')
						  WHEN demo.u(seed, id, 75) < 0.35
						  THEN substr('ABCDEFGHJKLMNPQRSTUVWXYZ', 1 + floor(demo.u(seed, id, 76) * 24)::int, 1)
							   || lpad(floor(demo.u(seed, id, 74) * 10000)::int::text, 4, '0')
						  ELSE lpad(floor(demo.u(seed, id, 74) * 100000)::int::text, 5, '0')
					 END AS serial,
					 demo.u(seed, id, 77) AS f
			  FROM (SELECT CASE WHEN zero
						   -- the zero-mileage dealers' hubs: Guangdong, Zhejiang, Sichuan, ...
						   THEN U&'\7CA4\7CA4\7CA4\7CA4\7CA4\6D59\6D59\6D59\6D59\5DDD\5DDD\5DDD\9C81\9C81\82CF\82CF\8C6B\6E58\9102\7696\4EAC\6CAA\6E1D\5180\95FD\8D63\6842\4E91\9655\8FBD\9ED1\5409\664B\8499\8D35\7518\65B0\5B81\9752\743C\85CF\6D25'
						   ELSE U&'\7CA4\7CA4\7CA4\82CF\82CF\82CF\6D59\6D59\9C81\9C81\9C81\8C6B\8C6B\5DDD\5DDD\5180\5180\6E58\9102\7696\95FD\4EAC\6CAA\6E1D\6D25\8D63\6842\4E91\9655\8FBD\9ED1\5409\664B\8499\8D35\7518\65B0\5B81\9752\743C\85CF'
						   END AS provs) AS p) AS x);

CREATE TABLE demo.vehicle (
	id bigint PRIMARY KEY,
	vin text NOT NULL UNIQUE,
	manufacturer text NOT NULL,
	category text NOT NULL,
	registered_at timestamptz NOT NULL
);

INSERT INTO demo.vehicle
SELECT v.id,
	   vin_with_check_digit(p.wmi || demo.vin_chars(h, 5) || '0' ||
							-- model-year code: the registration year, or the
							-- next one from September
							substr('PRST', 1 + (extract(year FROM v.reg) - 2023)::int
								   + (extract(month FROM v.reg) >= 9)::int, 1) ||
							demo.vin_chars(h >> 30, 1) ||
							lpad(v.id::text, 6, '0'))::text,
	   p.manufacturer, v.category, v.reg
FROM (
	SELECT c.id, c.category, c.h,
		   -- zero-mileage registrations are pulled to the last days of the
		   -- month (75 %), and a third of those to the quarter's last month
		   CASE WHEN c.category = 'zero' AND demo.u(:seed, c.id, 3) < 0.75 THEN
				(date_trunc('month', c.base
							+ make_interval(months => CASE WHEN demo.u(:seed, c.id, 4) < 0.35
								THEN (2 - (extract(month FROM c.base)::int - 1) % 3) ELSE 0 END))
				 + interval '1 month' - make_interval(days => 1 + floor(demo.u(:seed, c.id, 5) * 4)::int)
				 + make_interval(hours => 9 + floor(demo.u(:seed, c.id, 6) * 9)::int))
		   ELSE c.base END AS reg
	FROM (
		SELECT g.id,
			   pg_catalog.hashint8extended(g.id, :seed) AS h,
			   CASE WHEN demo.u(:seed, g.id, 1) < :zero_share THEN 'zero'
					WHEN demo.u(:seed, g.id, 1) < :zero_share + 0.02 THEN 'early'
					WHEN demo.u(:seed, g.id, 1) < :zero_share + 0.42 THEN 'ordinary'
					ELSE 'kept' END AS category,
			   timestamptz '2023-01-01 00:00'
			   + make_interval(days => floor(demo.u(:seed, g.id, 2) * 1096)::int,
							   hours => 9, mins => floor(demo.u(:seed, g.id, 7) * 540)::int) AS base
		FROM generate_series(1, :scale) AS g(id)
	) AS c
) AS v
JOIN (SELECT pool, count(*) AS n FROM demo.wmi_pool GROUP BY pool) AS pc
  ON pc.pool = CASE v.category WHEN 'zero' THEN 2 ELSE 1 END
JOIN demo.wmi_pool AS p
  ON p.pool = pc.pool
 AND p.k = 1 + floor(power(demo.u(:seed, v.id, 8), CASE v.category WHEN 'zero' THEN 2.5 ELSE 1 END)
					 * pc.n)::bigint
-- a quarter-end shift may not leave 2025
WHERE v.reg < timestamptz '2026-01-01';

-- The clean events, one row per event, slot numbering them within a vehicle
CREATE TEMPORARY TABLE demo_event AS
WITH v AS (
	SELECT id, vin, category, registered_at AS r,
		   -- the first resale's delay and the seller of zero-mileage cars
		   CASE category
			   WHEN 'zero' THEN make_interval(days => 2 + floor(power(demo.u(:seed, id, 20), 1.3) * 40)::int,
											  hours => floor(demo.u(:seed, id, 21) * 8)::int)
			   WHEN 'early' THEN make_interval(days => 20 + floor(demo.u(:seed, id, 20) * 66)::int)
			   ELSE make_interval(days => 120 + floor(demo.u(:seed, id, 20) * 975)::int)
		   END AS d,
		   -- zero-mileage dealers: sellers 1-120, the first ones far busier
		   1 + floor(power(demo.u(:seed, id, 22), 2.2) * 120)::int AS zm_dealer,
		   1 + floor(demo.u(:seed, id, 23) * 2000)::int AS any_seller,
		   -- the registrant: a zero-mileage car's dealer (85 %), another
		   -- car's dealer on the buyer's behalf (30 %), else the buyer (NULL)
		   CASE WHEN category = 'zero' AND demo.u(:seed, id, 25) < 0.85 THEN
					'dealer-' || lpad((1 + floor(power(demo.u(:seed, id, 22), 2.2) * 120)::int)::text, 4, '0')
				WHEN category <> 'zero' AND demo.u(:seed, id, 25) < 0.30 THEN
					'dealer-' || lpad((1 + floor(demo.u(:seed, id, 26) * 2000)::int)::text, 4, '0')
		   END AS registrant,
		   (ARRAY['dongchedi', 'guazi', 'xianyu', 'che168'])[1 + floor(demo.u(:seed, id, 24) * 4)::int] AS platform
	FROM demo.vehicle
)
-- registration, and compulsory insurance a day or two before it (92 %)
SELECT id, 0 AS slot, vin, 'registration'::vehicle_event AS kind, r AS at,
	   NULL::double precision AS odometer_km, registrant AS seller, NULL::text AS platform
FROM v
UNION ALL
SELECT id, 1, vin, 'insurance', r - make_interval(days => floor(demo.u(:seed, id, 30) * 3)::int, hours => 2),
	   NULL, NULL, NULL
FROM v WHERE demo.u(:seed, id, 31) < 0.92
-- zero-mileage: listing by the dealer itself (70 %) or one of its three
-- affiliates, a relisting (40 %), a transfer (60 %), an export within 180
-- days (25 %)
UNION ALL
SELECT id, 2, vin, 'listing', r + d, 3 + floor(demo.u(:seed, id, 32) * 45),
	   CASE WHEN demo.u(:seed, id, 27) < 0.70 THEN 'dealer-' || lpad(zm_dealer::text, 4, '0')
			ELSE 'affiliate-' || lpad(zm_dealer::text, 4, '0') || '-' || (1 + floor(demo.u(:seed, id, 28) * 3)::int)
	   END, platform
FROM v WHERE category = 'zero'
UNION ALL
SELECT id, 3, vin, 'listing', r + d + make_interval(days => 1 + floor(demo.u(:seed, id, 33) * 10)::int),
	   3 + floor(demo.u(:seed, id, 32) * 45), 'dealer-' || lpad(any_seller::text, 4, '0'),
	   (ARRAY['dongchedi', 'guazi', 'xianyu', 'che168'])[1 + floor(demo.u(:seed, id, 34) * 4)::int]
FROM v WHERE category = 'zero' AND demo.u(:seed, id, 35) < 0.40
UNION ALL
SELECT id, 4, vin, 'transfer', r + d + make_interval(days => 3 + floor(demo.u(:seed, id, 36) * 18)::int), NULL, NULL, NULL
FROM v WHERE category = 'zero' AND demo.u(:seed, id, 37) < 0.60
UNION ALL
SELECT id, 5, vin, 'export', r + d + make_interval(days => 15 + floor(demo.u(:seed, id, 38) * 100)::int), NULL, NULL, NULL
FROM v WHERE category = 'zero' AND demo.u(:seed, id, 39) < 0.25
-- early resale of a driven car, then its transfer
UNION ALL
SELECT id, 2, vin, 'listing', r + d, 400 + floor(demo.u(:seed, id, 40) * 2600), 'dealer-' || lpad(any_seller::text, 4, '0'), platform
FROM v WHERE category = 'early'
UNION ALL
SELECT id, 4, vin, 'transfer', r + d + make_interval(days => 5 + floor(demo.u(:seed, id, 41) * 20)::int), NULL, NULL, NULL
FROM v WHERE category = 'early'
-- ordinary: one or two listings before the transfer, odometer 25-60 km a day
UNION ALL
SELECT id, 2, vin, 'listing', r + d - make_interval(days => 5 + floor(demo.u(:seed, id, 42) * 35)::int),
	   round(extract(epoch FROM d) / 86400 * (25 + demo.u(:seed, id, 43) * 35)),
	   'dealer-' || lpad(any_seller::text, 4, '0'), platform
FROM v WHERE category = 'ordinary'
UNION ALL
SELECT id, 3, vin, 'listing', r + d - make_interval(days => 1 + floor(demo.u(:seed, id, 44) * 4)::int),
	   round(extract(epoch FROM d) / 86400 * (25 + demo.u(:seed, id, 43) * 35)) + 10,
	   'dealer-' || lpad((1 + floor(demo.u(:seed, id, 45) * 2000)::int)::text, 4, '0'),
	   (ARRAY['dongchedi', 'guazi', 'xianyu', 'che168'])[1 + floor(demo.u(:seed, id, 46) * 4)::int]
FROM v WHERE category = 'ordinary' AND demo.u(:seed, id, 47) < 0.35
UNION ALL
SELECT id, 4, vin, 'transfer', r + d, NULL, NULL, NULL
FROM v WHERE category = 'ordinary'
UNION ALL
SELECT id, 5, vin, 'export', r + d + make_interval(days => 30 + floor(demo.u(:seed, id, 48) * 300)::int), NULL, NULL, NULL
FROM v WHERE category = 'ordinary' AND demo.u(:seed, id, 49) < 0.08
-- dirt: a listing dated before the registration (1 % of ordinary cars)
UNION ALL
SELECT id, 6, vin, 'listing', r - make_interval(days => 1 + floor(demo.u(:seed, id, 50) * 30)::int),
	   1000 + floor(demo.u(:seed, id, 51) * 20000), 'dealer-' || lpad(any_seller::text, 4, '0'), platform
FROM v WHERE category = 'ordinary' AND demo.u(:seed, id, 52) < 0.01;

-- The feed: clean events made dirty the way real feeds are, up to the
-- snapshot date.  seq orders the feed (by time, then vehicle and slot).
CREATE TABLE demo.feed AS
SELECT row_number() OVER (ORDER BY e.at, e.id, e.slot) AS seq,
	   e.id AS vehicle_id,
	   CASE
		   WHEN x < 0.03 THEN lower(e.vin)
		   WHEN x < 0.05 THEN substr(e.vin, 1, 3) || '-' || substr(e.vin, 4, 5) || ' ' || substr(e.vin, 9)
		   WHEN x < 0.06 AND strpos(e.vin, '0') > 0 THEN replace(e.vin, '0', 'O')
		   WHEN x < 0.07 THEN
				-- a different, still legal character at position 9
				overlay(e.vin PLACING substr('0123456789X', 1 + ((strpos('0123456789X', substr(e.vin, 9, 1)) + floor(demo.u(:seed, e.id * 8 + e.slot, 61) * 9)::int) % 11), 1)
						FROM 9 FOR 1)
		   WHEN x < 0.073 THEN overlay(e.vin PLACING '' FROM 1 + floor(demo.u(:seed, e.id * 8 + e.slot, 62) * 17)::int FOR 1)
		   ELSE e.vin
	   END AS vin,
	   e.kind, e.at,
	   CASE WHEN e.kind = 'listing' AND demo.u(:seed, e.id * 8 + e.slot, 63) < 0.04 THEN NULL
			ELSE e.odometer_km END AS odometer_km,
	   e.seller, e.platform,
	   -- the plate, on registration rows
	   CASE WHEN e.kind = 'registration' THEN
			(SELECT demo.plate(:seed, e.id,
							   CASE WHEN v.category = 'zero'
									THEN 1 + floor(power(demo.u(:seed, e.id, 22), 2.2) * 120)::bigint
									ELSE -e.id END,
							   v.category = 'zero')
			 FROM demo.vehicle AS v WHERE v.id = e.id)
	   END AS plate
FROM (SELECT *, demo.u(:seed, id * 8 + slot, 60) AS x FROM demo_event) AS e
WHERE e.at < timestamptz '2026-04-01';

DROP TABLE demo_event;
CREATE INDEX ON demo.feed (seq);
ANALYZE demo.vehicle;
ANALYZE demo.feed;
