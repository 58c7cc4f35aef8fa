-- The shipped WMI rows equal data/wmi.csv (regenerate src/sql/decode.sql
-- with data/wmi-to-sql.sh after editing the CSV).
CREATE TEMP TABLE decode_wmi_csv (wmi text, manufacturer text, country text, source text);
\copy decode_wmi_csv FROM 'data/wmi.csv' WITH (FORMAT csv, HEADER true)
SELECT count(*) > 0 AS csv_has_rows FROM decode_wmi_csv;
-- rows in one and not the other (none expected either way)
(SELECT wmi, manufacturer, country, source FROM decode_wmi_csv
 EXCEPT SELECT wmi, manufacturer, country, source FROM wmi_registry WHERE shipped)
UNION ALL
(SELECT wmi, manufacturer, country, source FROM wmi_registry WHERE shipped
 EXCEPT SELECT wmi, manufacturer, country, source FROM decode_wmi_csv);
SELECT (SELECT count(*) FROM decode_wmi_csv) = (SELECT count(*) FROM wmi_registry WHERE shipped) AS same_count;
-- every shipped WMI has a source, and its country agrees with ISO 3780
-- except XP7: Tesla's Berlin plant uses a WMI from the Netherlands range
-- (XL-XR), where Tesla's European company is registered
SELECT wmi, country, vin_country((wmi || repeat('1', 14))::vin) AS iso_3780
FROM wmi_registry
WHERE shipped AND (source IS NULL OR country IS DISTINCT FROM vin_country((wmi || repeat('1', 14))::vin));
DROP TABLE decode_wmi_csv;
