-- zm_user calls the BI functions (issue 11): resale_facts in both forms,
-- the resale_summary -> jsonb cast, LIKE / NOT LIKE / starts_with on vin
-- with an index range scan on a table of its own.
SET search_path = app, zm;
SET TimeZone = 'UTC';
CREATE TEMP TABLE bi_ev (vin vin, kind vehicle_event, at timestamptz, km float8, seller text);
INSERT INTO bi_ev VALUES
	('LSJA24U62JG269225', 'registration', '2025-03-30 02:00+00', NULL, NULL),
	('LSJA24U62JG269225', 'listing', '2025-04-12 01:00+00', 12, 'dealer-17'),
	('1HGCM82633A004352', 'listing', '2025-02-01 02:00+00', 18250, 'dealer-3');
SELECT vin::varchar(17), (resale_facts(s)).*
FROM (SELECT vin, resale_agg(kind, at, km, seller) AS s FROM bi_ev GROUP BY vin) x
ORDER BY vin;
SELECT vin, (resale_facts(s, '3 months', 50, 'Asia/Shanghai')).is_zero_mileage, s::jsonb
FROM (SELECT vin, resale_agg(kind, at, km, seller) AS s FROM bi_ev GROUP BY vin) x
ORDER BY vin;
CREATE TEMP TABLE bi_v (vin vin PRIMARY KEY);
INSERT INTO bi_v SELECT DISTINCT vin FROM bi_ev;
ANALYZE bi_v;
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT vin FROM bi_v WHERE vin LIKE 'lsj%';
SELECT vin FROM bi_v WHERE vin LIKE 'lsj%';
SELECT vin FROM bi_v WHERE vin NOT LIKE 'LSJ%';
SELECT vin FROM bi_v WHERE starts_with(vin, '1hg');
-- an exact range needs no call of its own: called here as a value
SELECT starts_with(vin, 'lsj') AS starts_lsj, vin LIKE 'L_J%' AS like_l_j FROM bi_v ORDER BY vin;
RESET enable_seqscan;
-- The BI view recipe on a table of its own, in its temporary schema.
CREATE TEMP TABLE bi_fleet (vin vin PRIMARY KEY, summary resale_summary);
INSERT INTO bi_fleet SELECT vin, resale_agg(kind, at, km, seller) FROM bi_ev GROUP BY vin;
SELECT bi_create_view('bi_fleet')::text AS created;
SELECT vin, pg_typeof(vin), is_zero_mileage FROM bi_fleet_bi WHERE vin IN ('LSJA24U62JG269225', 'not-a-vin');
-- Why the flag is what it is, and the thresholds' rules (issue 20).
SELECT vin::varchar(17), zero_mileage_reason(s) AS reason,
	   zero_mileage_reason(s, '3 months', km_below(50), 'Asia/Shanghai') AS under_50_km
FROM (SELECT vin, resale_agg(kind, at, km, seller) AS s FROM bi_ev GROUP BY vin) x
ORDER BY vin;
SELECT is_zero_mileage(resale_agg(kind, at, km), '30', 50) FROM bi_ev;
-- The first export (issue 20), and a summary of 1.1.0 read as unknown
SELECT first_export_at(s), exports_tracked(s), exported_within(s, '30 days', 'Asia/Shanghai'),
	   exported_within(resale_summary_merge(s, 'registrations=1;registered_at=0;insured_at=null;after=0;first=null;known=null;before=[]'))
FROM (SELECT resale_agg(k, t, NULL) AS s
	  FROM (VALUES ('registration'::vehicle_event, '2025-03-30 02:00+00'::timestamptz),
				   ('export', '2025-04-20 02:00+00')) v(k, t)) x;
SELECT exported_within(resale_agg(kind, at, km), '30') FROM bi_ev;
-- Run again, bi_create_view replaces the view it made (here with several
-- windows), keeping the grant zm_user gave; it refuses a name it did not make.
GRANT SELECT ON bi_fleet_bi TO zm_other;
SELECT bi_create_view('bi_fleet', windows => ARRAY['30 days', '180 days']::interval[])::text AS replaced;
SELECT vin, is_zero_mileage_30d, zero_mileage_reason_180d FROM bi_fleet_bi ORDER BY vin;
SELECT has_table_privilege('zm_other', 'bi_fleet_bi', 'SELECT') AS grant_kept;
CREATE TEMP TABLE bi_taken (x int);
SELECT bi_create_view('bi_fleet', 'bi_taken');
