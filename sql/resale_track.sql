--
-- resale_track(): the summary table equals resale_agg over every event
-- after single-row inserts, multi-row inserts and COPY; column options;
-- every argument and firing error.  (Concurrency and notifications: the
-- isolation specs resale_track_concurrency, resale_track_notify and
-- resale_track_notify_concurrency.)
--
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA rt;
SET search_path = rt, public;

CREATE FUNCTION rt.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

CREATE TABLE rt.ev (vin text, kind vehicle_event, at timestamptz,
					odometer_km double precision, seller text);
CREATE TABLE rt.sums (vin vin PRIMARY KEY, summary resale_summary);
CREATE TRIGGER track AFTER INSERT ON rt.ev
	REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('rt.sums');

-- rows of the summary table that differ from resale_agg over the events
-- (compared as text, the canonical form), in either direction
CREATE VIEW rt.mismatch AS
(SELECT vin, summary::text FROM rt.sums
 EXCEPT
 SELECT vin::vin, resale_agg(kind, at, odometer_km, seller)::text FROM rt.ev
 WHERE vin IS NOT NULL GROUP BY vin HAVING resale_agg(kind, at, odometer_km, seller) IS NOT NULL)
UNION ALL
(SELECT vin::vin, resale_agg(kind, at, odometer_km, seller)::text FROM rt.ev
 WHERE vin IS NOT NULL GROUP BY vin HAVING resale_agg(kind, at, odometer_km, seller) IS NOT NULL
 EXCEPT
 SELECT vin, summary::text FROM rt.sums);

-- single-row inserts
INSERT INTO rt.ev VALUES ('1HGCM82633A004352', 'registration', '2025-03-28 10:00', NULL, NULL);
INSERT INTO rt.ev VALUES ('1HGCM82633A004352', 'listing', '2025-04-05 09:00', 12, 'dealer-7');
SELECT vin, registered_at(summary), first_resale_at(summary), first_resale_seller(summary),
	   resale_odometer_km(summary), is_zero_mileage(summary) FROM rt.sums;
-- events before the registration arrive later: merged, not overwritten
INSERT INTO rt.ev VALUES ('1HGCM82633A004352', 'registration', '2025-03-20 08:00', NULL, NULL);
SELECT registered_at(summary), registration_count(summary), resale_count(summary) FROM rt.sums;
-- a multi-row insert touching old and new VINs, with unusable rows (NULL
-- kind or time: ignored by resale_agg) and a NULL VIN (no summary row)
INSERT INTO rt.ev VALUES
	('1HGCM82633A004352', 'transfer', '2025-04-10', NULL, NULL),
	('WVWZZZ1JZXW000001', 'registration', '2024-01-31 12:00', NULL, NULL),
	('WVWZZZ1JZXW000001', 'listing', '2024-09-01', 18000, 'dealer-2'),
	('LGXCB4E23P1234567', NULL, '2024-01-01', NULL, NULL),
	('LGXCB4E23P1234567', 'listing', NULL, 5, 'x'),
	(NULL, 'registration', '2024-01-01', NULL, NULL);
SELECT vin, resale_count(summary), is_zero_mileage(summary) FROM rt.sums ORDER BY vin;
-- COPY
COPY rt.ev FROM STDIN;
WVWZZZ1JZXW000001	export	2024-10-01 00:00:00+00	\N	\N
1HGCM82633A004353	registration	2025-06-30 00:00:00+00	\N	\N
1HGCM82633A004353	listing	2025-07-02 00:00:00+00	\N	dealer-7
1HGCM82633A004353	listing	2025-07-03 00:00:00+00	9	dealer-9
\.
-- an INSERT ... SELECT of 5,000 events over 300 VINs, in shuffled order
INSERT INTO rt.ev
SELECT vin_with_check_digit('LGXCB4E20P' || lpad((i % 300)::text, 7, '0'))::text,
	   (enum_range(NULL::vehicle_event))[1 + (hashint4(i) & 2147483647) % 5],
	   timestamptz '2024-01-01' + ((hashint4(i + 7) & 2147483647) % 40000) * interval '15 minutes',
	   CASE WHEN i % 9 = 0 THEN NULL ELSE (hashint4(i + 11) & 2147483647) % 300 END,
	   CASE WHEN i % 5 = 0 THEN NULL ELSE 'dealer-' || (i % 17) END
