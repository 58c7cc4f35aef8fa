-- zm_owner (database owner, not a superuser) installs zeromile in a schema
-- of its own and prepares the schemas zm_user works in.
CREATE SCHEMA zm;
CREATE EXTENSION zeromile SCHEMA zm;
-- What zm_user needs to use zeromile: USAGE on the extension's schema.
-- (Functions are EXECUTE and types USAGE to PUBLIC by default.)
GRANT USAGE ON SCHEMA zm TO zm_user;
-- app: zm_user may create tables there; locked: zm_user may only look up.
CREATE SCHEMA app;
GRANT USAGE, CREATE ON SCHEMA app TO zm_user;
CREATE SCHEMA locked;
GRANT USAGE ON SCHEMA locked TO zm_user;
SET search_path = zm;

SELECT extowner::regrole AS extowner, extnamespace::regnamespace AS schema,
	   pg_get_userbyid(nspowner) AS schema_owner
FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE extname = 'zeromile';
SELECT relowner = 10 AS registry_owned_by_bootstrap_superuser,
	   has_table_privilege('zm_user', 'wmi_registry', 'SELECT') AS user_select,
	   has_table_privilege('zm_user', 'wmi_registry', 'INSERT,UPDATE,DELETE,TRUNCATE') AS user_write,
	   has_table_privilege('zm_owner', 'wmi_registry', 'INSERT') AS owner_insert,
	   has_table_privilege('zm_owner', 'wmi_registry', 'UPDATE') AS owner_update,
	   has_table_privilege('zm_owner', 'wmi_registry', 'DELETE') AS owner_delete,
	   has_table_privilege('zm_owner', 'wmi_registry', 'TRUNCATE') AS owner_truncate
FROM pg_class WHERE oid = 'wmi_registry'::regclass;

-- The registry, as the extension's owner: user rows yes, shipped rows no.
INSERT INTO wmi_registry (wmi, manufacturer, country, source)
VALUES ('1M8', 'Motor Coach Industries', 'United States', 'trusted suite'),
	   ('TM9901', 'Example small maker', 'Czech Republic', 'trusted suite'),
	   ('zz1', 'Short-lived row', NULL, NULL);
UPDATE wmi_registry SET source = 'trusted suite, checked' WHERE wmi = '1M8';
-- a lower-case WMI was made upper case; one that is no WMI is refused
DELETE FROM wmi_registry WHERE wmi = 'ZZ1' RETURNING wmi;
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('ZZ', 'Too short');
INSERT INTO wmi_registry (wmi, manufacturer, shipped) VALUES ('ZZ2', 'Fake', true);
UPDATE wmi_registry SET manufacturer = 'SAIC' WHERE wmi = 'LSJ';
DELETE FROM wmi_registry WHERE wmi = 'LSJ';
TRUNCATE wmi_registry;
SELECT wmi, manufacturer, source, shipped FROM wmi_registry WHERE NOT shipped ORDER BY wmi COLLATE "C";

-- Owning the schema does not make zm_owner the owner of what the
-- (superuser-run) script created in it: it may not alter, redefine or
-- detach the extension's objects.  It may pass its registry grant on (it
-- holds it WITH GRANT OPTION): zm_user may add user rows from here on.
ALTER TABLE wmi_registry DISABLE TRIGGER wmi_registry_guard;
ALTER FUNCTION vin_wmi(vin) SECURITY DEFINER;
CREATE OR REPLACE FUNCTION vin_wmi(v vin) RETURNS text LANGUAGE sql RETURN 'X';
ALTER EXTENSION zeromile DROP FUNCTION vin_wmi(vin);
DROP TABLE wmi_registry;
GRANT INSERT ON wmi_registry TO zm_user;
SELECT has_table_privilege('zm_user', 'wmi_registry', 'INSERT') AS user_insert;
