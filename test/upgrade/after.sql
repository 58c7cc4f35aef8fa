-- After the update (test/upgrade/run.sh): the triggers set up under the old
-- version keep working.  Run by the extension's owner in the updated
-- database and in the fresh one; the outputs must be equal.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = u, public;
LISTEN zm_upgrade;

-- vin_guard, reject: good rows in, a bad one refused with its problems,
-- an UPDATE checked too.
INSERT INTO u.guard_reject VALUES (10, 'WVWZZZ1JZXW000001');
SELECT 'reject insert', u.try($$INSERT INTO u.guard_reject VALUES (11, '1HG-CM8O633A00435')$$);
SELECT 'reject update', u.try($$UPDATE u.guard_reject SET vin = '1HGCM82633A00435' WHERE id = 1$$);
SELECT 'guard_reject', id, vin FROM u.guard_reject ORDER BY id;

-- normalize: repairable VINs rewritten, others refused.
INSERT INTO u.guard_norm VALUES (10, ' wvw zzz1jzxw000001 ');
SELECT 'normalize insert', u.try($$INSERT INTO u.guard_norm VALUES (11, '1HGCM82643A004352')$$);
SELECT 'guard_norm', id, vin FROM u.guard_norm ORDER BY id;

-- quarantine: bad rows moved to u.q, whole, with their problems.
INSERT INTO u.guard_q VALUES
	(10, 'WVWZZZ1JZXW000001', 'good'),
	(11, '1HGCM82633A0043', 'short'),
	(12, '1HGCM8 2633AOO4352', 'repairable, but quarantine does not repair');
UPDATE u.guard_q SET vin = 'still not a vin' WHERE id = 1;
SELECT 'guard_q', id, vin, note FROM u.guard_q ORDER BY id;
SELECT 'quarantine', source_table, row_data, problems, rejected_at IS NOT NULL
FROM u.q ORDER BY row_data::text;

-- resale_track: new events merged into the summaries stored before the
-- update; notifications of VINs that became zero-mileage.
INSERT INTO u.ev_tracked SELECT * FROM u.events WHERE vin >= '5' AND vin < 'L';
INSERT INTO u.ev_tracked VALUES
	('1HGCM82633A004352', 'registration', '2025-03-28 10:00', NULL, NULL),
	('1HGCM82633A004352', 'listing', '2025-04-05 09:00', 12, 'dealer-7');
SELECT 'tracked', count(*), md5(string_agg(vin || '=' || summary, ',' ORDER BY vin)) FROM u.tracked_sums;
SELECT 'tracked mismatches', count(*) FROM (
	(SELECT vin, summary::text FROM u.tracked_sums
	 EXCEPT SELECT vin::vin, resale_agg(kind, at, odometer_km, seller)::text FROM u.ev_tracked GROUP BY vin)
	UNION ALL
	(SELECT vin::vin, resale_agg(kind, at, odometer_km, seller)::text FROM u.ev_tracked GROUP BY vin
	 EXCEPT SELECT vin, summary::text FROM u.tracked_sums)) AS d;
SELECT 'zero mileage', vin, is_zero_mileage(summary) FROM u.tracked_sums WHERE vin = '1HGCM82633A004352';

-- The 1.1.0-style insert trigger replaced by resale_track_attach (1.2.0),
-- with the same options: updates and deletes then keep the summaries
-- stored before the update exact too.  Left beside it, the old trigger is
-- refused (it would count every insert twice).
CREATE INDEX ON u.ev_tracked ((CAST(vin AS vin)));
SELECT 'attach beside the old trigger', u.try($$SELECT resale_track_attach('u.ev_tracked', 'u.tracked_sums', channel => 'zm_upgrade', within => '180 days', max_km => 50)$$);
DROP TRIGGER track ON u.ev_tracked;
SELECT 'attach', resale_track_attach('u.ev_tracked', 'u.tracked_sums', channel => 'zm_upgrade', within => '180 days', max_km => 50);
UPDATE u.ev_tracked SET odometer_km = odometer_km * 10 WHERE vin < '3';
DELETE FROM u.ev_tracked WHERE kind = 'registration' AND vin >= '3' AND vin < '5';
SELECT 'tracked after update and delete', count(*), md5(string_agg(vin || '=' || summary, ',' ORDER BY vin)) FROM u.tracked_sums;
SELECT 'rebuild differences', count(*) FROM resale_track_rebuild('u.ev_tracked', dry_run => true);

-- Summaries stored before the update merge with new ones.
SELECT 'merge old and new', md5(string_agg(rollup::text, ',' ORDER BY vin)) FROM (
	SELECT s.vin, rollup(s.summary) FROM (SELECT * FROM u.sums UNION ALL SELECT * FROM u.tracked_sums) AS s GROUP BY s.vin) AS r;

-- The registry's guard, and its privileges for the extension's owner.
SELECT 'wmi insert', u.try($$INSERT INTO wmi_registry (wmi, manufacturer, vehicle_type) VALUES ('LFA', 'Owner-added maker', 'bus')$$);
SELECT 'wmi update user row', u.try($$UPDATE wmi_registry SET country = 'China' WHERE wmi = 'LFA'$$);
SELECT 'wmi insert shipped wmi', u.try($$INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LNB', 'x')$$);
SELECT 'wmi update shipped', u.try($$UPDATE wmi_registry SET manufacturer = 'x' WHERE wmi = 'LGX'$$);
SELECT 'wmi claim shipped', u.try($$INSERT INTO wmi_registry (wmi, manufacturer, shipped) VALUES ('LFC', 'x', true)$$);
SELECT 'wmi delete shipped', u.try($$DELETE FROM wmi_registry WHERE wmi = 'LGX'$$);
SELECT 'wmi truncate', u.try($$TRUNCATE wmi_registry$$);
SELECT 'wmi delete user row', u.try($$DELETE FROM wmi_registry WHERE wmi = 'SB1'$$);
SELECT 'wmi rows', shipped, count(*) FROM wmi_registry GROUP BY shipped ORDER BY shipped;
SELECT 'user wmi', vin_manufacturer('LFAAAAAAAAA123456'), vin_vehicle_type('LFAAAAAAAAA123456');
SELECT 'shipped wmi', vin_manufacturer(v), vin_vehicle_type(v)
FROM (VALUES ('LNBAAAAAAAA123456'::vin), ('LGXCB4E20P1234567'), ('LZEAAAAAAAA123456')) AS x(v);
