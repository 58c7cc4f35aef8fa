
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
	is_zero_mileage boolean,
	zero_mileage_reason zero_mileage_reason,
	first_export_at timestamptz,
	exports_tracked boolean,
	exported_within boolean
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
	'Every accessor''s value as one row; resold_within, is_zero_mileage, zero_mileage_reason and exported_within with these thresholds, in the session TimeZone';

-- IMMUTABLE: the zone is an argument (like timezone(text, timestamptz)).
CREATE FUNCTION resale_facts(s resale_summary, within interval,
							 max_km double precision, time_zone text)
	RETURNS resale_facts
	AS 'MODULE_PATHNAME', 'resale_facts_at_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision, text) IS
	'Every accessor''s value as one row; resold_within, is_zero_mileage, zero_mileage_reason and exported_within with these thresholds, R + within computed in time_zone';

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
