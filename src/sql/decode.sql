
--------------------------------------------------------------------------
-- VIN decoding: vin in
--------------------------------------------------------------------------

CREATE FUNCTION vin_wmi(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_vds(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_vis(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_plant(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_serial(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_region(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_country(vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_model_years(vin) RETURNS integer[]
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_model_year(vin, as_of date) RETURNS integer
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_model_year_rule(vin, as_of date) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_wmi(vin) IS 'world manufacturer identifier: positions 1-3, or 1-3 and 12-14 when position 3 is 9 (small manufacturer)';
COMMENT ON FUNCTION vin_vds(vin) IS 'vehicle descriptor section: positions 4-9';
COMMENT ON FUNCTION vin_vis(vin) IS 'vehicle identifier section: positions 10-17';
COMMENT ON FUNCTION vin_plant(vin) IS 'plant code: position 11';
COMMENT ON FUNCTION vin_serial(vin) IS 'serial number: positions 12-17, or 15-17 for small manufacturers';
COMMENT ON FUNCTION vin_region(vin) IS 'ISO 3780 region of position 1 (Africa, Asia, Europe, North America, Oceania, South America); NULL when unassigned';
COMMENT ON FUNCTION vin_country(vin) IS 'ISO 3780 country of positions 1-2 (English short name); NULL when unassigned';
COMMENT ON FUNCTION vin_model_years(vin) IS 'candidate model years of the position-10 code, ascending; empty when it is no year code';
COMMENT ON FUNCTION vin_model_year(vin, date) IS 'model year not later than as_of''s year + 1: position-7 rule for North America, else the latest candidate; NULL when none';
COMMENT ON FUNCTION vin_model_year_rule(vin, date) IS 'which rule vin_model_year used: position_7 or latest_candidate; NULL when it found no year';

--------------------------------------------------------------------------
-- The WMI registry
--
-- Rows shipped with zeromile have shipped = true and are re-created by
-- CREATE EXTENSION; pg_dump saves only the others (the rows users add), so
-- a restore neither loses nor duplicates any.  A guard trigger keeps the
-- split honest: outside the extension's scripts shipped rows cannot be
-- changed or removed, and new rows cannot claim to be shipped.
--------------------------------------------------------------------------

-- In a trusted install the script runs as superuser: the installing
-- role's default_tablespace must not place the table where that role may
-- not create (SET LOCAL ends with the script).
SET LOCAL default_tablespace = '';

CREATE TABLE wmi_registry (
	wmi text PRIMARY KEY
		CONSTRAINT wmi_registry_wmi_check
		CHECK (wmi OPERATOR(pg_catalog.~) '^[0-9A-HJ-NPR-Z]{2}([0-8A-HJ-NPR-Z]|9[0-9A-HJ-NPR-Z]{3})$'),
	manufacturer text NOT NULL,
	country text,
	source text,
	shipped boolean NOT NULL DEFAULT false
);

COMMENT ON TABLE wmi_registry IS 'world manufacturer identifiers and their owners, read by vin_manufacturer; add your own rows with INSERT (they survive pg_dump)';
COMMENT ON COLUMN wmi_registry.wmi IS 'upper-case WMI as vin_wmi returns it: 3 characters, or 6 when the third is 9 (small manufacturer: positions 1-3 and 12-14)';
COMMENT ON COLUMN wmi_registry.manufacturer IS 'the WMI''s owner';
COMMENT ON COLUMN wmi_registry.country IS 'country where the owner is registered (not always where the car was assembled)';
COMMENT ON COLUMN wmi_registry.source IS 'where the row comes from (public sources that confirm it)';
COMMENT ON COLUMN wmi_registry.shipped IS 'true for rows shipped with zeromile (not dumped, re-created by CREATE EXTENSION); leave false for your own';

CREATE FUNCTION vin_wmi_registry_guard() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_guard() IS 'trigger of wmi_registry: shipped rows are changed only by the extension''s scripts';

CREATE TRIGGER wmi_registry_guard
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_guard();
CREATE TRIGGER wmi_registry_guard_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_guard();

-- vin_manufacturer and vin_decode answer from a per-backend cache of the
-- registry.  Every statement that changes the table announces it, so that
-- every session drops its cache (doc/decoding.md); ALWAYS, because a
-- replica applying changes (session_replication_role = replica) must
-- announce them too.
CREATE FUNCTION vin_wmi_registry_changed() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: tells every session that the registry changed, so that their caches are rebuilt';

CREATE TRIGGER wmi_registry_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;

COMMENT ON TRIGGER wmi_registry_guard ON wmi_registry IS 'refuses changes to shipped rows and user rows marked shipped (they would be lost on restore)';
COMMENT ON TRIGGER wmi_registry_guard_truncate ON wmi_registry IS 'refuses TRUNCATE, which would remove the shipped rows';
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'invalidates the cache of the registry that vin_manufacturer and vin_decode read, in every session';
COMMENT ON CONSTRAINT wmi_registry_pkey ON wmi_registry IS 'one owner per WMI';
COMMENT ON CONSTRAINT wmi_registry_wmi_check ON wmi_registry IS 'a WMI is 3 upper-case VIN characters, or 6 when the third is 9 (small manufacturer)';

SELECT pg_catalog.pg_extension_config_dump('wmi_registry', 'WHERE NOT shipped');

-- vin_manufacturer and vin_decode read the registry with the caller's
-- privileges, so every role may read it (public reference data).  Whoever
-- created the extension may add, change and remove user rows, and let
-- others do so: in a trusted install the script's objects belong to the
-- bootstrap superuser, not to the database owner who ran CREATE EXTENSION.
GRANT SELECT ON wmi_registry TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON wmi_registry TO @extowner@ WITH GRANT OPTION;

-- BEGIN shipped WMI rows (generated by data/wmi-to-sql.sh from data/wmi.csv)
INSERT INTO wmi_registry (wmi, manufacturer, country, source, shipped) VALUES
	('LGX', 'BYD Auto', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LC0', 'BYD (buses)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGW', 'Great Wall Motor (incl. Haval)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('L6T', 'Geely', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LSJ', 'SAIC MG', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LSJA24U62JG269225)', true),
	('LSV', 'SAIC Volkswagen', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LSG', 'SAIC-GM', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZW', 'SAIC-GM-Wuling', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRB', 'SAIC-GM Buick', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVV', 'Chery', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LS5', 'Changan Suzuki', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVS', 'Changan Ford', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LVR', 'Changan Mazda', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LPA', 'Changan PSA (DS)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGB', 'Dongfeng Nissan', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGJ', 'Dongfeng Fengshen', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGH', 'Dongfeng Motor', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LDC', 'Dongfeng Peugeot-Citroen', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LDC613P23A1305189)', true),
	('LVH', 'Dongfeng Honda', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LJD', 'Dongfeng Yueda Kia', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LFV', 'FAW-Volkswagen (incl. Audi)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LFP', 'FAW Car', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LFM', 'FAW Toyota', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LTV', 'FAW Toyota (Tianjin)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LH1', 'FAW Haima', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LMG', 'GAC Trumpchi', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVG', 'GAC Toyota', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LHG', 'GAC Honda', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LWV', 'GAC Fiat', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LE4', 'Beijing Benz', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBV', 'BMW Brilliance', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LBV5S3102ESJ25655)', true),
	('LSY', 'Brilliance Zhonghua', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBE', 'Beijing Hyundai', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRW', 'Tesla (Shanghai)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py; cardog-ai/corgi community/wmi/tesla/LRW.yaml', true),
	('LYV', 'Volvo Cars (China)', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LJ1', 'JAC', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZG', 'Shaanxi Automobile', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZY', 'Yutong', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LKL', 'King Long', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LDY', 'Zhongtong', 'China', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1G1', 'Chevrolet', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1FA', 'Ford', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1FT', 'Ford (trucks)', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1HG', 'Honda', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('4T1', 'Toyota', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('5YJ', 'Tesla', 'United States', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('7SA', 'Tesla', 'United States', 'cardog-ai/corgi community/wmi/tesla', true),
	('XP7', 'Tesla (Berlin)', 'Germany', 'cardog-ai/corgi community/wmi/tesla', true),
	('JHM', 'Honda', 'Japan', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('JN1', 'Nissan', 'Japan', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('JM1', 'Mazda', 'Japan', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('KMH', 'Hyundai', 'South Korea', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('KNA', 'Kia', 'South Korea', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WBA', 'BMW', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WDD', 'Mercedes-Benz', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('W1K', 'Mercedes-Benz', 'Germany', 'sunrise-php/vin issue 70', true),
	('WVW', 'Volkswagen', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WAU', 'Audi', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('WP0', 'Porsche', 'Germany', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('VF1', 'Renault', 'France', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('VF3', 'Peugeot', 'France', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('VF7', 'Citroen', 'France', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('YV1', 'Volvo', 'Sweden', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('ZFA', 'Fiat', 'Italy', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('SAL', 'Land Rover', 'United Kingdom', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('TMB', 'Skoda', 'Czech Republic', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('XTA', 'AvtoVAZ (Lada)', 'Russia', 'idlesign/vininfo src/vininfo/dicts/wmi.py', true);
-- END shipped WMI rows

--------------------------------------------------------------------------
-- Registry look-ups
--
-- C functions answering from a per-backend cache of wmi_registry (see
-- wmi_registry.c): STABLE, since the answer depends on the table.  They
-- find the registry in the extension's schema, whatever the search_path.
--------------------------------------------------------------------------

CREATE FUNCTION vin_manufacturer(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_manufacturer(vin) IS 'owner of the VIN''s WMI from wmi_registry; NULL when unknown';

CREATE FUNCTION vin_decode(v vin, as_of date,
						   OUT wmi text, OUT vds text, OUT vis text,
						   OUT plant text, OUT serial text,
						   OUT region text, OUT country text,
						   OUT manufacturer text,
						   OUT model_years integer[], OUT model_year integer,
						   OUT model_year_rule text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_decode(vin, date) IS 'every decoding of a VIN in one record, for BI queries: sections, region, country, manufacturer, model years';
