-- The part of the user data only a superuser could make under 1.0.0 (whose
-- registry the extension's owner may not write), and amcheck for the index
-- checks of fingerprint.sql.  Run after setup.sql (test/upgrade.sh).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
INSERT INTO wmi_registry (wmi, manufacturer, country, source) VALUES
	('LNB', 'Example user-added maker', 'China', 'upgrade test'),
	('SB1', 'Example user-added maker 2', 'United Kingdom', 'upgrade test'),
	('WF9XYZ', 'Example small maker', 'Germany', 'upgrade test');
DO $$
BEGIN
	IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'amcheck') THEN
		CREATE EXTENSION amcheck;
	END IF;
END
$$;
