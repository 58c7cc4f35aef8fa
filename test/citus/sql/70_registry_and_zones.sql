--
-- The WMI registry on Citus, and thresholds in a named time zone.
--
-- The registry is made a reference table (doc/citus.md): its rows, the
-- shipped ones and the user's, are then on every node, the shipped-row
-- guard still holds, and vin_manufacturer/vin_decode on the workers answer
-- as on the coordinator, a change included (each node's cache is kept by
-- the registry's statement trigger, which Citus runs on every placement).
-- The first run (as postgres) distributes it; both runs then check it.
--
-- resold_within and is_zero_mileage with a time_zone argument are
-- IMMUTABLE: on distributed tables they give what local tables give,
-- whatever the session's and the workers' TimeZone.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = 'public.wmi_registry'::regclass) THEN
		-- triggers on a Citus table need this, for the call that makes it one
		SET LOCAL citus.enable_unsafe_triggers = on;
		PERFORM create_reference_table('public.wmi_registry');
		-- the tests' way for both roles to add, change and remove user rows
		CREATE FUNCTION public.zm_registry_set(w text, m text) RETURNS void
			LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $f$
		BEGIN
			DELETE FROM public.wmi_registry WHERE wmi = w AND NOT shipped;
			IF m IS NOT NULL THEN
				INSERT INTO public.wmi_registry (wmi, manufacturer, source) VALUES (w, m, 'test/citus');
			END IF;
		END
		$f$;
		GRANT EXECUTE ON FUNCTION public.zm_registry_set(text, text) TO zm_analyst;
	END IF;
END
$$;
SELECT partmethod AS reference_table, repmodel
FROM pg_dist_partition WHERE logicalrelid = 'public.wmi_registry'::regclass;
SELECT count(*) AS placements FROM pg_dist_placement p
JOIN pg_dist_shard s USING (shardid) WHERE s.logicalrelid = 'public.wmi_registry'::regclass;
SELECT count(*) FILTER (WHERE shipped) AS shipped_wmis, count(*) FILTER (WHERE NOT shipped) AS user_wmis
FROM wmi_registry;

-- VINs of makers no shipped row names (and of some it names), in a local
-- and a distributed table
CREATE TABLE regvins_local AS
SELECT (w || 'AB12C3' || 'PA' || lpad(g::text, 6, '0'))::vin AS vin
FROM unnest(ARRAY['LXA', 'LXB', 'LXC', 'MXA', 'MXB', 'LSJ', 'LGX', 'WVW']) AS w,
	 generate_series(1, 40) AS g;
CREATE TABLE regvins_dist AS TABLE regvins_local;
SELECT create_distributed_table('regvins_dist', 'vin', colocate_with := 'events_dist');
CREATE TEMP TABLE unknown_wmis AS
SELECT DISTINCT vin_wmi(vin) AS wmi FROM regvins_local WHERE vin_manufacturer(vin) IS NULL;
SELECT count(*) AS unknown_wmis FROM unknown_wmis;

-- user rows for them: seen on every node at the next statement
SELECT count(zm_registry_set(wmi, 'User maker ' || wmi)) AS added FROM unknown_wmis;
SELECT count(*) AS vins, count(vin_manufacturer(vin)) AS with_manufacturer FROM regvins_local;
SELECT * FROM same($$SELECT vin_manufacturer(vin), count(*) FROM regvins_%1$s GROUP BY 1$$);
SELECT * FROM same($$SELECT vin, (vin_decode(vin, date '2025-06-30')).manufacturer FROM regvins_%1$s$$);
SELECT * FROM same($$SELECT vin FROM regvins_%1$s WHERE vin_manufacturer(vin) LIKE 'User maker %%'$$);
SELECT success, result AS worker_answer
FROM run_command_on_workers(format($$SELECT count(*) FROM public.wmi_registry WHERE wmi = %L AND public.vin_manufacturer(%L::public.vin) = manufacturer$$,
								   (SELECT min(wmi) FROM unknown_wmis),
								   (SELECT min(vin)::text FROM regvins_local WHERE vin_wmi(vin) = (SELECT min(wmi) FROM unknown_wmis))))
ORDER BY nodeport;

-- changed and removed: the workers' caches follow
SELECT zm_registry_set(min(wmi), 'Renamed maker') FROM unknown_wmis;
SELECT * FROM same($$SELECT vin_manufacturer(vin), count(*) FROM regvins_%1$s GROUP BY 1$$);
SELECT count(*) AS renamed FROM regvins_dist WHERE vin_manufacturer(vin) = 'Renamed maker';
SELECT count(zm_registry_set(wmi, NULL)) AS removed FROM unknown_wmis;
SELECT * FROM same($$SELECT vin_manufacturer(vin), count(*) FROM regvins_%1$s GROUP BY 1$$);
SELECT count(*) AS still_user_named FROM regvins_dist
WHERE vin_manufacturer(vin) LIKE 'User maker %' OR vin_manufacturer(vin) = 'Renamed maker';
SELECT count(*) FILTER (WHERE shipped) AS shipped_wmis, count(*) FILTER (WHERE NOT shipped) AS user_wmis
FROM wmi_registry;

-- the shipped rows stay protected on every placement (the guard refuses
-- the owner, 55000; others lack the privilege, 42501)
DO $$
BEGIN
	UPDATE public.wmi_registry SET manufacturer = 'changed' WHERE wmi = 'LSJ';
	RAISE WARNING 'a shipped row was changed';
EXCEPTION WHEN insufficient_privilege OR object_not_in_prerequisite_state THEN
	RAISE WARNING 'refused';
END
$$;
SELECT count(*) AS shipped_rows_unchanged
FROM wmi_registry WHERE shipped AND manufacturer = 'SAIC MG' AND wmi = 'LSJ';

-- Thresholds in a named zone, with the session in another zone than the
-- workers: every VIN's answer as on local tables.  The feed's resales are
-- spread over the year, so some intervals cross a change of daylight
-- saving time in New York.
SET TimeZone = 'America/New_York';
SELECT * FROM same($$
	SELECT vin, resold_within(s, '90 days', 'America/New_York') AS w_ny,
		   is_zero_mileage(s, '90 days', 50, 'America/New_York') AS z_ny,
		   resold_within(s, '3 months', 'Asia/Shanghai') AS w_sh,
		   is_zero_mileage(s, '1 mon 2 days', 50, 'Europe/Berlin') AS z_be
	FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY vin) AS v$$);
SELECT * FROM same($$
	SELECT count(*) FILTER (WHERE is_zero_mileage(s, '90 days', 50, 'America/New_York')) AS zero_ny,
		   count(*) FILTER (WHERE resold_within(s, '180 days', 'Asia/Shanghai')) AS within_sh
	FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY vin) AS v$$);
-- rollups grouped by WMI (partial aggregation on the workers)
SELECT * FROM same($$
	SELECT vin_wmi(vin), resold_within(rollup(summary), '90 days', 'America/New_York')
	FROM summaries_%1$s GROUP BY 1$$);
-- the local answers match the TimeZone forms under that zone
SELECT count(*) AS vins,
	   count(*) FILTER (WHERE resold_within(s, '90 days', 'America/New_York')
						IS DISTINCT FROM resold_within(s, '90 days')) AS differ_from_session_zone
FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_local GROUP BY vin) AS v;
RESET TimeZone;
