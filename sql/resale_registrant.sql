-- registered_by (issue 13, part 3): the registrant (seller argument of a
-- registration row) of the earliest registration, ties in byte order with
-- NULL last.  A plain-SQL oracle over random event sets, compared with
-- serial, parallel, partitionwise, shuffled, rollup, pairwise-merge and
-- window results and with the text and binary round trips; 1.0.0's text
-- and binary forms (without the field) read with a NULL registrant; the
-- new field's errors.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never
SELECT setseed(0.31);
CREATE TABLE rb_ev (
	g int,
	kind vehicle_event,
	at timestamptz,
	km double precision,
	seller text
);
-- few distinct times and sellers, so that registrations tie often; some
-- NULL sellers, an empty one, non-ASCII ones and ones that need escaping
INSERT INTO rb_ev
SELECT g,
	   CASE WHEN random() < 0.03 THEN NULL
			WHEN random() < 0.4 THEN 'registration'::vehicle_event
			ELSE (enum_range(NULL::vehicle_event))[1 + floor(random() * 5)::int]
	   END,
	   CASE WHEN random() < 0.02 THEN NULL
			ELSE timestamptz '2025-01-01' + floor(random() * 6) * interval '1 day'
	   END,
	   CASE WHEN random() < 0.3 THEN NULL ELSE floor(random() * 4) * 25 END,
	   (ARRAY[NULL, NULL, '', 'd1', 'd2', 'd10', 'D1', '经销商甲', '经销商乙', 'q"u\o'])
		   [1 + floor(random() * 10)::int]
FROM generate_series(1, 3000) g, generate_series(1, 10) i
WHERE i <= 1 + (g * 7) % 10
ORDER BY random();
ANALYZE rb_ev;

-- the oracle, in plain SQL: the least seller (NULL last) of the
-- registration rows at the earliest registration time
CREATE TABLE rb_oracle AS
SELECT e.g,
	   (array_agg(e.seller ORDER BY e.seller COLLATE "C" NULLS LAST)
		   FILTER (WHERE e.kind = 'registration' AND e.at = r.first_at))[1] AS want,
	   bool_or(e.kind = 'registration' AND e.at IS NOT NULL) AS registered,
	   bool_or(e.kind IS NOT NULL AND e.at IS NOT NULL) AS usable
FROM rb_ev AS e
JOIN (SELECT g, min(at) FILTER (WHERE kind = 'registration') AS first_at
	  FROM rb_ev GROUP BY g) AS r USING (g)
GROUP BY e.g;
SELECT count(*) AS groups,
	   count(want) AS with_registrant,
	   count(*) FILTER (WHERE want = '') AS empty_registrant,
	   count(*) FILTER (WHERE want IS NULL AND registered) AS registered_unknown
FROM rb_oracle o;

-- Compares registered_by of a result (g, s) with the oracle; 0: all equal
CREATE FUNCTION pg_temp.rb_mismatches(q text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM (%s) got FULL JOIN rb_oracle o USING (g)
					WHERE (got.s IS NULL) IS DISTINCT FROM NOT o.usable
					   OR registered_by(got.s) IS DISTINCT FROM o.want', q) INTO n;
	RETURN n;
END
$$;

SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rb_ev GROUP BY g') AS serial_mismatches;
-- the 3-argument form has no registrants
SELECT count(*) AS without_seller_registrants
FROM (SELECT resale_agg(kind, at, km) AS s FROM rb_ev GROUP BY g) x
WHERE registered_by(s) IS NOT NULL;
-- text and binary round trips keep it
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller)::text::resale_summary AS s FROM rb_ev GROUP BY g') AS text_round_trip_mismatches;
CREATE TEMP TABLE rb_bin (g int, s resale_summary);
DO $$
DECLARE
	f text := '/tmp/zeromile_resale_registrant_' || pg_backend_pid() || '.bin';
BEGIN
	EXECUTE format('COPY (SELECT g, resale_agg(kind, at, km, seller) FROM rb_ev GROUP BY g) TO %L (FORMAT binary)', f);
	EXECUTE format('COPY rb_bin FROM %L (FORMAT binary)', f);
END
$$;
SELECT pg_temp.rb_mismatches('SELECT g, s FROM rb_bin') AS binary_round_trip_mismatches;

