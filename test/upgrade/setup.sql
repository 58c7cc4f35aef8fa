-- User data made with the extension (test/upgrade/run.sh), run by the
-- extension's owner right after CREATE EXTENSION: in the database that is
-- then updated, under the old version; in the fresh one, under the new.
-- Deterministic, so both databases end up with the same rows.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET TimeZone = 'UTC';
CREATE SCHEMA u;
SET search_path = u, public;

-- SQLSTATE and message of a statement, or 'ok'.
CREATE FUNCTION u.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE stmt;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;

-- 4,000 valid VINs over eight WMIs (check digit set), with their raw forms.
CREATE TABLE u.vins (
	id int PRIMARY KEY,
	v vin NOT NULL UNIQUE,
	raw text
);
INSERT INTO u.vins
SELECT i, v, CASE WHEN i % 3 = 0 THEN lower(v::text) ELSE ' ' || v::text || ' ' END
FROM (SELECT i, vin_with_check_digit(
		(ARRAY['1HGCM826', 'LGXCB4E2', 'WVWZZZ1J', '5YJSA1E2', 'JN1AZ4EH', 'KMHDU46D', 'VF1BM0A0', 'TMBJJ7NE'])[1 + i % 8]
		|| '0' || substr('ABCDEFGHJKLMNPRSTVWXY123456789', 1 + i % 30, 1)
		|| substr('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 1 + (i / 7) % 33, 1)
		|| lpad((i * 7919 % 1000000)::text, 6, '0')) AS v
	  FROM generate_series(1, 4000) AS i) AS s;
CREATE INDEX vins_hash ON u.vins USING hash (v);

-- Only a hash index: lookups through it can be forced.
CREATE TABLE u.hashonly (v vin, id int);
INSERT INTO u.hashonly SELECT v, id FROM u.vins;
CREATE INDEX hashonly_v ON u.hashonly USING hash (v);

-- Hash partitions (vin_hash_extended routes the rows) and range partitions
-- (the btree order does).
CREATE TABLE u.part (v vin, id int) PARTITION BY HASH (v);
CREATE TABLE u.part_0 PARTITION OF u.part FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE u.part_1 PARTITION OF u.part FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE u.part_2 PARTITION OF u.part FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE u.part_3 PARTITION OF u.part FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO u.part SELECT v, id FROM u.vins;
CREATE TABLE u.rpart (v vin PRIMARY KEY, id int) PARTITION BY RANGE (v);
CREATE TABLE u.rpart_low PARTITION OF u.rpart FOR VALUES FROM (MINVALUE) TO ('50000000000000000');
CREATE TABLE u.rpart_mid PARTITION OF u.rpart FOR VALUES FROM ('50000000000000000') TO ('L0000000000000000');
CREATE TABLE u.rpart_high PARTITION OF u.rpart FOR VALUES FROM ('L0000000000000000') TO (MAXVALUE);
INSERT INTO u.rpart SELECT v, id FROM u.vins;

-- 6,000 events over 400 VINs, and their stored summaries: per VIN (both
-- resale_agg forms) and per VIN and day (for rollup).
CREATE TABLE u.events (vin text, kind vehicle_event, at timestamptz,
					   odometer_km double precision, seller text);
INSERT INTO u.events
SELECT (SELECT v::text FROM u.vins WHERE id = 1 + i % 400),
	   (enum_range(NULL::vehicle_event))[1 + (hashint4(i) & 2147483647) % 5],
	   timestamptz '2024-01-01' + ((hashint4(i + 7) & 2147483647) % 40000) * interval '15 minutes',
	   CASE WHEN i % 9 = 0 THEN NULL ELSE (hashint4(i + 11) & 2147483647) % 300 END,
	   CASE WHEN i % 5 = 0 THEN NULL ELSE 'dealer-' || (i % 17) END
FROM generate_series(1, 6000) AS i
ORDER BY hashint4(i * 31);
CREATE TABLE u.sums (vin vin PRIMARY KEY, summary resale_summary);
INSERT INTO u.sums
SELECT vin::vin, resale_agg(kind, at, odometer_km, seller) FROM u.events GROUP BY vin;
CREATE TABLE u.sums3 (vin vin PRIMARY KEY, summary resale_summary);
INSERT INTO u.sums3
SELECT vin::vin, resale_agg(kind, at, odometer_km) FROM u.events GROUP BY vin;
CREATE TABLE u.daily (vin vin, day date, summary resale_summary, PRIMARY KEY (vin, day));
INSERT INTO u.daily
SELECT vin::vin, (at AT TIME ZONE 'UTC')::date, resale_agg(kind, at, odometer_km, seller)
FROM u.events GROUP BY 1, 2;

----------------------------------------------------------------------
-- Triggers, with some rows through them before the update
----------------------------------------------------------------------
CREATE TABLE u.guard_reject (id int, vin text);
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON u.guard_reject
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
CREATE TABLE u.guard_norm (id int, vin varchar(40));
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON u.guard_norm
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'normalize');
SELECT vin_create_quarantine('u.q');
CREATE TABLE u.guard_q (id int, vin text, note text);
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON u.guard_q
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'u.q');

CREATE TABLE u.ev_tracked (vin text, kind vehicle_event, at timestamptz,
						   odometer_km double precision, seller text);
CREATE TABLE u.tracked_sums (vin vin PRIMARY KEY, summary resale_summary);
CREATE TRIGGER track AFTER INSERT ON u.ev_tracked
	REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION
	resale_track('u.tracked_sums', 'vin', 'kind', 'at', 'odometer_km', 'seller', 'zm_upgrade');

INSERT INTO u.guard_reject VALUES (1, '1HGCM82633A004352'), (2, ' 1hgcm82633a004352 ');
SELECT u.try($$INSERT INTO u.guard_reject VALUES (3, '1HGCM82643A004352')$$);
INSERT INTO u.guard_norm VALUES (1, '1hg-cm8.2633_a004/352'), (2, '1HGCM82633AOO4352');
INSERT INTO u.guard_q VALUES
	(1, '1hgcm82633a004352', 'good'),
	(2, '1HGCM82643A004352', 'check digit'),
	(3, 'not a vin', 'garbage');
INSERT INTO u.ev_tracked SELECT * FROM u.events WHERE vin < '5';

ANALYZE u.vins, u.hashonly, u.part, u.rpart, u.events, u.sums, u.sums3, u.daily;
