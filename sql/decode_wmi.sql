-- The shipped WMI rows equal data/wmi.csv (regenerate src/sql/decode.sql
-- and the upgrade script with data/wmi-to-sql.sh after editing the CSV).
-- The CSV is RFC 4180: quoted fields with commas, as \copy reads them.
CREATE TEMP TABLE decode_wmi_csv (wmi text, manufacturer text, country text,
								  vehicle_type text, disputed boolean, source text);
\copy decode_wmi_csv FROM 'data/wmi.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) > 0 AS csv_has_rows FROM decode_wmi_csv;
-- rows in one and not the other (none expected either way); an empty
-- vehicle type in the CSV is NULL
(SELECT wmi, manufacturer, country, vehicle_type, disputed, source FROM decode_wmi_csv
 EXCEPT SELECT wmi, manufacturer, country, vehicle_type, disputed, source FROM wmi_registry WHERE shipped)
UNION ALL
(SELECT wmi, manufacturer, country, vehicle_type, disputed, source FROM wmi_registry WHERE shipped
 EXCEPT SELECT wmi, manufacturer, country, vehicle_type, disputed, source FROM decode_wmi_csv);
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