-- Does the plan of q contain each pattern?
CREATE FUNCTION pg_temp.plan_has(q text, VARIADIC patterns text[]) RETURNS bool
LANGUAGE plpgsql AS $$
DECLARE
	plan text := '';
	line text;
	p text;
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		plan := plan || line || E'\n';
	END LOOP;
	FOREACH p IN ARRAY patterns LOOP
		IF plan !~ p THEN
			RETURN false;
		END IF;
	END LOOP;
	RETURN true;
END
$$;

-- forced parallel: Partial and Finalize Aggregate, states through Gather
CREATE TABLE rb_parts AS
	SELECT g, resale_agg(kind, at, km, seller) AS s
	FROM rb_ev GROUP BY g, at;
BEGIN;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
SET LOCAL enable_hashagg = off;
SELECT pg_temp.plan_has('SELECT g, resale_agg(kind, at, km, seller) FROM rb_ev GROUP BY g',
						'Finalize GroupAggregate', 'Gather', 'Partial GroupAggregate') AS parallel_plan;
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rb_ev GROUP BY g') AS parallel_mismatches;
SET LOCAL parallel_leader_participation = on;
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rb_ev GROUP BY g') AS parallel_leader_mismatches;
SELECT pg_temp.plan_has('SELECT g, rollup(s) FROM rb_parts GROUP BY g',
						'Finalize GroupAggregate', 'Partial GroupAggregate') AS parallel_rollup_plan;
SELECT pg_temp.rb_mismatches('SELECT g, rollup(s) AS s FROM rb_parts GROUP BY g') AS parallel_rollup_mismatches;
COMMIT;

-- partitionwise, partitioned by time: a vehicle's registrations span
-- partitions
CREATE TABLE rb_part (LIKE rb_ev) PARTITION BY RANGE (at);
CREATE TABLE rb_p1 PARTITION OF rb_part FOR VALUES FROM (MINVALUE) TO ('2025-01-03');
CREATE TABLE rb_p2 PARTITION OF rb_part FOR VALUES FROM ('2025-01-03') TO (MAXVALUE);
CREATE TABLE rb_pnull PARTITION OF rb_part DEFAULT;
INSERT INTO rb_part SELECT * FROM rb_ev;
ANALYZE rb_part;
BEGIN;
SET LOCAL enable_partitionwise_aggregate = on;
SET LOCAL max_parallel_workers_per_gather = 0;
SET LOCAL enable_hashagg = off;
SELECT pg_temp.plan_has('SELECT g, resale_agg(kind, at, km, seller) FROM rb_part GROUP BY g',
						'Finalize .*Aggregate', 'Partial .*Aggregate', 'Append') AS partitionwise_plan;
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller) AS s FROM rb_part GROUP BY g') AS partitionwise_mismatches;
COMMIT;

-- shuffled, chronological and reverse-chronological input
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller ORDER BY random()) AS s FROM rb_ev GROUP BY g') AS shuffled_mismatches;
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller ORDER BY at, seller) AS s FROM rb_ev GROUP BY g') AS chronological_mismatches;
SELECT pg_temp.rb_mismatches('SELECT g, resale_agg(kind, at, km, seller ORDER BY at DESC, seller DESC) AS s FROM rb_ev GROUP BY g') AS reverse_mismatches;

-- rollup over random splits, shuffled, of rollups, and pairwise merges
CREATE TABLE rb_daily AS
	SELECT g, bucket, resale_agg(kind, at, km, seller) AS s
	FROM (SELECT *, floor(random() * (1 + g % 6))::int AS bucket FROM rb_ev) b
	GROUP BY g, bucket;
