-- Fingerprint of the user data of setup.sql (test/upgrade/run.sh): checksums
-- of the stored values in text and binary form, of what the accessors
-- answer, and checks that indexes and partitions still agree with the
-- type's order and hashing.  Taken before and after the update and in the
-- fresh database; all must be equal.  Run as a superuser (amcheck).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 1;
SET search_path = u, public;

-- vin: stored values, binary form, decoding.
SELECT 'vins', count(*), md5(string_agg(id || ':' || v || ':' || raw, ',' ORDER BY id)) FROM u.vins;
SELECT 'vins binary', md5(string_agg(encode(vin_send(v), 'hex'), ',' ORDER BY id)) FROM u.vins;
SELECT 'vins decoded', md5(string_agg(concat_ws(':', vin_wmi(v), vin_vds(v), vin_vis(v), vin_plant(v),
		vin_serial(v), vin_region(v), vin_country(v), vin_model_years(v),
		vin_model_year(v, '2026-06-30'), vin_model_year_rule(v, '2026-06-30'),
		vin_manufacturer(v), vin_decode(v, '2026-06-30')), ',' ORDER BY id))
FROM u.vins;
SELECT 'vins hashes', md5(string_agg(vin_hash(v) || ':' || vin_hash_extended(v, 42), ',' ORDER BY id)) FROM u.vins;
SELECT 'vins validated', md5(string_agg(concat_ws(':', vin_is_valid(raw), vin_normalize(raw), vin_check_digit(raw)), ',' ORDER BY id)) FROM u.vins;

-- Indexes: the planner still picks them, they return every row, and the
-- btree order is the text order under the C collation.
SET enable_seqscan = off;
SET enable_bitmapscan = off;
SET enable_hashjoin = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF) SELECT * FROM u.vins WHERE v = '1HGCM82633A004352'::text;
EXPLAIN (COSTS OFF) SELECT count(*) FROM u.vins a JOIN u.hashonly h ON h.v = a.v;
SELECT 'btree lookups (vin = text)', count(*) FROM u.vins a JOIN u.vins b ON b.v = a.raw;
SELECT 'hash lookups', count(*) FROM u.vins a JOIN u.hashonly h ON h.v = a.v;
SELECT 'btree order', md5(string_agg(v::text, ',')),
	   string_agg(v::text, ',') = (SELECT string_agg(v::text, ',' ORDER BY v::text COLLATE "C") FROM u.vins)
FROM (SELECT v FROM u.vins ORDER BY v) AS s;
RESET enable_seqscan;
RESET enable_bitmapscan;
RESET enable_hashjoin;
RESET enable_mergejoin;
SELECT 'valid indexes', count(*) FILTER (WHERE indisvalid), count(*)
FROM pg_index WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'u'::regnamespace);
SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'amcheck') AS zm_amcheck \gset
\if :zm_amcheck
-- (bt_index_parent_check raises an error on a corrupt index.)
SELECT 'amcheck ' || c.relname, (SELECT 'ok' FROM bt_index_parent_check(c.oid, true))
FROM pg_class c JOIN pg_am a ON a.oid = c.relam
WHERE c.relnamespace = 'u'::regnamespace AND c.relkind = 'i' AND a.amname = 'btree'
ORDER BY c.relname;
\else
SELECT 'amcheck not available';
\endif

-- Partitions: the rows are where vin_hash_extended and the btree order
-- would route them now.
SELECT 'partition ' || tableoid::regclass, count(*), md5(string_agg(v::text, ',' ORDER BY v))
FROM u.part GROUP BY tableoid ORDER BY 1;
SELECT 'misrouted hash', count(*) FROM u.part
WHERE NOT satisfies_hash_partition('u.part'::regclass, 4, right(tableoid::regclass::text, 1)::int, v);
SELECT 'partition ' || tableoid::regclass, count(*), md5(string_agg(v::text, ',' ORDER BY v))
FROM u.rpart GROUP BY tableoid ORDER BY 1;
SELECT 'misrouted range', count(*) FROM u.rpart
WHERE tableoid <> CASE WHEN v < '50000000000000000'::vin THEN 'u.rpart_low'::regclass
					   WHEN v < 'L0000000000000000'::vin THEN 'u.rpart_mid'::regclass
					   ELSE 'u.rpart_high'::regclass END;

