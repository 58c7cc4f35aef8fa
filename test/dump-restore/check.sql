-- Fingerprint compared before and after dump/restore (test/dump-restore/run.sh).
SET enable_seqscan = off;
SELECT 'rows', count(*), md5(string_agg(id || ':' || v || ':' || raw, ',' ORDER BY v)) FROM dr_vins;
SELECT 'by index', count(*) FROM dr_vins WHERE v = (SELECT v FROM dr_vins WHERE id = 42);
SELECT 'by varchar', count(*) FROM dr_vins WHERE v = (SELECT raw FROM dr_vins WHERE id = 42);
SELECT 'partition ' || tableoid::regclass, count(*), md5(string_agg(v::text, ',' ORDER BY v))
FROM dr_part GROUP BY tableoid ORDER BY 1;
SELECT 'valid indexes', count(*) FROM pg_index WHERE indrelid = 'dr_vins'::regclass AND indisvalid;
SELECT 'wmi rows', shipped, count(*),
	   md5(string_agg(concat_ws(':', wmi, manufacturer, vehicle_type, disputed), ',' ORDER BY wmi))
FROM wmi_registry GROUP BY shipped ORDER BY shipped;
SELECT 'user wmi', vin_manufacturer('LNASCCAK3HT123456'), vin_vehicle_type('LNASCCAK3HT123456');