SELECT pg_temp.rb_mismatches('SELECT g, rollup(s) AS s FROM rb_daily GROUP BY g') AS rollup_mismatches;
SELECT pg_temp.rb_mismatches('SELECT g, rollup(s ORDER BY random()) AS s FROM rb_daily GROUP BY g') AS rollup_shuffled_mismatches;
SELECT pg_temp.rb_mismatches('SELECT g, rollup(s) AS s FROM (SELECT g, bucket % 2 AS half, rollup(s) AS s FROM rb_daily GROUP BY g, bucket % 2) x GROUP BY g') AS rollup_of_rollups_mismatches;
SELECT pg_temp.rb_mismatches($q$
	WITH RECURSIVE ordered AS (
		SELECT g, s, row_number() OVER (PARTITION BY g ORDER BY random()) AS n
		FROM rb_daily
	), folded AS (
		SELECT g, s, n FROM ordered WHERE n = 1
		UNION ALL
		SELECT f.g, resale_summary_merge(f.s, o.s), o.n
		FROM folded f JOIN ordered o ON o.g = f.g AND o.n = f.n + 1
	)
	SELECT DISTINCT ON (g) g, s FROM folded ORDER BY g, n DESC
$q$) AS pairwise_merge_mismatches;
-- the whole summary, not only its registrant, is the same whatever the split
SELECT count(*) AS rollup_summary_mismatches
FROM (SELECT g, rollup(s)::text AS s FROM rb_daily GROUP BY g) got
JOIN (SELECT g, resale_agg(kind, at, km, seller)::text AS s FROM rb_ev GROUP BY g) want USING (g)
WHERE got.s IS DISTINCT FROM want.s;
SELECT count(*) AS commutativity_mismatches
FROM rb_daily a JOIN rb_daily b ON a.g = b.g AND a.bucket < b.bucket
WHERE resale_summary_merge(a.s, b.s)::text IS DISTINCT FROM resale_summary_merge(b.s, a.s)::text;

-- a running window aggregate: every prefix gives its rows' registrant
CREATE TABLE rb_seq AS SELECT row_number() OVER () AS i, * FROM rb_ev WHERE g <= 300;
SELECT count(*) AS running_window_mismatches
FROM (SELECT g, i, resale_agg(kind, at, km, seller)
				   OVER (PARTITION BY g ORDER BY i ROWS UNBOUNDED PRECEDING) AS s
	  FROM rb_seq) got
WHERE got.s::text IS DISTINCT FROM
		(SELECT resale_agg(kind, at, km, seller)::text FROM rb_seq p
		 WHERE p.g = got.g AND p.i <= got.i);

-- no room left in the results: never larger than the same summary read
-- from its text (a value handed on in a tuple may have a short header)
SELECT count(*) FILTER (WHERE pg_column_size(s) > pg_column_size(s::text::resale_summary))
		   AS larger_than_exact
FROM (SELECT resale_agg(kind, at, km, seller) AS s FROM rb_ev GROUP BY g) x;

-- facts and jsonb carry it, equal to the accessor
SELECT count(*) AS facts_mismatches
FROM (SELECT resale_agg(kind, at, km, seller) AS s FROM rb_ev GROUP BY g) x
WHERE (resale_facts(s)).registered_by IS DISTINCT FROM registered_by(s)
   OR (s::jsonb ->> 'registered_by') IS DISTINCT FROM registered_by(s);

-- the form: optional, right after registered_at, escaped like a seller
SELECT resale_agg(k, t, NULL, s)
FROM (VALUES ('registration'::vehicle_event, '2025-01-01'::timestamptz, 'b'),
			 ('registration', '2025-01-01', 'q"u\o'),
			 ('registration', '2025-01-02', 'a'),
			 ('listing', '2025-01-03', 'b')) v(k, t, s);
SELECT s, registered_by(s) = '' AS empty_registrant
FROM (SELECT resale_agg('registration'::vehicle_event, '2025-01-01'::timestamptz, NULL, '') AS s) x;
SELECT s::text::resale_summary::text = s::text AS text_round_trip,
	   encode(resale_summary_send(s), 'hex') AS binary
