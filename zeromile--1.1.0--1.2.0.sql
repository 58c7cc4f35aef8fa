-- Upgrade script of zeromile from 1.1.0 to 1.2.0.
--
-- Everything here must leave a 1.1.0 database identical (catalogue and
-- data) to a fresh 1.2.0 install: test/upgrade/run.sh checks that.  The parts
-- in src/sql are the 1.2.0 install script; keep the two in step.  One
-- section per concern, in the order of the install parts.
\echo Use "ALTER EXTENSION zeromile UPDATE TO '1.2.0'" to load this file. \quit

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

-- resale_facts gains zero_mileage_reason, after the fields of 1.1.0 (the
-- C function fills the fields the type has, so a database not yet
-- updated keeps working with the new library).
ALTER TYPE resale_facts ADD ATTRIBUTE zero_mileage_reason zero_mileage_reason;
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision) IS
	'Every accessor''s value as one row; resold_within, is_zero_mileage and zero_mileage_reason with these thresholds, in the session TimeZone';
COMMENT ON FUNCTION resale_facts(resale_summary, interval, double precision, text) IS
	'Every accessor''s value as one row; resold_within, is_zero_mileage and zero_mileage_reason with these thresholds, R + within computed in time_zone';

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
		'events_before_registration'];
	per_window text[] := ARRAY['resold_within', 'is_zero_mileage', 'zero_mileage_reason'];
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
					-- window (i - |facts| - 1) / 3 + 1, field (i - |facts| - 1) % 3 + 1
					n := i - cardinality(facts) - 1;
					cols := cols || format('%I.%I(t.%I, %L::interval%s) AS %I',
										   ext_nsp, per_window[n % 3 + 1], att.attname,
										   windows[n / 3 + 1],
										   CASE WHEN n % 3 = 0 THEN ''
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
	'creates, or replaces when it made it, a view of source for BI tools (vin columns as varchar(17), summaries expanded to the resale_facts columns, with windows a resold_within, is_zero_mileage and zero_mileage_reason column per window) and an expression index per vin column that keeps the view''s filters indexed';

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
