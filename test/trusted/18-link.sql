-- zm_user (no attribute but LOGIN; USAGE on schema zm, CREATE on app)
-- links masked and truncated VINs (issue 20, part 1): the masked problem
-- code, the linking functions and vin_sole on its own tables, the recipe's
-- hash join, and a masked row quarantined by vin_guard.
SET search_path = app, zm;
SELECT rolsuper FROM pg_roles WHERE rolname = current_user;
SELECT * FROM vin_problems('LS**G0EL＊＊＊＊＊5579');
SELECT vin_mask_pattern('lsjpg0el●●●●●5579') AS pattern, vin_mask_shape('LSJPG0EL×××××5579') AS shape,
	   vin_mask_pattern('LSJA24U6JG269225') AS truncated,
	   vin_mask('LSJA24U62JG269225', 7936) AS masked,
	   vin_mask('LSJA24U63JG269225', 7680) AS narrowed;
SELECT vin_mask('LSJA24U62JG269225', 1 << 17);
SELECT vin_sole_transfn('LSJA24U62JG269225', 'LSJA24U62JG269225');
SELECT vin_sole_finalfn('LSJA24U62JG269225');

CREATE TABLE app.link_reg (vin vin PRIMARY KEY);
INSERT INTO app.link_reg VALUES ('LSJA24U62JG269225'), ('LSJA24U6XAB129225'), ('1HGCM82633A004352');
CREATE TABLE app.link_listing (id int PRIMARY KEY, vin_raw text,
	pattern text GENERATED ALWAYS AS (vin_mask_pattern(vin_raw)) STORED,
	shape integer GENERATED ALWAYS AS (vin_mask_shape(vin_raw)) STORED);
INSERT INTO app.link_listing (id, vin_raw) VALUES
	(1, 'LSJA24U6*****9225'), (2, '1HGCM826*3A004352'), (3, '1HGCM8263A004352'), (4, 'LSJA24U62JG2692**');
SELECT l.id, vin_sole(c.vin) AS vin, count(c.vin) AS fits
FROM app.link_listing l
LEFT JOIN (SELECT s.shape, vin_mask(r.vin, s.shape) AS pattern, r.vin
		   FROM (SELECT DISTINCT shape FROM app.link_listing WHERE shape IS NOT NULL) s
		   CROSS JOIN app.link_reg r OFFSET 0) c
	ON c.shape = l.shape AND c.pattern = l.pattern
GROUP BY l.id ORDER BY l.id;

-- a masked row in quarantine says so
SELECT vin_create_quarantine('app.link_q');
CREATE TABLE app.link_feed (vin text);
CREATE TRIGGER g BEFORE INSERT ON app.link_feed
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'app.link_q');
INSERT INTO app.link_feed VALUES ('LSJPG0EL*****5579');
SELECT row_data->>'vin' AS vin, problems FROM app.link_q;
DROP TABLE app.link_feed, app.link_q, app.link_listing, app.link_reg;
