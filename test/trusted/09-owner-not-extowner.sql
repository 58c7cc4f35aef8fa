-- The database owner did not create this extension: it may neither drop it
-- nor add registry rows (the grant went to zm_other, who ran CREATE
-- EXTENSION).  Both 42501.
DROP EXTENSION zeromile;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('1M8', 'Motor Coach Industries');
SELECT has_table_privilege('wmi_registry', 'SELECT') AS may_read;
