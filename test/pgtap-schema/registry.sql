-- The WMI registry of zeromile installed in schema zm, off the search_path,
-- with look-alike registries in other schemas: vin_manufacturer and
-- vin_decode read zm.wmi_registry, and their cache follows changes to it
-- (and only to it).  Runs in a database where zeromile was created with
-- SCHEMA zm.
BEGIN;
SELECT plan(9);

CREATE SCHEMA decoy;
CREATE TABLE decoy.wmi_registry (wmi text, manufacturer text);
INSERT INTO decoy.wmi_registry VALUES ('LSJ', 'decoy'), ('LXA', 'decoy');
CREATE TABLE public.wmi_registry (wmi text, manufacturer text);
INSERT INTO public.wmi_registry VALUES ('LSJ', 'public decoy'), ('LXA', 'public decoy');
SET LOCAL search_path = decoy, public;

SELECT is(zm.vin_manufacturer('LSJA24U62JG269225'), 'SAIC MG',
		  'the registry of the extension''s schema is read, whatever the search_path');
SELECT is(zm.vin_manufacturer('LXAAB12C3PA123456'), NULL,
		  'a WMI only the look-alikes have is unknown');

UPDATE decoy.wmi_registry SET manufacturer = 'decoy, changed';
INSERT INTO public.wmi_registry VALUES ('LXB', 'public decoy');
SELECT is(zm.vin_manufacturer('LXBAB12C3PA123456'), NULL,
		  'changes to look-alike tables change nothing');

INSERT INTO zm.wmi_registry (wmi, manufacturer) VALUES ('LXA', 'zm maker');
SELECT is(zm.vin_manufacturer('LXAAB12C3PA123456'), 'zm maker',
		  'a row added to zm.wmi_registry is seen by the next statement');
SELECT is((zm.vin_decode('LXAAB12C3PA123456', date '2025-06-30')).manufacturer, 'zm maker',
		  'and by vin_decode');

UPDATE zm.wmi_registry SET manufacturer = 'zm maker, renamed' WHERE wmi = 'LXA';
SELECT is(m, 'zm maker, renamed', 'an update is seen')
FROM zm.vin_decode('LXAAB12C3PA123456', date '2025-06-30') AS d(w, vds, vis, p, s, r, c, m, ys, y, yr);

DELETE FROM zm.wmi_registry WHERE wmi = 'LXA';
SELECT is(zm.vin_manufacturer('LXAAB12C3PA123456'), NULL, 'a delete is seen');

-- a function of another schema named like the registry trigger's is not run
CREATE FUNCTION decoy.vin_wmi_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'decoy trigger function ran';
END
$$;
SELECT lives_ok($$INSERT INTO zm.wmi_registry (wmi, manufacturer) VALUES ('LXC', 'zm maker C')$$,
				'the registry''s trigger is the extension''s own');
SELECT is(zm.vin_manufacturer('LXCAB12C3PA123456'), 'zm maker C', 'and the row is seen');

SELECT * FROM finish();
ROLLBACK;