FROM (SELECT 'registrations=1;registered_at=0;registered_by="经\"\\";insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary AS s) x;
-- an earlier registration with an unknown registrant replaces a known one
SELECT registered_by(resale_summary_merge(
	'registrations=1;registered_at=10;registered_by="x";insured_at=null;after=0;first=null;known=null;before=[]',
	'registrations=1;registered_at=5;insured_at=null;after=0;first=null;known=null;before=[]')) IS NULL AS earlier_unknown_wins;

-- 1.0.0's forms (taken from its expected outputs) read, with a NULL
-- registrant, and print back unchanged
SELECT registered_by(s) IS NULL AS registrant_null, s::text = t AS unchanged
FROM (SELECT t, t::resale_summary AS s FROM (VALUES
	('registrations=2;registered_at=1735862400000000;insured_at=1735732800000000;after=5;first=1736467200000000/7/listing/"c";known=1736467200000000/7;before=[1735689600000000/null/listing/"early"*1]'),
	('registrations=1;registered_at=1740787200000000;insured_at=null;after=3;first=1740873600000000/10/listing/"B";known=1740873600000000/10;before=[]')) v(t)) x;
CREATE TEMP TABLE rb_old (b bytea);
CREATE TEMP TABLE rb_old_in (s resale_summary);
INSERT INTO rb_old VALUES (decode('010f0000000000000001fffca2fec4c82064fffca2fec4c820320000000000000003fffca2fec4c820c80301401e000000000000000000026162fffca2fec4c820c8401e00000000000000000001fffca2fec4c8200a0400ffffffff0000000000000002', 'hex'));
-- Reads b (a binary resale_summary) through COPY (FORMAT binary) into rb_old_in
CREATE FUNCTION pg_temp.from_binary(b bytea) RETURNS resale_summary
LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/zeromile_resale_registrant_' || pg_backend_pid() || '.bin';
	r resale_summary;
BEGIN
	TRUNCATE rb_old, rb_old_in;
	INSERT INTO rb_old VALUES (b);
	EXECUTE format('COPY rb_old TO %L (FORMAT binary)', f);
	EXECUTE format('COPY rb_old_in FROM %L (FORMAT binary)', f);
	SELECT s INTO r FROM rb_old_in;
	RETURN r;
END
$$;
SELECT s, registered_by(s) IS NULL AS registrant_null,
	   encode(resale_summary_send(s), 'hex') = '010f0000000000000001fffca2fec4c82064fffca2fec4c820320000000000000003fffca2fec4c820c80301401e000000000000000000026162fffca2fec4c820c8401e00000000000000000001fffca2fec4c8200a0400ffffffff0000000000000002' AS sends_unchanged
FROM (SELECT pg_temp.from_binary(decode('010f0000000000000001fffca2fec4c82064fffca2fec4c820320000000000000003fffca2fec4c820c80301401e000000000000000000026162fffca2fec4c820c8401e00000000000000000001fffca2fec4c8200a0400ffffffff0000000000000002', 'hex')) AS s) x;
-- binary with a registrant: flag 0x10, int4 length and bytes after
-- registered_at
SELECT registered_by(pg_temp.from_binary(decode('0111' || '0000000000000001' || 'fffca2fec4c82064' || '00000002' || '6162' || '0000000000000000' || '00000000', 'hex'))) AS from_binary;

-- errors: text (22P02)
SELECT 'registrations=0;registered_at=null;registered_by="a";insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*1]'::resale_summary;
SELECT 'registrations=1;registered_at=0;registered_by=null;insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=0;registered_by=a;insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=0;registered_by="a\b";insured_at=null;after=0;first=null;known=null;before=[]'::resale_summary;
SELECT 'registrations=1;registered_at=0;registered_by="a'::resale_summary;
SELECT 'registrations=1;registered_at=0;insured_at=null;registered_by="a";after=0;first=null;known=null;before=[]'::resale_summary;
-- errors: binary (22P03, 22021)
SELECT pg_temp.from_binary(decode('0110' || '0000000000000000' || '00000001' || '61' || '0000000000000000' || '00000001' || '0000000000000001' || '030000000000' || '0000000000000001', 'hex'));
SELECT pg_temp.from_binary(decode('0111' || '0000000000000001' || '0000000000000064' || 'ffffffff' || '0000000000000000' || '00000000', 'hex'));
SELECT pg_temp.from_binary(decode('0111' || '0000000000000001' || '0000000000000064' || '00000100' || '6162' || '0000000000000000' || '00000000', 'hex'));
SELECT pg_temp.from_binary(decode('0111' || '0000000000000001' || '0000000000000064' || '00000002' || '6100' || '0000000000000000' || '00000000', 'hex'));
SELECT pg_temp.from_binary(decode('0111' || '0000000000000001' || '0000000000000064' || '00000002' || 'c328' || '0000000000000000' || '00000000', 'hex'));
SELECT pg_temp.from_binary(decode('0131' || '0000000000000001' || '0000000000000064' || '00000002' || '6162' || '0000000000000000' || '00000000', 'hex'));
-- a registrant too long for a summary (54000)
SELECT resale_agg('registration', '2025-01-01', NULL, repeat('x', 536870912));

DROP TABLE rb_ev, rb_oracle, rb_parts, rb_part, rb_daily, rb_seq;
