--
-- zeromile on Citus (make test-citus, test/citus/run.sh, doc/citus.md): the
-- set-up, as a superuser.  test/citus/run.sh has started a coordinator and two
-- workers and registered them; this creates the extension, the role that
-- is not a superuser, the data and the helpers the other tests use.  Those
-- run twice, as postgres and as zm_analyst, each in its own schema, and
-- compare every result on distributed tables with the same statement on
-- local tables.
--
-- Not tested here, because today's results are known to be wrong or an
-- error (issue 10; their fixes come with their tests):
--   * accessors that depend on TimeZone (resold_within, is_zero_mileage):
--     STABLE, evaluated on the workers in the workers' TimeZone;
--   * vin_manufacturer/vin_decode for rows a user adds to wmi_registry
--     (NULL on the workers; create_reference_table('wmi_registry') fails);
--   * vin = 'not a vin'::text on a distributed table (an error; 0 rows
--     locally).
--
SET client_min_messages = warning;

-- the cluster test/citus/run.sh made
SELECT count(*) AS active_workers FROM citus_get_active_worker_nodes();
SELECT groupid = 0 AS is_coordinator, noderole, shouldhaveshards, isactive
FROM pg_dist_node ORDER BY groupid;

-- CREATE EXTENSION on the coordinator propagates to the workers
CREATE EXTENSION zeromile;
SELECT extversion FROM pg_extension WHERE extname = 'zeromile';
SELECT success, result AS worker_extversion
FROM run_command_on_workers($$SELECT extversion FROM pg_extension WHERE extname = 'zeromile'$$)
ORDER BY nodeport;
-- the shipped WMI registry is the same on every node
SELECT count(*) AS shipped_wmis FROM wmi_registry WHERE shipped;
SELECT success,
	   result = (SELECT md5(string_agg(format('%s|%s|%s', wmi, manufacturer, country), ',' ORDER BY wmi))
				 FROM wmi_registry) AS same_registry_as_coordinator
FROM run_command_on_workers($$SELECT md5(string_agg(format('%s|%s|%s', wmi, manufacturer, country), ',' ORDER BY wmi))
							 FROM public.wmi_registry$$)
ORDER BY nodeport;
-- the type the tables are distributed by, on every node
SELECT success, result AS worker_vin_type
FROM run_command_on_workers($$SELECT format('%s %s %s', typlen, typbyval, typalign) FROM pg_type WHERE typname = 'vin'$$)
ORDER BY nodeport;

-- the role that is not a superuser (propagated to the workers), and a
-- schema for each role's run of the tests
CREATE ROLE zm_analyst LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
SELECT success, result AS worker_role
FROM run_command_on_workers($$SELECT format('%s super=%s', rolname, rolsuper) FROM pg_roles WHERE rolname = 'zm_analyst'$$)
ORDER BY nodeport;
CREATE SCHEMA run_postgres;
CREATE SCHEMA run_zm_analyst AUTHORIZATION zm_analyst;
SELECT success, result AS worker_schemas
FROM run_command_on_workers($$SELECT string_agg(format('%s:%s', nspname, nspowner::regrole), ' ' ORDER BY nspname)
							 FROM pg_namespace WHERE nspname LIKE 'run\_%'$$)
ORDER BY nodeport;

-- The data: make demo's generator (demo/generate.sql), 3,000 vehicles, a
-- dirty feed of their events; vin is the feed's VIN repaired (NULL when it
-- cannot be), raw_vin the text as the feed spelled it.
SET TimeZone = 'Asia/Shanghai';
\getenv top ZM_TOP
\set scale 3000
\set ECHO none
\o /dev/null
\i :top/demo/generate.sql
\o
\set ECHO all
RESET TimeZone;
CREATE TABLE public.feed AS
SELECT seq, vin AS raw_vin, vin_repair(vin) AS vin, kind, at, odometer_km, seller
FROM demo.feed;
GRANT SELECT ON public.feed TO zm_analyst;
SELECT count(*) AS feed_rows, count(vin) AS repaired, count(DISTINCT vin) AS vehicles,
	   count(*) FILTER (WHERE vin_is_valid(raw_vin)) AS valid_as_fed,
	   count(DISTINCT vin_wmi(vin)) AS wmis,
	   count(*) FILTER (WHERE seller IS NOT NULL) AS with_seller
FROM public.feed;
-- same seed, same market (test/citus/expected says which)
SELECT md5(string_agg(format('%s|%s|%s|%s|%s|%s', seq, raw_vin, kind, at, odometer_km, seller), E'\n' ORDER BY seq))
FROM public.feed;

--
-- Helpers, run with the caller's rights.  In a query q, %1$s stands for
-- "local" or "dist": events_%1$s is events_local or events_dist.
--