FROM generate_series(1, 5000) AS i
ORDER BY hashint4(i * 31);
-- an INSERT that inserts nothing still fires the trigger, harmlessly
INSERT INTO rt.ev SELECT * FROM rt.ev WHERE false;
SELECT count(*) AS summaries, (SELECT count(*) FROM rt.mismatch) AS mismatches FROM rt.sums;

----------------------------------------------------------------------
-- column options: other names, other types, '' for absent columns
----------------------------------------------------------------------
CREATE TABLE rt.ev2 ("VIN" vin, what text, "when" date, km integer, shop_id integer);
CREATE TABLE rt.sums2 (summary resale_summary, vin vin PRIMARY KEY, extra int DEFAULT 1);
CREATE TRIGGER track AFTER INSERT ON rt.ev2
	REFERENCING NEW TABLE AS "new rows"
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('rt.sums2', 'VIN', 'what', 'when', 'km', 'shop_id');
INSERT INTO rt.ev2 VALUES
	('LGXCB4E23P1234567', 'registration', '2025-01-30', NULL, NULL),
	('LGXCB4E23P1234567', 'listing', '2025-02-03', 3, 42);
SELECT vin, first_resale_seller(summary), first_known_odometer_km(summary), extra FROM rt.sums2;
SELECT rt.try($$INSERT INTO rt.ev2 VALUES ('LGXCB4E23P1234567', 'sale', '2025-01-30', NULL, NULL)$$);
-- no odometer and no seller columns
CREATE TABLE rt.ev3 (vin varchar(17), kind vehicle_event, at timestamp);
CREATE TABLE rt.sums3 (vin vin PRIMARY KEY, summary resale_summary);
CREATE TRIGGER track AFTER INSERT ON rt.ev3
	REFERENCING NEW TABLE AS n
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('rt.sums3', 'vin', 'kind', 'at', '', '');
INSERT INTO rt.ev3 VALUES
	('lgxcb4e23p1234567', 'registration', '2025-01-30'),
	('LGXCB4E23P1234567', 'export', '2025-03-01');
SELECT vin, first_resale_kind(summary), resale_odometer_km(summary), first_resale_seller(summary) FROM rt.sums3;
-- a text VIN that is not a VIN fails the statement (guard the table with
-- vin_guard to repair or quarantine such rows first)
SELECT rt.try($$INSERT INTO rt.ev3 VALUES ('not a vin', 'registration', '2025-01-30')$$);

----------------------------------------------------------------------
-- errors: firing
----------------------------------------------------------------------
CREATE TABLE rt.bad (vin text, kind vehicle_event, at timestamptz,
					 odometer_km double precision, seller text, n int, notes jsonb);
