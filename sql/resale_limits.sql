-- resale_summary size limits.  These inputs are large (a few hundred MB),
-- so they live in their own file; every check is one statement.
SET TimeZone = 'UTC';
\set SHOW_CONTEXT never

-- Text input reads every before-list length the other paths accept: here
-- 2^23 + 1 entries, one more than the list's room reaches by doubling
-- alone (it is clamped to the maximum, 13421772, instead).
SELECT resale_count(s) AS entries, s::text = t AS text_round_trip
FROM (SELECT t, t::resale_summary AS s
	  FROM (SELECT 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;before=['
				   || string_agg(i || '/null/listing/null*1', ',') || ']' AS t
			FROM generate_series(1, 8388609) i) l
	  OFFSET 0) x;

-- A seller longer than a summary's seller area (512 MB) gets its own
-- error (54000), not the before-list one.
SELECT resale_agg('listing'::vehicle_event, '2025-01-01', 1, repeat('x', 536870912));
\echo :LAST_ERROR_SQLSTATE
SELECT length(first_resale_seller(resale_agg('listing'::vehicle_event, '2025-01-01', 1, repeat('x', 1000000)))) AS long_seller_kept;

-- I8: the resale rows (after + the before counts) fit in a bigint, so that
-- a merge of three summaries overflows in either grouping or in neither
-- (the SQL fuzz pass found (a, b) overflowing its before counts before R
-- was known, and a + (b + c) fine, its rows split between after and before).
CREATE TEMP TABLE i8 (name text, s resale_summary);
INSERT INTO i8 VALUES
  ('a', 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[1000000/null/listing/null*5000000000000000000]'),
  ('b', 'registrations=0;registered_at=null;insured_at=null;after=0;first=null;known=null;first_export=null;before=[3000000/null/listing/null*5000000000000000000]'),
  ('c', 'registrations=1;registered_at=2000000;insured_at=null;after=0;first=null;known=null;first_export=null;before=[]');
SELECT resale_summary_merge(resale_summary_merge(a.s, b.s), c.s)
FROM i8 a, i8 b, i8 c WHERE a.name = 'a' AND b.name = 'b' AND c.name = 'c';
\echo :LAST_ERROR_SQLSTATE
SELECT resale_summary_merge(a.s, resale_summary_merge(b.s, c.s))
FROM i8 a, i8 b, i8 c WHERE a.name = 'a' AND b.name = 'b' AND c.name = 'c';
\echo :LAST_ERROR_SQLSTATE
-- b + c alone fits: its row is after R
SELECT resale_count(resale_summary_merge(b.s, c.s)) FROM i8 b, i8 c WHERE b.name = 'b' AND c.name = 'c';
-- and a value that breaks I8 is refused on input
SELECT 'registrations=1;registered_at=2000000;insured_at=null;after=5000000000000000000;first=3000000/null/listing/null;known=null;first_export=null;before=[1000000/null/listing/null*5000000000000000000]'::resale_summary;