-- Runs q_local and q_dist and compares their results as multisets.
CREATE FUNCTION public.same(q_local text, q_dist text,
							OUT rows_local bigint, OUT rows_distributed bigint, OUT differing bigint)
	LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE 'CREATE TEMP TABLE zm_same_local AS ' || q_local;
	EXECUTE 'CREATE TEMP TABLE zm_same_dist AS ' || q_dist;
	EXECUTE 'SELECT count(*) FROM zm_same_local' INTO rows_local;
	EXECUTE 'SELECT count(*) FROM zm_same_dist' INTO rows_distributed;
	EXECUTE 'SELECT count(*) FROM ((TABLE zm_same_local EXCEPT ALL TABLE zm_same_dist)
								   UNION ALL (TABLE zm_same_dist EXCEPT ALL TABLE zm_same_local)) AS d'
		INTO differing;
	EXECUTE 'DROP TABLE zm_same_local, zm_same_dist';
END
$$;
CREATE FUNCTION public.same(q text,
							OUT rows_local bigint, OUT rows_distributed bigint, OUT differing bigint)
	LANGUAGE plpgsql AS $$
BEGIN
	SELECT s.* INTO rows_local, rows_distributed, differing
	FROM public.same(format(q, 'local'), format(q, 'dist')) AS s;
END
$$;

-- EXPLAIN (COSTS OFF) of q on the distributed tables, shard numbers and
-- ports replaced by N.
CREATE FUNCTION public.plan_of(q text, verbose_plan boolean DEFAULT false) RETURNS SETOF text
	LANGUAGE plpgsql AS $$
DECLARE
	l text;
BEGIN
	FOR l IN EXECUTE format('EXPLAIN (COSTS OFF, VERBOSE %s) %s',
							 CASE WHEN verbose_plan THEN 'on' ELSE 'off' END, format(q, 'dist')) LOOP
		RETURN NEXT regexp_replace(regexp_replace(l, '_[0-9]{6,}\M', '_N', 'g'), 'port=[0-9]+', 'port=N', 'g');
	END LOOP;
END
$$;

-- The coordinator's part of the plan: the lines down to "Task Count".
CREATE FUNCTION public.plan_top(q text) RETURNS SETOF text
	LANGUAGE plpgsql AS $$
DECLARE
	l text;
BEGIN
	FOR l IN SELECT p FROM public.plan_of(q) AS p LOOP
		RETURN NEXT l;
		EXIT WHEN l ~ 'Task Count';
	END LOOP;
END
$$;

-- The shard ids of relation rel that the plan of q names.
CREATE FUNCTION public.plan_shards(q text, rel regclass) RETURNS bigint[]
	LANGUAGE plpgsql AS $$
DECLARE
	l text;
	ids bigint[] := '{}';
BEGIN
	FOR l IN EXECUTE format('EXPLAIN (COSTS OFF) %s', format(q, 'dist')) LOOP
		SELECT ids || array_agg(s.shardid) INTO ids
		FROM pg_dist_shard AS s
		WHERE s.logicalrelid = rel
		  AND l ~ ('\m' || (SELECT relname FROM pg_class WHERE oid = rel) || '_' || s.shardid || '\M');
	END LOOP;
	RETURN ARRAY(SELECT DISTINCT unnest(ids) ORDER BY 1);
END
$$;

-- For a sample of n VINs of table <name>_local: how many give a different
-- count on <name>_dist with "vin = 'literal'" (in the VIN's own spelling and
-- in lower case), each a router query.
CREATE FUNCTION public.lookup_mismatches(name text, n int, OUT vins bigint, OUT mismatches bigint)
	LANGUAGE plpgsql AS $$
DECLARE
	v text;
	c_local bigint;
	c_dist bigint;
	c_lower bigint;
BEGIN
	vins := 0;
	mismatches := 0;
	FOR v IN EXECUTE format('SELECT vin::text FROM (SELECT DISTINCT vin FROM %I) AS v ORDER BY md5(vin::text) LIMIT %s',
						   name || '_local', n) LOOP
		EXECUTE format('SELECT count(*) FROM %I WHERE vin = %L', name || '_local', v) INTO c_local;
		EXECUTE format('SELECT count(*) FROM %I WHERE vin = %L', name || '_dist', v) INTO c_dist;
		EXECUTE format('SELECT count(*) FROM %I WHERE vin = %L', name || '_dist', lower(v)) INTO c_lower;
		vins := vins + 1;
		IF c_dist <> c_local OR c_lower <> c_local THEN
			mismatches := mismatches + 1;
		END IF;
	END LOOP;
END
$$;

-- Rows of distributed table rel stored in a shard other than the one
-- Citus computes for their vin (get_shard_id_for_distribution_column).
CREATE FUNCTION public.misplaced_rows(rel regclass) RETURNS bigint
	LANGUAGE sql
	RETURN (SELECT sum(result::bigint)
			FROM run_command_on_shards(rel,
				format($q$SELECT count(*) FROM %%1$s
						  WHERE get_shard_id_for_distribution_column(%L, vin)
								<> substring('%%1$s' FROM '_([0-9]+)$')::bigint$q$,
					   (SELECT format('%I.%I', n.nspname, c.relname)
						FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
						WHERE c.oid = rel))));

