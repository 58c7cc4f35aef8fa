-- The first export (issue 20): first_export_at, exports_tracked and
-- exported_within; the field in text and binary form, summaries of 1.0.0
-- and 1.1.0 read as "unknown", every inconsistent input refused, and the
-- field exact when R moves back over marked before entries.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- what q raised, with the detail that says which check refused it
CREATE FUNCTION pg_temp.try(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	detail text;
BEGIN
	EXECUTE q;
	RETURN 'accepted';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
	RETURN SQLSTATE || ' ' || SQLERRM || coalesce(' / ' || nullif(detail, ''), '');
END
$$;

-- binary input through COPY (FORMAT binary), in a file per backend
CREATE TEMP TABLE ex_bin_in (b bytea);
CREATE TEMP TABLE ex_bin_out (s resale_summary);
CREATE FUNCTION pg_temp.from_binary(b bytea) RETURNS resale_summary
LANGUAGE plpgsql AS $$
DECLARE
	f text := '/tmp/zeromile_resale_export_' || pg_backend_pid() || '.bin';
	r resale_summary;
BEGIN
	TRUNCATE ex_bin_in, ex_bin_out;
	INSERT INTO ex_bin_in VALUES (b);
	EXECUTE format('COPY ex_bin_in TO %L (FORMAT binary)', f);
	EXECUTE format('COPY ex_bin_out FROM %L (FORMAT binary)', f);
	SELECT s INTO r FROM ex_bin_out;
	RETURN r;
END
$$;

-- 1. Registered, listed, exported 40 days later, exported again
CREATE TABLE ex (v text, kind vehicle_event, at timestamptz, km float8, seller text);
INSERT INTO ex VALUES
	('a', 'registration', '2025-01-01', NULL, NULL),
	('a', 'listing', '2025-01-05', 3, 'dealer'),
	('a', 'export', '2025-02-10', NULL, 'exp-co'),
	('a', 'export', '2025-03-01', 20, NULL),
	-- exported only before its registration
	('b', 'export', '2024-12-01', NULL, NULL),
	('b', 'registration', '2025-01-01', NULL, NULL),
	('b', 'transfer', '2025-06-01', 10, NULL),
	-- never registered: the earliest export of all
	('c', 'listing', '2025-01-01', NULL, NULL),
	('c', 'export', '2025-05-01', NULL, NULL),
	('c', 'export', '2025-04-01', NULL, NULL),
	-- registered, no export
	('d', 'registration', '2025-01-01', NULL, NULL),
	('d', 'transfer', '2025-01-02', 1, NULL),
	-- the first resale is the export
	('e', 'registration', '2025-01-01', NULL, NULL),
	('e', 'export', '2025-01-03', 1, NULL),
	('e', 'listing', '2025-01-03', NULL, NULL);
CREATE TABLE ex_s AS SELECT v, resale_agg(kind, at, km, seller) AS s FROM ex GROUP BY v;
SELECT v, s::text FROM ex_s ORDER BY v;
SELECT v, exports_tracked(s), first_export_at(s), first_resale_at(s),
	   exported_within(s, '30 days') AS within_30d,
	   exported_within(s) AS within_180d,
	   exported_within(s, '40 days', 'Asia/Shanghai') AS within_40d_shanghai
FROM ex_s ORDER BY v;
-- inclusive: exactly R + 40 days counts, a microsecond less does not
SELECT exported_within(s, '40 days') AS at_40d,
	   exported_within(s, '40 days' - interval '1 microsecond') AS under_40d
FROM ex_s WHERE v = 'a';
-- calendar arithmetic in the zone: R + 1 mon from 31 January
SELECT exported_within(resale_agg(k, t, NULL), '1 mon', 'Asia/Shanghai') AS one_month
FROM (VALUES ('registration'::vehicle_event, '2025-01-30 16:00+00'::timestamptz),
			 ('export', '2025-02-28 16:00+00')) v(k, t);

-- 2. The accessors agree with plain SQL over the rows (R, then the
-- earliest export at or after it, or of all exports without R)
SELECT count(*) AS vehicles,
	   count(*) FILTER (WHERE first_export_at(s) IS DISTINCT FROM o.x) AS export_mismatches
FROM ex_s JOIN (
	SELECT v, CASE WHEN r IS NULL THEN min(at) FILTER (WHERE kind = 'export')
				   ELSE min(at) FILTER (WHERE kind = 'export' AND at >= r) END AS x
	FROM (SELECT *, min(at) FILTER (WHERE kind = 'registration') OVER (PARTITION BY v) AS r
		  FROM ex) e
	GROUP BY v, r) o USING (v);

-- 3. An export that shares its time with a transfer is marked /export on
-- the transfer's before entry (the least row at that time), and becomes
-- the first export when an earlier registration is merged in
SELECT resale_agg(k, t, km)::text AS marked
FROM (VALUES ('transfer'::vehicle_event, '2025-02-01'::timestamptz, 5::float8),
			 ('export', '2025-02-01', NULL)) v(k, t, km);
SELECT first_export_at(m), first_resale_kind(m), m::text
FROM (SELECT resale_summary_merge(
		(SELECT resale_agg(k, t, km)
		 FROM (VALUES ('transfer'::vehicle_event, '2025-02-01'::timestamptz, 5::float8),
					  ('export', '2025-02-01', NULL)) v(k, t, km)),
		resale_agg('registration', '2025-01-01', NULL)) AS m) x;
-- the same moves through the aggregate's own R moving back, and the later
-- export (the least at its time) stays in the list when R is between
SELECT first_export_at(s), s::text
FROM (SELECT resale_agg(k, t, km ORDER BY o) AS s
	  FROM (VALUES (1, 'transfer'::vehicle_event, '2025-02-01'::timestamptz, 5::float8),
				   (2, 'export', '2025-02-01', NULL),
				   (3, 'export', '2024-12-01', NULL),
				   (4, 'registration', '2025-01-01', NULL)) v(o, k, t, km)) x;

-- 4. Summaries of 1.0.0 and 1.1.0 (no first_export field): unknown
CREATE TABLE ex_old (s resale_summary);
INSERT INTO ex_old VALUES
	('registrations=1;registered_at=1735689600000000;insured_at=null;after=1;first=1735776000000000/null/export/null;known=null;before=[]'),
	('registrations=1;registered_at=1735689600000000;registered_by="x";insured_at=null;after=0;first=null;known=null;before=[1735603200000000/null/export/null*1]'),
	('registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1735603200000000/null/export/null*1]');
SELECT exports_tracked(s), first_export_at(s), exported_within(s), first_resale_kind(s), s::text
FROM ex_old;
-- merged with a summary that knows (either way round), rolled up, or
-- given more rows outside an aggregate: still unknown, never "no export"
SELECT exports_tracked(resale_summary_merge(o.s, n.s)) AS old_new,
	   exports_tracked(resale_summary_merge(n.s, o.s)) AS new_old,
	   first_export_at(resale_summary_merge(n.s, o.s)) AS new_old_export,
	   exported_within(resale_summary_merge(n.s, o.s)) AS new_old_within
FROM ex_old o, ex_s n WHERE n.v = 'a' ORDER BY 1, 2, 3;
SELECT exports_tracked(rollup(s)), first_export_at(rollup(s))
FROM (SELECT s FROM ex_old UNION ALL SELECT s FROM ex_s) x;
SELECT exports_tracked(r), first_export_at(r), r::text
FROM (SELECT rollup(s ORDER BY k) AS r
	  FROM (VALUES (1, (SELECT s FROM ex_s WHERE v = 'b')),
				   (2, (SELECT s FROM ex_old LIMIT 1))) v(k, s)) x;
SELECT exports_tracked(resale_agg_transfn(s, 'export', '2025-03-01', NULL)),
	   resale_agg_transfn(s, 'export', '2025-03-01', NULL)::text
FROM ex_old LIMIT 1;
-- binary: a summary that does not know its exports is sent as version 1,
-- byte for byte as 1.1.0 sent it, and reads back the same
SELECT left(encode(resale_summary_send(s), 'hex'), 4) AS version_flags,
	   pg_temp.from_binary(resale_summary_send(s))::text = s::text AS round_trip
FROM ex_old;
SELECT left(encode(resale_summary_send(s), 'hex'), 4) AS version_flags,
	   pg_temp.from_binary(resale_summary_send(s))::text = s::text AS round_trip,
	   first_export_at(pg_temp.from_binary(resale_summary_send(s))) IS NOT DISTINCT FROM first_export_at(s) AS same_export
FROM ex_s ORDER BY v;
SELECT encode(resale_summary_send(s), 'hex') FROM ex_s WHERE v = 'b';
-- the export field costs no byte: the same summary with a listing instead
SELECT pg_column_size(s) AS with_export,
	   pg_column_size((SELECT resale_agg(CASE kind WHEN 'export' THEN 'listing' ELSE kind END, at, km, seller)
					   FROM ex WHERE v = 'a')) AS with_listing
FROM ex_s WHERE v = 'a';

-- 5. Thresholds: the rules of resold_within (doc/resale.md)
SELECT pg_temp.try($$SELECT exported_within(s, '30') FROM ex_s$$);
SELECT pg_temp.try($$SELECT exported_within(s, '-1 day') FROM ex_s$$);
SELECT pg_temp.try($$SELECT exported_within(s, '59 minutes', 'UTC') FROM ex_s$$);
-- refused even where the answer would be NULL
SELECT pg_temp.try($$SELECT exported_within(s, '30') FROM ex_old$$);
SELECT pg_temp.try($$SELECT exported_within(s, '30 days', 'CST') FROM ex_s$$);
SELECT pg_temp.try($$SELECT exported_within(s, '30 days', '') FROM ex_s$$);
SELECT exported_within(s, '1 hour') FROM ex_s WHERE v = 'e';
SELECT exported_within(s, NULL), exported_within(s, '1 day', NULL) FROM ex_s WHERE v = 'a';

-- 6. Text input: the field and the marks checked against the rest
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=1;first=10/null/listing/null;known=null;first_export=5;before=[]'::resale_summary$$) AS export_before_first;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=0;first=null;known=null;first_export=5;before=[]'::resale_summary$$) AS export_without_first;
SELECT pg_temp.try($$SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=5;before=[1/null/export/null*1]'::resale_summary$$) AS export_without_r;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=1;first=10/null/listing/null;known=null;first_export=20;before=[]'::resale_summary$$) AS only_row_not_export;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/export/null;known=null;first_export=20;before=[]'::resale_summary$$) AS first_export_not_first;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/export/null;known=null;first_export=null;before=[]'::resale_summary$$) AS first_is_export_but_null;
SELECT pg_temp.try($$SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=[1/null/listing/null*2/export]'::resale_summary$$) AS mark_when_unknown;
SELECT pg_temp.try($$SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[1/null/listing/null*1/export]'::resale_summary$$) AS mark_on_one_listing;
SELECT pg_temp.try($$SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[1/null/export/null*2/export]'::resale_summary$$) AS mark_on_export;
SELECT pg_temp.try($$SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[1/null/listing/null*2/exports]'::resale_summary$$) AS bad_mark;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/listing/null;known=null;first_export=abc;before=[]'::resale_summary$$) AS bad_time;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/listing/null;known=null;first_export=99999999999999999999;before=[]'::resale_summary$$) AS time_out_of_range;
SELECT pg_temp.try($$SELECT 'registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/listing/null;first_export=20;known=null;before=[]'::resale_summary$$) AS field_out_of_order;
-- accepted: a later export beside an earlier listing, a marked entry
SELECT s::text, first_export_at(s), exports_tracked(s)
FROM (VALUES ('registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/listing/null;known=null;first_export=20;before=[]'::resale_summary),
			 ('registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[1/null/listing/null*2/export,7/null/export/null*1]'),
			 ('registrations=1;registered_at=100;insured_at=null;after=0;first=null;known=null;first_export=null;before=[1/null/listing/null*1]')) v(s);

-- 7. Binary input, version 2 (exports known)
CREATE TEMP TABLE ex_b AS
SELECT resale_summary_send('registrations=1;registered_at=0;insured_at=null;after=2;first=10/null/listing/null;known=null;first_export=20;before=[-5/null/listing/null*3/export]') AS b;
-- 1 version, 2 flags, 3 registrations, 11 registered_at, 19 after,
-- 27 first (at, kind, has_odometer, seller length), 41 first_export,
-- 49 n_before, 53 entry (at, kind, has_odometer, seller length),
-- 67 count, 75 has_export
SELECT encode(b, 'hex') FROM ex_b;
SELECT pg_temp.from_binary(b)::text FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\x03' FROM 1))) AS version_3 FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\x01' FROM 1))) AS version_1_with_export_flags FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\x45' FROM 2))) AS version_2_without_0x20 FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\xe5' FROM 2))) AS unknown_flag FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\x02' FROM 75))) AS has_export_2 FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\x00' FROM 75))) AS unmarked_ok FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING int8send(-946684800000000) FROM 41))) AS export_before_first FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING int8send(9223372036854775806) FROM 41))) AS export_out_of_range FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', substr(b, 1, 74))) AS no_has_export_byte FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', b || '\x00'::bytea)) AS trailing_byte FROM ex_b;
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)', overlay(b PLACING '\x25' FROM 2))) AS no_export_field FROM ex_b;
-- an export entry must be marked in version 2
SELECT pg_temp.try(format('SELECT pg_temp.from_binary(%L)',
	   overlay(resale_summary_send('registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[7/null/export/null*1]')
			   PLACING '\x00' FROM 33))) AS unmarked_export_entry;

