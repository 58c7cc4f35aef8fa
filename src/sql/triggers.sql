-- triggers: vin_guard(), resale_track() and vin_create_quarantine()
--
-- All three write to tables, so they are VOLATILE and PARALLEL UNSAFE, and
-- SECURITY INVOKER: the rows they write are written with the privileges of
-- the user whose statement fired them.

CREATE FUNCTION vin_guard() RETURNS trigger
	AS 'MODULE_PATHNAME', 'vin_guard'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION vin_guard() IS
	'Row trigger: vin_guard(column [, mode [, region [, quarantine_table]]]) checks a VIN column (text, varchar or vin) BEFORE INSERT OR UPDATE; mode reject (default) raises 22P02 with every problem, normalize rewrites repairable VINs, quarantine also moves unrepairable rows to quarantine_table';

CREATE FUNCTION vin_create_quarantine(table_name text) RETURNS regclass
	AS 'MODULE_PATHNAME', 'vin_create_quarantine'
	LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION vin_create_quarantine(text) IS
	'Creates a quarantine table for vin_guard (source_table text, row_data jsonb, problems jsonb, rejected_at timestamptz) under the given, possibly qualified, name and returns it';

CREATE FUNCTION resale_track() RETURNS trigger
	AS 'MODULE_PATHNAME', 'resale_track'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION resale_track() IS
	'Statement trigger: AFTER INSERT (REFERENCING NEW TABLE), AFTER UPDATE (OLD and NEW TABLE), AFTER DELETE (OLD TABLE) or AFTER TRUNCATE ... FOR EACH STATEMENT EXECUTE FUNCTION resale_track(summary_table [, vin_column [, kind_column [, at_column [, odometer_column [, seller_column [, channel [, within [, max_km]]]]]]]]) keeps summary_table (vin vin PRIMARY KEY, summary resale_summary) equal to resale_agg over the events, and optionally notifies channel of VINs that became (VIN) or stopped being (-VIN) zero-mileage; see resale_track_attach';

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
