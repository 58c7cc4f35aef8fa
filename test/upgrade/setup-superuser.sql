-- The part of the user data only a superuser could make under 1.0.0 (whose
-- registry the extension's owner may not write), and amcheck for the index
-- checks of fingerprint.sql.  Run after setup.sql (test/upgrade/run.sh).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
INSERT INTO wmi_registry (wmi, manufacturer, country, source) VALUES
	('SB1', 'Example user-added maker 2', 'United Kingdom', 'upgrade test'),
	('WF9XYZ', 'Example small maker', 'Germany', 'upgrade test');
-- A user row for a WMI that a later version ships (LNB, shipped since
-- 1.1.0): added where the version installed does not ship it, replaced by
-- the shipped row on update (test/upgrade/run.sh checks it, doc/upgrading.md).
INSERT INTO wmi_registry (wmi, manufacturer, country, source)
VALUES ('LNB', 'Example user-added maker', 'China', 'upgrade test')
ON CONFLICT (wmi) DO NOTHING;
-- The same for L1N (XPeng), shipped since 1.2.0.
INSERT INTO wmi_registry (wmi, manufacturer, country, source)
VALUES ('L1N', 'Example user-added maker', 'China', 'upgrade test')
ON CONFLICT (wmi) DO NOTHING;
DO $$
BEGIN
	IF EXISTS (SELECT FROM pg_available_extensions WHERE name = 'amcheck') THEN
		CREATE EXTENSION amcheck;
	END IF;
END
$$;