-- 8. resale_facts and the jsonb cast carry the field
SELECT v, (f).first_export_at, (f).exports_tracked, (f).exported_within,
	   (f).exported_within IS NOT DISTINCT FROM exported_within(s, '30 days') AS agrees
FROM (SELECT v, s, resale_facts(s, '30 days', 50) AS f FROM ex_s) x ORDER BY v;
SELECT (resale_facts(s, '40 days', 50, 'UTC')).exported_within FROM ex_s WHERE v = 'a';
SELECT (resale_facts(s, '30 days', 50)).exports_tracked, (resale_facts(s, '30 days', 50)).exported_within FROM ex_old;
SELECT s::jsonb -> 'first_export_at' AS first_export_at, s::jsonb -> 'exports_tracked' AS tracked FROM ex_s ORDER BY v;
SELECT s::jsonb -> 'first_export_at' AS first_export_at, s::jsonb -> 'exports_tracked' AS tracked FROM ex_old;

-- 9. resale_track: a summary stored by 1.1.0 stays unknown as events
-- arrive (a merge cannot know what the old value left out);
-- resale_track_rebuild recomputes it from the events, which it knows
CREATE TABLE ex_ev (vin vin, kind vehicle_event, at timestamptz, odometer_km float8, seller text);
CREATE INDEX ON ex_ev (vin);
CREATE TABLE ex_sum (vin vin PRIMARY KEY, summary resale_summary);
INSERT INTO ex_ev VALUES ('1HGCM82633A004352', 'registration', '2025-01-01', NULL, NULL);
SELECT resale_track_attach('ex_ev', 'ex_sum') AS triggers_made;
UPDATE ex_sum SET summary = 'registrations=1;registered_at=1735689600000000;insured_at=null;after=0;first=null;known=null;before=[]';
INSERT INTO ex_ev VALUES ('1HGCM82633A004352', 'export', '2025-01-20', 4, NULL);
SELECT exports_tracked(summary), first_export_at(summary), exported_within(summary, '30 days') FROM ex_sum;
SELECT count(*) AS rebuilt FROM resale_track_rebuild('ex_ev');
SELECT exports_tracked(summary), first_export_at(summary), exported_within(summary, '30 days') FROM ex_sum;
-- deleting the export recomputes: no export now, known to be none
DELETE FROM ex_ev WHERE kind = 'export';
SELECT exports_tracked(summary), first_export_at(summary), exported_within(summary, '30 days') FROM ex_sum;
INSERT INTO ex_ev VALUES ('1HGCM82633A004352', 'transfer', '2025-01-10', 4, NULL),
	('1HGCM82633A004352', 'export', '2025-01-10', NULL, NULL);
SELECT first_export_at(summary), first_resale_kind(summary) FROM ex_sum;
UPDATE ex_ev SET at = '2025-03-01' WHERE kind = 'export';
SELECT first_export_at(summary), exported_within(summary, '30 days') FROM ex_sum;

DROP TABLE ex, ex_s, ex_old, ex_ev, ex_sum;
