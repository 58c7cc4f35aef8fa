-- What the pg_upgrade suite compares besides test/upgrade/fingerprint.sql
-- (test/pg-upgrade/run.sh): the BI view's rows and its index, the
-- extension's version, and the registry cache on user rows.  Taken on the
-- old cluster before the upgrade and on the new one after; equal outputs.
-- Run right after fingerprint.sql in the same session, with its settings
-- (time zone, styles, float digits, search_path).

SELECT 'bi view', count(*), md5(string_agg(b::text, ',' ORDER BY b.vin)) FROM u.sums_bi AS b;
SELECT 'bi zero mileage', count(*) FILTER (WHERE is_zero_mileage), count(*) FILTER (WHERE zero_mileage_reason IS NOT NULL)
FROM u.sums_bi;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT * FROM u.sums_bi WHERE vin = '1HGCM82633A004352';
SELECT 'bi lookups', count(*) FROM u.sums s JOIN u.sums_bi b ON b.vin = s.vin::text;
RESET enable_seqscan;
RESET enable_bitmapscan;
SELECT 'extversion', extversion FROM pg_extension WHERE extname = 'zeromile';
SELECT 'user wmi rows', wmi, vin_manufacturer((left(wmi, 3) || 'AAAAAAAA' || rpad(substr(wmi, 4), 3, '1') || '123')::vin)
FROM wmi_registry WHERE NOT shipped ORDER BY wmi;
