-- Decoding functions (vin in), the WMI registry and its guard.

-- sections; small manufacturers (position 3 is 9) take 12-14 into the WMI
SELECT v, vin_wmi(v), vin_vds(v), vin_vis(v), vin_plant(v), vin_serial(v)
FROM (VALUES ('1M8GDM9AXKP042788'::vin), ('TM912345678901234'::vin),
			 ('19UUA9F53EA002754'::vin)) AS t(v);

-- ISO 3780 regions: every first character
SELECT vin_region(v) AS region, string_agg(substr(v::text, 1, 1), '' ORDER BY v) AS first_characters
FROM (SELECT (c || '1234567890123456')::vin AS v
	  FROM regexp_split_to_table('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', '') AS c) AS t
GROUP BY 1 ORDER BY 1;

-- ISO 3780 countries: range ends, the digit-after-letter order (2A-25,
-- AZ-A1), the trailing 0, and unassigned pairs
SELECT p, vin_country((p || '345678901234567')::vin)
FROM (VALUES ('1A'), ('10'), ('2A'), ('25'), ('26'), ('3A'), ('3X'), ('3Y'), ('35'),
			 ('AZ'), ('A1'), ('A2'), ('A6'), ('BL'), ('DE'), ('DF'), ('EA'),
			 ('H0'), ('JA'), ('KL'), ('KR'), ('KS'), ('KA'), ('L9'), ('MX'), ('M1'), ('M7'),
			 ('SA'), ('SM'), ('SN'), ('ST'), ('SU'), ('S3'), ('VF'), ('VR'), ('VS'), ('W0'),
			 ('XZ'), ('X0'), ('YX'), ('Y1'), ('Y2'), ('ZA'), ('ZU'), ('Z0'), ('6Y'), ('61'),
			 ('62'), ('8Z'), ('82'), ('9A'), ('92'), ('99'), ('90'), ('00')) AS t(p);

-- model years: two candidates per year code, none for 0 U Z
SELECT c, vin_model_years(('1M8GDM9AX' || c || 'P042788')::vin)
FROM regexp_split_to_table('ABHJNPRSTVWXY19', '') AS c;
SELECT c, vin_model_years(('1M8GDM9AX' || c || 'P042788')::vin) = '{}' AS empty
FROM regexp_split_to_table('0UZ', '') AS c;

-- vin_model_year: North American position-7 rule (7 numeric -> 1980-2009,
-- alphabetic -> 2010-2039) when not later than as_of's year + 1
SELECT v, as_of, vin_model_year(v::vin, as_of), vin_model_year_rule(v::vin, as_of)
FROM (VALUES
	('1M8GDM9AXKP042788', date '2024-06-30'),	-- 7 = '9': 1989
	('19UUA9F53EA002754', date '2024-06-30'),	-- 7 = 'F': 2014
	('19UUA9F53EA002754', date '2012-06-30'),	-- 2014 > 2013: latest candidate 1984
	('19UUA9F53EA002754', date '2013-01-01'),	-- 2014 = 2013 + 1: allowed
	('LSJA24U62JG269225', date '2024-06-30'),	-- China: latest candidate 2018
	('LSJA24U62JG269225', date '2010-06-30'),	-- 2018 too late: 1988
	('LSJA24U62JG269225', date '1987-12-31'),	-- 1988 = 1987 + 1
	('LSJA24U62JG269225', date '1986-12-31'),	-- no candidate
	('WVWZZZ1KZ6W612305', date '2024-06-30'),	-- Europe: 2006
	('WVWZZZ1KZ6W612305', date 'infinity'),		-- every candidate allowed: 2036
	('WVWZZZ1KZ6W612305', date '-infinity'),	-- none
	('XTAGFK330JY144213', date '2024-06-30'),
	('1M8GDM9AX0P042788', date '2024-06-30')	-- 0 is no year code
	) AS t(v, as_of);

-- vin_decode: everything in one record
SELECT * FROM vin_decode('LSJA24U62JG269225', date '2025-06-30');
SELECT (vin_decode('1M8GDM9AXKP042788', date '2025-06-30')).*;
SELECT vin_decode('1M8GDM9AXKP042788', NULL) IS NULL AS strict;

-- the registry: shipped rows are read, user rows are added with INSERT
SELECT vin_manufacturer('LSJA24U62JG269225'), vin_manufacturer('WVWZZZ1KZ6W612305'),
	   vin_manufacturer('1M8GDM9AXKP042788') IS NULL AS unknown;
INSERT INTO wmi_registry (wmi, manufacturer, country, source)
VALUES ('1M8', 'Motor Coach Industries', 'United States', 'test'),
	   ('TM9901', 'A small Czech maker', 'Czech Republic', 'test');
SELECT vin_manufacturer('1M8GDM9AXKP042788'), vin_manufacturer('TM912345678901234'),
	   vin_manufacturer('TM912345678801234') IS NULL AS other_small_maker;
UPDATE wmi_registry SET manufacturer = 'Motor Coach Industries International' WHERE wmi = '1M8';
SELECT vin_manufacturer('1M8GDM9AXKP042788');
-- it is looked up in the extension's schema whatever the search_path
CREATE SCHEMA decode_test_shadow;
CREATE TABLE decode_test_shadow.wmi_registry (wmi text, manufacturer text);
INSERT INTO decode_test_shadow.wmi_registry VALUES ('LSJ', 'shadowed');
SET search_path = decode_test_shadow, public;
SELECT public.vin_manufacturer('LSJA24U62JG269225');
RESET search_path;
DROP SCHEMA decode_test_shadow CASCADE;
-- the guard: shipped rows stay as shipped, user rows cannot claim to be
UPDATE wmi_registry SET manufacturer = 'x' WHERE wmi = 'LSJ';
DELETE FROM wmi_registry WHERE wmi = 'LSJ';
INSERT INTO wmi_registry (wmi, manufacturer, shipped) VALUES ('ZZZ', 'x', true);
UPDATE wmi_registry SET shipped = true WHERE wmi = '1M8';
TRUNCATE wmi_registry;
SELECT vin_wmi_registry_guard();
-- the WMI format: 3 characters, or 6 when the third is 9
-- (lower case is made upper case: '1m8' is the row 1M8 above, so the key refuses it)
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('1m8', 'lower case');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('1M9', 'small maker without 12-14');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('1MOX', 'letter O');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('1M8ABC', 'six but not small');
INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LSJ', 'duplicate');
DELETE FROM wmi_registry WHERE NOT shipped;
SELECT count(*) FILTER (WHERE shipped) > 0 AS has_shipped, count(*) FILTER (WHERE NOT shipped) AS user_rows
FROM wmi_registry;
-- pg_dump saves exactly the user rows
SELECT c.relname, e.extcondition
FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(oid, extcondition)
JOIN pg_class c ON c.oid = x.oid
WHERE e.extname = 'zeromile';
