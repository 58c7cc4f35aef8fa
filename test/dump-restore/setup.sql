-- Objects for the dump/restore round trip (test/dump-restore/run.sh).
CREATE EXTENSION zeromile;
SELECT setseed(0.5);
CREATE TABLE dr_vins (
	id int PRIMARY KEY,
	v vin NOT NULL UNIQUE,
	raw varchar(40)
);
INSERT INTO dr_vins
SELECT g, vin(s), lower(s)
FROM (SELECT g, string_agg(substr('0123456789ABCDEFGHJKLMNPRSTUVWXYZ', 1 + floor(random() * 33)::int, 1), '') AS s
      FROM generate_series(1, 5000) g, generate_series(1, 17) p GROUP BY g) r;
CREATE INDEX dr_vins_hash ON dr_vins USING hash (v);
CREATE TABLE dr_part (v vin, n int) PARTITION BY HASH (v);
CREATE TABLE dr_part_0 PARTITION OF dr_part FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE dr_part_1 PARTITION OF dr_part FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE dr_part_2 PARTITION OF dr_part FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE dr_part_3 PARTITION OF dr_part FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO dr_part SELECT v, id FROM dr_vins;
-- A WMI the user adds survives; the shipped rows are neither lost nor doubled.
INSERT INTO wmi_registry (wmi, manufacturer, country, source, vehicle_type)
VALUES ('LNA', 'Example user-added maker', 'China', 'dump/restore test', 'bus');
