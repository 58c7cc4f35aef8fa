--
-- resale_agg and rollup on distributed tables.  Grouped by the
-- distribution column the aggregate runs whole on the workers; grouped by
-- anything else the workers compute partial states (worker_partial_agg),
-- which travel to the coordinator as resale_summary values and are merged
-- there with resale_summary_merge (coord_combine_agg).  Every result is
-- compared with the same statement on the local tables.  (resold_within and
-- is_zero_mileage depend on the TimeZone and are left out: issue 10.)
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

-- Per vehicle: GROUP BY vin, pushed down whole (no aggregate above the
-- Citus scan on the coordinator).
SELECT line FROM plan_top($$SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM events_%1$s GROUP BY vin$$) AS line;
SELECT * FROM same($$SELECT vin, resale_agg(kind, at, odometer_km, seller)::text FROM events_%1$s GROUP BY vin$$);
SELECT * FROM same($$SELECT vin, resale_agg(kind, at, odometer_km)::text FROM events_%1$s GROUP BY vin$$);
-- the accessors that do not depend on the TimeZone, on the workers
SELECT * FROM same($$
	SELECT vin, registered_at(s), insured_at(s), registration_count(s), first_resale_at(s),
		   first_resale_kind(s), first_resale_seller(s), resale_odometer_km(s), resale_interval(s),
		   first_known_odometer_at(s), first_known_odometer_km(s), resale_count(s),
		   events_before_registration(s)
	FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY vin) AS v$$);
-- the first export (issue 20): on the workers per vehicle, and merged on
-- the coordinator from partial states per WMI; exported_within in a named
-- zone is immutable, so the workers answer as the coordinator does
SELECT * FROM same($$
	SELECT vin, first_export_at(s), exports_tracked(s), exported_within(s, '180 days', 'Asia/Shanghai')
	FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY vin) AS v$$);
SELECT * FROM same($$
	SELECT w, first_export_at(s), exports_tracked(s)
	FROM (SELECT vin_wmi(vin) AS w, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY 1) AS v$$);
SELECT count(*) AS vehicles, count(first_export_at(s)) AS exported, bool_and(exports_tracked(s)) AS tracked
FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_dist GROUP BY vin) AS v;
-- zero-mileage candidates in a HAVING clause: resold within 180 days
-- (resale_interval, exact elapsed time) at 50 km or less
SELECT * FROM same($$
	SELECT vin FROM events_%1$s GROUP BY vin
	HAVING resale_interval(resale_agg(kind, at, odometer_km, seller)) <= interval '180 days'
	   AND first_known_odometer_km(resale_agg(kind, at, odometer_km, seller)) <= 50$$);
-- the report by manufacturer over the per-vehicle summaries
SELECT * FROM same($$
	SELECT vin_manufacturer(vin) AS maker, count(*) AS vehicles,
		   count(*) FILTER (WHERE resale_interval(s) <= interval '180 days'
							  AND first_known_odometer_km(s) <= 50) AS zero_mileage_candidates,
		   sum(resale_count(s)) AS resales
	FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY vin) AS v
	GROUP BY 1$$);
SELECT vin_manufacturer(vin) AS maker, count(*) AS vehicles,
	   count(*) FILTER (WHERE resale_interval(s) <= interval '180 days'
						  AND first_known_odometer_km(s) <= 50) AS zero_mileage_candidates
FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_dist GROUP BY vin) AS v
GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 5;

-- Grouped by something else: partial aggregation on the workers, the
-- states merged on the coordinator.
SELECT line FROM plan_top($$SELECT vin_wmi(vin), resale_agg(kind, at, odometer_km, seller) FROM events_%1$s GROUP BY 1$$) AS line;
SELECT bool_or(line ~ 'worker_partial_agg') AS partial_on_workers,
	   bool_or(line ~ 'coord_combine_agg') AS combined_on_coordinator
FROM plan_of($$SELECT vin_wmi(vin), resale_agg(kind, at, odometer_km, seller) FROM events_%1$s GROUP BY 1$$, true) AS line;
SELECT * FROM same($$SELECT vin_wmi(vin), count(*), resale_agg(kind, at, odometer_km, seller)::text FROM events_%1$s GROUP BY 1$$);
SELECT * FROM same($$SELECT seller, resale_agg(kind, at, odometer_km)::text FROM events_%1$s GROUP BY seller$$);
SELECT * FROM same($$SELECT kind, resale_agg(kind, at, odometer_km, seller)::text FROM events_%1$s GROUP BY kind$$);
-- no GROUP BY: one summary of every event
SELECT * FROM same($$SELECT resale_agg(kind, at, odometer_km, seller)::text FROM events_%1$s$$);
SELECT registration_count(s), resale_count(s), events_before_registration(s)
FROM (SELECT resale_agg(kind, at, odometer_km, seller) AS s FROM events_dist) AS x;
-- per WMI over per-vehicle summaries (a subquery pushed down, the outer
-- aggregate partial)
SELECT * FROM same($$
	SELECT vin_wmi(vin), rollup(s)::text
	FROM (SELECT vin, resale_agg(kind, at, odometer_km, seller) AS s FROM events_%1$s GROUP BY vin) AS v
	GROUP BY 1$$);

