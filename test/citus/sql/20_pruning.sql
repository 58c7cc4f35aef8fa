--
-- Shard pruning on the vin distribution column: a VIN literal, in any
-- spelling the vin type reads, and a varchar parameter route the query to
-- the one shard that holds the VIN (the one get_shard_id_for_distribution_column
-- names), with the same answer as on the local table.
--
SET client_min_messages = warning;
SELECT set_config('search_path', format('%I, public', 'run_' || current_user), false) AS search_path \gset

-- a VIN of the data with several events
SELECT vin AS the_vin, lower(vin::text) AS the_vin_lower, count(*) AS events
FROM events_local GROUP BY vin ORDER BY count(*) DESC, vin LIMIT 1 \gset
SELECT :'the_vin' AS the_vin, :events AS events;

-- vin = 'literal'
SELECT line FROM plan_of(format($$SELECT count(*) FROM events_%%1$s WHERE vin = %L$$, :'the_vin')) AS line;
SELECT plan_shards(format($$SELECT count(*) FROM events_%%1$s WHERE vin = %L$$, :'the_vin'), 'events_dist')
	   = ARRAY[get_shard_id_for_distribution_column('events_dist', :'the_vin')] AS the_vins_shard;
SELECT * FROM same(format($$SELECT * FROM events_%%1$s WHERE vin = %L$$, :'the_vin'));

-- the same VIN in lower case, as an unknown literal (read as vin) and as text
SELECT line FROM plan_top(format($$SELECT count(*) FROM events_%%1$s WHERE vin = %L$$, :'the_vin_lower')) AS line;
SELECT plan_shards(format($$SELECT count(*) FROM events_%%1$s WHERE vin = %L$$, :'the_vin_lower'), 'events_dist')
	   = ARRAY[get_shard_id_for_distribution_column('events_dist', :'the_vin')] AS the_vins_shard;
SELECT * FROM same(format($$SELECT * FROM events_%%1$s WHERE vin = %L$$, :'the_vin_lower'));
SELECT line FROM plan_top(format($$SELECT count(*) FROM events_%%1$s WHERE vin = %L::text$$, :'the_vin_lower')) AS line;
SELECT * FROM same(format($$SELECT * FROM events_%%1$s WHERE vin = %L::text$$, :'the_vin_lower'));

-- a varchar parameter of a prepared statement: custom plans, then (after
-- five executions) the generic plan, pruned when executed
PREPARE events_of(varchar) AS SELECT count(*) FROM events_dist WHERE vin = $1;
EXECUTE events_of(:'the_vin');
EXECUTE events_of(:'the_vin_lower');
EXECUTE events_of(:'the_vin');
EXECUTE events_of(:'the_vin');
EXECUTE events_of(:'the_vin');
EXECUTE events_of(:'the_vin');
SELECT line FROM plan_top(format('EXECUTE events_of(%L)', :'the_vin')) AS line;
SELECT plan_shards(format('EXECUTE events_of(%L)', :'the_vin'), 'events_dist')
	   = ARRAY[get_shard_id_for_distribution_column('events_dist', :'the_vin')] AS the_vins_shard;
EXECUTE events_of(:'the_vin_lower');
DEALLOCATE events_of;

-- a few VINs: only their shards
SELECT array_agg(vin::text ORDER BY vin) AS some_vins,
	   count(DISTINCT get_shard_id_for_distribution_column('events_dist', vin)) AS their_shards
FROM (SELECT DISTINCT vin FROM events_local ORDER BY vin LIMIT 3) AS v \gset
SELECT :'their_shards' AS their_shards;
SELECT line FROM plan_top(format($$SELECT count(*) FROM events_%%1$s WHERE vin = ANY (%L::vin[])$$, :'some_vins')) AS line
WHERE line ~ 'Task Count';
SELECT * FROM same(format($$SELECT * FROM events_%%1$s WHERE vin = ANY (%L::vin[])$$, :'some_vins'));

-- a join of the co-located tables on vin, for one VIN: one shard of each
SELECT line FROM plan_top(format($$SELECT count(*) FROM events_%%1$s e JOIN summaries_%%1$s s USING (vin)
								   WHERE e.vin = %L$$, :'the_vin')) AS line;
SELECT * FROM same(format($$SELECT e.kind, e.at, registered_at(s.summary)
						   FROM events_%%1$s e JOIN summaries_%%1$s s USING (vin) WHERE e.vin = %L$$, :'the_vin'));
