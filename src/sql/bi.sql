
--------------------------------------------------------------------------
-- BI tools and drivers (issue 11): readable summaries.  See doc/bi.md.
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