-- resale_summary: stored values in text and binary form, every accessor,
-- and agreement with what resale_agg and rollup compute now.
SELECT 'summaries ' || t, n, md5_text, md5_binary, md5_accessors FROM (
	SELECT 'sums' AS t, count(*) AS n, md5(string_agg(vin || '=' || summary, ',' ORDER BY vin)) AS md5_text,
		   md5(string_agg(encode(resale_summary_send(summary), 'hex'), ',' ORDER BY vin)) AS md5_binary,
		   md5(string_agg(concat_ws(':', registered_at(summary), insured_at(summary), registration_count(summary),
				first_resale_at(summary), first_resale_kind(summary), first_resale_seller(summary),
				resale_odometer_km(summary), resale_interval(summary), first_known_odometer_at(summary),
				first_known_odometer_km(summary), resale_count(summary), events_before_registration(summary),
				resold_within(summary, '90 days'), is_zero_mileage(summary),
				is_zero_mileage(summary, '1 year', 120)), ',' ORDER BY vin)) AS md5_accessors
	FROM u.sums
	UNION ALL
	SELECT 'sums3', count(*), md5(string_agg(vin || '=' || summary, ',' ORDER BY vin)),
		   md5(string_agg(encode(resale_summary_send(summary), 'hex'), ',' ORDER BY vin)),
		   md5(string_agg(concat_ws(':', registered_at(summary), first_resale_at(summary), resale_count(summary),
				is_zero_mileage(summary)), ',' ORDER BY vin))
	FROM u.sums3
	UNION ALL
	SELECT 'daily', count(*), md5(string_agg(vin || day || '=' || summary, ',' ORDER BY vin, day)),
		   md5(string_agg(encode(resale_summary_send(summary), 'hex'), ',' ORDER BY vin, day)),
		   md5(string_agg(concat_ws(':', registered_at(summary), first_resale_at(summary), resale_count(summary)), ',' ORDER BY vin, day))
	FROM u.daily
	UNION ALL
	SELECT 'tracked', count(*), md5(string_agg(vin || '=' || summary, ',' ORDER BY vin)),
		   md5(string_agg(encode(resale_summary_send(summary), 'hex'), ',' ORDER BY vin)),
		   md5(string_agg(concat_ws(':', registered_at(summary), first_resale_at(summary), resale_count(summary),
				is_zero_mileage(summary)), ',' ORDER BY vin))
	FROM u.tracked_sums) AS s ORDER BY 1;
SELECT 'summaries differing from resale_agg now', count(*) FROM u.sums s
JOIN (SELECT vin::vin AS vin, resale_agg(kind, at, odometer_km, seller) AS summary FROM u.events GROUP BY vin) AS a
  USING (vin)
WHERE a.summary::text <> s.summary::text;
SELECT 'summaries differing from rollup of daily', count(*) FROM u.sums s
JOIN (SELECT vin, rollup(summary) AS summary FROM u.daily GROUP BY vin) AS r USING (vin)
WHERE r.summary::text <> s.summary::text;
SELECT 'summaries not re-read from text', count(*) FROM u.sums WHERE summary::text::resale_summary::text <> summary::text;
SELECT 'tracked summaries differing from resale_agg', count(*) FROM (
	(SELECT vin, summary::text FROM u.tracked_sums
	 EXCEPT SELECT vin::vin, resale_agg(kind, at, odometer_km, seller)::text FROM u.ev_tracked GROUP BY vin)
	UNION ALL
	(SELECT vin::vin, resale_agg(kind, at, odometer_km, seller)::text FROM u.ev_tracked GROUP BY vin
	 EXCEPT SELECT vin, summary::text FROM u.tracked_sums)) AS d;

-- Rows that went through vin_guard.
SELECT 'guard_reject', id, vin FROM u.guard_reject ORDER BY id;
SELECT 'guard_norm', id, vin FROM u.guard_norm ORDER BY id;
SELECT 'guard_q', id, vin, note FROM u.guard_q ORDER BY id;
SELECT 'quarantine', source_table, row_data, problems FROM u.q ORDER BY row_data::text;

-- The registry's user rows kept (the shipped rows, which an update
-- changes, are compared with a fresh install's by the catalogue snapshot).
-- LNB and L1N, user rows for WMIs that 1.1.0 and 1.2.0 ship, are replaced
-- by the update: test/upgrade/run.sh checks them apart.
SELECT 'wmi user rows', count(*), md5(string_agg(concat_ws(':', wmi, manufacturer, country, source), ',' ORDER BY wmi))
FROM wmi_registry WHERE NOT shipped AND wmi NOT IN ('LNB', 'L1N');
SELECT 'user wmi', vin_manufacturer('WF9AAAAAAAAXYZ123'),
	   (vin_decode('SB1AAAAAAAA123456', '2026-01-01')).manufacturer;