CREATE FUNCTION rt.fire_error(ddl text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
	EXECUTE ddl;
	r := rt.try($i$INSERT INTO rt.bad VALUES ('1HGCM82633A004352', 'registration', '2025-01-01', NULL, NULL, 1, NULL)$i$);
	IF r = 'ok' THEN
		r := rt.try($i$UPDATE rt.bad SET n = 2$i$);
	END IF;
	EXECUTE 'DROP TRIGGER t ON rt.bad';
	DELETE FROM rt.bad;
	RETURN r;
END
$$;
SELECT rt.fire_error($$CREATE TRIGGER t AFTER INSERT ON rt.bad FOR EACH STATEMENT EXECUTE FUNCTION resale_track('rt.sums')$$);
SELECT rt.fire_error($$CREATE TRIGGER t AFTER INSERT ON rt.bad REFERENCING NEW TABLE AS n FOR EACH ROW EXECUTE FUNCTION resale_track('rt.sums')$$);
SELECT rt.fire_error($$CREATE TRIGGER t BEFORE INSERT ON rt.bad FOR EACH STATEMENT EXECUTE FUNCTION resale_track('rt.sums')$$);
SELECT rt.fire_error($$CREATE TRIGGER t AFTER UPDATE ON rt.bad REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION resale_track('rt.sums')$$);

----------------------------------------------------------------------
-- errors: arguments
----------------------------------------------------------------------
CREATE TABLE rt.sum_novin (v vin PRIMARY KEY, summary resale_summary);
CREATE TABLE rt.sum_textvin (vin text PRIMARY KEY, summary resale_summary);
CREATE TABLE rt.sum_nosummary (vin vin PRIMARY KEY);
CREATE TABLE rt.sum_textsummary (vin vin PRIMARY KEY, summary text);
CREATE TABLE rt.sum_nokey (vin vin, summary resale_summary);
CREATE TABLE rt.sum_partial (vin vin, summary resale_summary);
CREATE UNIQUE INDEX ON rt.sum_partial (vin) WHERE vin > '1HGCM82633A004352';
CREATE TABLE rt.sum_wide (vin vin, n int, summary resale_summary, UNIQUE (vin, n));
CREATE VIEW rt.sum_view AS SELECT * FROM rt.sums;
CREATE FUNCTION rt.args_error(args text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RETURN rt.fire_error('CREATE TRIGGER t AFTER INSERT ON rt.bad REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION resale_track(' || args || ')');
END
$$;
SELECT args, rt.args_error(args) FROM (VALUES
	(''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', ''ch'', ''1 day'', ''5'', ''x'''),
	('''rt.nosuch'''),
	('''sums'''),
	('''nosuch'''),
	('''rt.sum_view'''),
	('''rt.bad'''),
	('''rt.sum_novin'''),
	('''rt.sum_textvin'''),
	('''rt.sum_nosummary'''),
	('''rt.sum_textsummary'''),
	('''rt.sum_nokey'''),
	('''rt.sum_partial'''),
	('''rt.sum_wide'''),
	('''rt.sums'', ''nosuch'''),
	('''rt.sums'', ''n'''),
	('''rt.sums'', ''vin'', ''n'''),
	('''rt.sums'', ''vin'', ''kind'', ''n'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''seller'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''nosuch'''),
	('''rt.sums'', ''vin'', '''''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', ''cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', '''', ''1 day'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', ''ch'', ''soon'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', ''ch'', ''1 day'', ''-1'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', ''ch'', ''1 day'', ''NaN'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''seller'', ''ch'', ''1 day'', ''many'''),
	('''rt.sums'', ''vin'', ''kind'', ''at'', ''odometer_km'', ''n'', ''ch'', ''3 months'', ''50''')
) AS a(args);

-- the caller needs INSERT and UPDATE on the summary table (SECURITY INVOKER)
CREATE ROLE regress_zm_track_user;
GRANT USAGE ON SCHEMA rt TO regress_zm_track_user;
GRANT INSERT ON rt.ev TO regress_zm_track_user;
SET ROLE regress_zm_track_user;
SELECT rt.try($$INSERT INTO rt.ev VALUES ('1HGCM82633A004352', 'export', '2025-05-01', NULL, NULL)$$);
RESET ROLE;
GRANT SELECT, INSERT, UPDATE ON rt.sums TO regress_zm_track_user;
SET ROLE regress_zm_track_user;
SELECT rt.try($$INSERT INTO rt.ev VALUES ('1HGCM82633A004352', 'export', '2025-05-01', NULL, NULL)$$);
RESET ROLE;

-- stored summaries are canonical (the merge in the upsert returns the
-- compact form), also with sellers and entries dated before R: byte-equal
-- to themselves read back from text (*= on records compares the bytes,
-- after decompression)
INSERT INTO rt.ev SELECT '2T1BURHE0JC074219', 'listing',
	timestamptz '2025-01-01' + i * interval '1 hour', 1, 'seller ' || i
FROM generate_series(1, 20) i;
INSERT INTO rt.ev SELECT '2T1BURHE0JC074219', 'transfer',
	timestamptz '2025-01-01' + i * interval '1 hour', NULL, 'seller ' || i
FROM generate_series(10, 30) i;
INSERT INTO rt.ev VALUES ('2T1BURHE0JC074219', 'registration', '2025-01-01 15:00', NULL, NULL);
SELECT count(*) AS summaries, count(*) FILTER (WHERE NOT x *= y) AS not_canonical
FROM rt.sums, LATERAL (SELECT ROW(summary) AS x,
							  ROW(summary::text::resale_summary) AS y) r;
SELECT count(*) AS mismatches FROM rt.mismatch;

RESET search_path;
DROP SCHEMA rt CASCADE;
DROP ROLE regress_zm_track_user;
