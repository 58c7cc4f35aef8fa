--
-- Joins on vin: between co-located tables (on the workers), with a table
-- distributed by another column (a repartition join: the workers hash vin
-- values to redistribute them), with a reference table of VINs and with
-- the extension's own registry (a local table on the coordinator, shipped
-- rows only); and a window partitioned by vin.  Compared with the same
-- statements on local tables.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

-- co-located: events with their stored summaries
SELECT line FROM plan_top($$SELECT count(*) FROM events_%1$s e JOIN summaries_%1$s s USING (vin)$$) AS line;
SELECT * FROM same($$
	SELECT e.vin, e.kind, e.at, registered_at(s.summary), resale_count(s.summary)
	FROM events_%1$s e JOIN summaries_%1$s s USING (vin)
	WHERE e.kind = 'registration'$$);

-- a table distributed by seller, joined on vin
CREATE TABLE sellers_local AS
SELECT DISTINCT vin, seller FROM events_local WHERE seller IS NOT NULL;
CREATE TABLE sellers_dist (LIKE sellers_local);
SELECT create_distributed_table('sellers_dist', 'seller', shard_count := 4);
INSERT INTO sellers_dist SELECT * FROM sellers_local;
SET citus.enable_repartition_joins = on;
SELECT line FROM plan_top($$SELECT count(*) FROM events_%1$s e JOIN sellers_%1$s s ON s.vin = e.vin$$) AS line;
SELECT * FROM same($$SELECT e.vin, e.kind, e.at, s.seller FROM events_%1$s e JOIN sellers_%1$s s ON s.vin = e.vin$$);
SELECT * FROM same($$
	SELECT s.seller, count(DISTINCT e.vin) AS vehicles, resale_agg(e.kind, e.at, e.odometer_km, e.seller)::text
	FROM events_%1$s e JOIN sellers_%1$s s ON s.vin = e.vin
	GROUP BY s.seller$$);
RESET citus.enable_repartition_joins;

-- a reference table of VINs (a copy on every node)
CREATE TABLE watchlist_local (vin vin PRIMARY KEY, reason text NOT NULL);
INSERT INTO watchlist_local
SELECT vin, 'zero-mileage candidate' FROM summaries_local
WHERE resale_interval(summary) <= interval '180 days' AND first_known_odometer_km(summary) <= 50;
CREATE TABLE watchlist_dist (LIKE watchlist_local INCLUDING ALL);
INSERT INTO watchlist_dist SELECT * FROM watchlist_local;
SELECT create_reference_table('watchlist_dist');
SELECT truncate_local_data_after_distributing_table('watchlist_dist');
SELECT count(*) AS watched FROM watchlist_dist;
SELECT line FROM plan_top($$SELECT count(*) FROM events_%1$s e JOIN watchlist_%1$s w USING (vin)$$) AS line;
SELECT * FROM same($$SELECT e.*, w.reason FROM events_%1$s e JOIN watchlist_%1$s w USING (vin)$$);
SELECT * FROM same($$SELECT w.vin, count(e.vin) FROM watchlist_%1$s w LEFT JOIN events_%1$s e USING (vin) GROUP BY w.vin$$);

-- the registry (its shipped rows) joined on the WMI
SELECT * FROM same($$
	SELECT r.country, r.manufacturer, count(*) AS events, count(DISTINCT e.vin) AS vehicles
	FROM events_%1$s e JOIN wmi_registry r ON r.wmi = vin_wmi(e.vin)
	GROUP BY 1, 2$$);

-- a window partitioned by vin (on the workers)
SELECT * FROM same($$
	SELECT vin, kind, at, row_number() OVER w AS n, lag(kind) OVER w AS previous_kind
	FROM events_%1$s WINDOW w AS (PARTITION BY vin ORDER BY at, kind)$$);
