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
	facts text[] := ARRAY['registered_at', 'insured_at', 'registration_count',
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