-- rollup over stored summaries: a monthly summary per vehicle, built on
-- the workers by INSERT ... SELECT between the co-located tables
CREATE TABLE monthly_local (vin vin NOT NULL, month timestamp NOT NULL, summary resale_summary NOT NULL);
CREATE TABLE monthly_dist (LIKE monthly_local);
SELECT create_distributed_table('monthly_dist', 'vin', colocate_with := 'events_dist');
INSERT INTO monthly_local
SELECT vin, date_trunc('month', at AT TIME ZONE 'UTC'), resale_agg(kind, at, odometer_km, seller)
FROM events_local GROUP BY 1, 2;
SELECT line FROM plan_top($$INSERT INTO monthly_%1$s
	SELECT vin, date_trunc('month', at AT TIME ZONE 'UTC'), resale_agg(kind, at, odometer_km, seller)
	FROM events_%1$s GROUP BY 1, 2$$) AS line;
INSERT INTO monthly_dist
SELECT vin, date_trunc('month', at AT TIME ZONE 'UTC'), resale_agg(kind, at, odometer_km, seller)
FROM events_dist GROUP BY 1, 2;
SELECT * FROM same($$SELECT vin, month, summary::text FROM monthly_%1$s$$);
-- by vehicle (pushed down); equal to resale_agg over the events
SELECT line FROM plan_top($$SELECT vin, rollup(summary) FROM monthly_%1$s GROUP BY vin$$) AS line;
SELECT * FROM same($$SELECT vin, rollup(summary)::text FROM monthly_%1$s GROUP BY vin$$);
SELECT * FROM same($$SELECT vin, summary::text FROM summaries_local$$,
				   $$SELECT vin, rollup(summary)::text FROM monthly_dist GROUP BY vin$$);
-- by month and by WMI (partial)
SELECT line FROM plan_top($$SELECT month, rollup(summary) FROM monthly_%1$s GROUP BY month$$) AS line;
SELECT * FROM same($$SELECT month, rollup(summary)::text FROM monthly_%1$s GROUP BY month$$);
SELECT * FROM same($$SELECT vin_wmi(vin), count(*), rollup(summary)::text FROM monthly_%1$s GROUP BY 1$$);
SELECT * FROM same($$SELECT rollup(summary)::text FROM monthly_%1$s$$);

-- Keeping the summaries current by hand: new events merged into the stored
-- summaries with INSERT ... ON CONFLICT, on the workers
SELECT * FROM same($$SELECT vin, summary::text FROM summaries_%1$s$$);
CREATE TABLE late_local (LIKE events_local);
INSERT INTO late_local
SELECT vin, 'listing', at + interval '400 days', 9000, 'dealer-late', vin::text
FROM events_local WHERE kind = 'registration' AND vin_wmi(vin) LIKE 'L%';
INSERT INTO late_local VALUES
	(vin_with_check_digit('LSJA24U60JG000001'), 'registration', '2025-06-30 10:00+00', NULL, NULL, 'new vehicle');
CREATE TABLE late_dist (LIKE late_local);
SELECT create_distributed_table('late_dist', 'vin', colocate_with := 'events_dist');
INSERT INTO late_dist SELECT * FROM late_local;
SELECT count(*) AS late_events FROM late_dist;
SELECT line FROM plan_top($$INSERT INTO summaries_%1$s AS s
	SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM late_%1$s GROUP BY vin
	ON CONFLICT (vin) DO UPDATE SET summary = resale_summary_merge(s.summary, excluded.summary)$$) AS line;
INSERT INTO summaries_local AS s
SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM late_local GROUP BY vin
ON CONFLICT (vin) DO UPDATE SET summary = resale_summary_merge(s.summary, excluded.summary);
INSERT INTO summaries_dist AS s
SELECT vin, resale_agg(kind, at, odometer_km, seller) FROM late_dist GROUP BY vin
ON CONFLICT (vin) DO UPDATE SET summary = resale_summary_merge(s.summary, excluded.summary);
SELECT * FROM same($$SELECT vin, summary::text FROM summaries_%1$s$$);
-- equal to summarising all the events again
SELECT * FROM same($$SELECT vin, summary::text FROM summaries_dist$$,
				   $$SELECT vin, resale_agg(kind, at, odometer_km, seller)::text
					 FROM (SELECT * FROM events_dist UNION ALL SELECT * FROM late_dist) AS e GROUP BY vin$$);
