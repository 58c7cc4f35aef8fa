--
-- Distributing by a vin column: events_local and events_dist hold the same
-- rows; events_dist is distributed by its vin column in 8 shards, loaded by
-- INSERT ... SELECT; summaries_dist is distributed while it already holds
-- its rows, co-located with events_dist.  Run as postgres and as
-- zm_analyst (test/citus/run.sh), each in schema run_<role>.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

CREATE TABLE events_local (
	vin vin NOT NULL,
	kind vehicle_event NOT NULL,
	at timestamptz NOT NULL,
	odometer_km double precision,
	seller text,
	raw_vin text NOT NULL
);
INSERT INTO events_local
SELECT vin, kind, at, odometer_km, seller, raw_vin FROM public.feed WHERE vin IS NOT NULL ORDER BY seq;

CREATE TABLE events_dist (LIKE events_local INCLUDING ALL);
SELECT create_distributed_table('events_dist', 'vin', shard_count := 8);
INSERT INTO events_dist SELECT * FROM events_local;

SELECT p.partmethod AS method, a.attname AS distribution_column,
	   format_type(a.atttypid, a.atttypmod) AS column_type,
	   (SELECT count(*) FROM pg_dist_shard AS s WHERE s.logicalrelid = p.logicalrelid) AS shard_count
FROM pg_dist_partition AS p
	 JOIN pg_attribute AS a
	 ON a.attrelid = p.logicalrelid AND a.attname = column_to_column_name(p.logicalrelid, p.partkey)
WHERE p.logicalrelid = 'events_dist'::regclass;
SELECT count(*) AS shards, count(DISTINCT nodeport) AS nodes_holding_shards,
	   min(shard_rows) > 0 AS no_empty_shard
FROM (SELECT s.shardid, p.nodeport,
			 (SELECT result::bigint FROM run_command_on_placements('events_dist', 'SELECT count(*) FROM %s') AS r
			  WHERE r.shardid = s.shardid) AS shard_rows
	  FROM pg_dist_shard AS s JOIN pg_dist_placement AS pl USING (shardid)
		   JOIN pg_dist_node AS p USING (groupid)
	  WHERE s.logicalrelid = 'events_dist'::regclass) AS x;

-- the same rows
SELECT * FROM same($$SELECT * FROM events_%1$s$$);
-- each in the shard Citus computes for its VIN
SELECT misplaced_rows('events_dist');
-- and found by a lookup on its VIN, in any spelling
SELECT * FROM lookup_mismatches('events', 200);

-- A table distributed while it holds its rows, co-located with events_dist:
-- one summary per vehicle.
CREATE TABLE summaries_local AS
SELECT vin, resale_agg(kind, at, odometer_km, seller) AS summary FROM events_local GROUP BY vin;
ALTER TABLE summaries_local ADD PRIMARY KEY (vin);
CREATE TABLE summaries_dist (LIKE summaries_local INCLUDING ALL);
INSERT INTO summaries_dist SELECT * FROM summaries_local;
SELECT create_distributed_table('summaries_dist', 'vin', colocate_with := 'events_dist');
SELECT truncate_local_data_after_distributing_table('summaries_dist');
SELECT (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'summaries_dist'::regclass)
	   = (SELECT colocationid FROM pg_dist_partition WHERE logicalrelid = 'events_dist'::regclass) AS colocated;
SELECT * FROM same($$SELECT vin, summary::text FROM summaries_%1$s$$);
SELECT misplaced_rows('summaries_dist');
SELECT * FROM lookup_mismatches('summaries', 100);
