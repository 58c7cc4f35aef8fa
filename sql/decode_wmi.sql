-- The shipped WMI rows equal data/wmi.csv (regenerate src/sql/decode.sql
-- and the upgrade script with data/wmi-to-sql.sh after editing the CSV).
-- The CSV is RFC 4180: quoted fields with commas, as \copy reads them.
CREATE TEMP TABLE decode_wmi_csv (wmi text, manufacturer text, country text,
								  vehicle_type text, disputed boolean, source text,
								  manufacturer_zh text);
\copy decode_wmi_csv FROM 'data/wmi.csv' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
SELECT count(*) > 0 AS csv_has_rows FROM decode_wmi_csv;
-- rows in one and not the other (none expected either way); an empty
-- vehicle type or Chinese name in the CSV is NULL (this database is UTF8,
-- so every Chinese name is kept)
SELECT getdatabaseencoding() AS encoding;
(SELECT wmi, manufacturer, country, vehicle_type, disputed, source, manufacturer_zh FROM decode_wmi_csv
 EXCEPT SELECT wmi, manufacturer, country, vehicle_type, disputed, source, manufacturer_zh FROM wmi_registry WHERE shipped)
UNION ALL
(SELECT wmi, manufacturer, country, vehicle_type, disputed, source, manufacturer_zh FROM wmi_registry WHERE shipped
 EXCEPT SELECT wmi, manufacturer, country, vehicle_type, disputed, source, manufacturer_zh FROM decode_wmi_csv);
SELECT (SELECT count(*) FROM decode_wmi_csv) = (SELECT count(*) FROM wmi_registry WHERE shipped) AS same_count;
-- every shipped WMI has a source, and its country agrees with ISO 3780
-- except XP7: Tesla's Berlin plant uses a WMI from the Netherlands range
-- (XL-XR), where Tesla's European company is registered
-- (positions 1-2 decide the country, also of small manufacturers' WMIs)
SELECT wmi, country, vin_country((substr(wmi, 1, 3) || repeat('1', 14))::vin) AS iso_3780
FROM wmi_registry
WHERE shipped AND (source IS NULL OR
				   country IS DISTINCT FROM vin_country((substr(wmi, 1, 3) || repeat('1', 14))::vin));
-- a disputed row says why in its source; a vehicle type from NHTSA vPIC
-- names vPIC in the source
SELECT wmi FROM wmi_registry
WHERE shipped AND disputed AND source NOT LIKE '%disputed: %';
SELECT wmi, vehicle_type FROM wmi_registry
WHERE shipped AND vehicle_type IS NOT NULL AND source NOT LIKE '%NHTSA vPIC%';
-- the disputed rows, and the shipped rows by vehicle type
SELECT wmi, manufacturer, vehicle_type FROM wmi_registry
WHERE shipped AND disputed ORDER BY wmi COLLATE "C";
SELECT vehicle_type, count(*) FROM wmi_registry WHERE shipped
GROUP BY 1 ORDER BY vehicle_type COLLATE "C" NULLS FIRST;
-- LDY (a motorcycle maker's in vPIC, not Zhongtong's) is no longer shipped
SELECT count(*) AS ldy FROM wmi_registry WHERE wmi = 'LDY';
DROP TABLE decode_wmi_csv;

-- Issue 20, part 6: the new-energy makers.  A VIN of each decodes to its
-- maker, with the Chinese name beside it (L1NSPGHB6LA000077 is the test VIN
-- of XPeng's in-car software; its check digit is valid).
SELECT v, vin_is_valid(v) AS valid, vin_manufacturer(v::vin) AS manufacturer,
	   (SELECT manufacturer_zh FROM wmi_registry WHERE wmi = vin_wmi(v::vin)) AS manufacturer_zh
FROM (VALUES ('L1NSPGHB6LA000077')) AS t(v);
-- every Chinese-registered shipped row has a Chinese name, no other does
SELECT wmi, country, manufacturer_zh FROM wmi_registry
WHERE shipped AND (country = 'China') <> (manufacturer_zh IS NOT NULL)
ORDER BY wmi COLLATE "C";

-- User rows: a lower-case WMI is made upper case (so vin_manufacturer
-- finds it), on INSERT and on UPDATE; anything else that is no WMI is
-- refused with what a WMI is, not the bare CHECK failure.
BEGIN;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('lfa', 'Lower-case maker') RETURNING wmi;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('Lk9aBc', 'Mixed-case small maker') RETURNING wmi;
SELECT vin_manufacturer('LFAAAAAAAAA123456') AS lfa,
	   vin_manufacturer('LK9AAAAAAAAABC123') AS lk9abc;
UPDATE wmi_registry SET wmi = 'lax' WHERE wmi = 'LFA' RETURNING wmi;
-- ON CONFLICT sees the upper-case WMI
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('lax', 'again')
ON CONFLICT (wmi) DO UPDATE SET manufacturer = excluded.manufacturer RETURNING wmi, manufacturer;
-- a lower-case shipped WMI is the shipped one
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('lgx', 'x');
ROLLBACK;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LIO', 'x');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LA9', 'x');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LF', 'x');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES (' lfa', 'x');
BEGIN;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LFA', 'x');
UPDATE wmi_registry SET wmi = 'lfaa' WHERE wmi = 'LFA';
ROLLBACK;
SELECT count(*) AS user_rows FROM wmi_registry WHERE NOT shipped;
