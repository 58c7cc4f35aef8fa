-- zm_trusted_copy was restored by zm_owner from zm_owner's dump: the
-- extension re-created (trusted), the user row back, the shipped rows once.
SELECT extversion, extowner::regrole AS extowner FROM pg_extension WHERE extname = 'zeromile';
SELECT wmi, manufacturer, shipped FROM wmi_registry WHERE NOT shipped;
SELECT count(*) = count(DISTINCT wmi) AS no_duplicates, count(*) > 50 AS shipped_rows_back
FROM wmi_registry WHERE shipped;
SELECT has_table_privilege('wmi_registry', 'INSERT') AS owner_may_insert;
DROP EXTENSION zeromile;
SELECT count(*) AS extensions_left FROM pg_extension WHERE extname = 'zeromile';
