-- zm_user's own tables: vin_create_quarantine, vin_guard in every mode and
-- resale_track with and without notifications, all as zm_user.
SET search_path = app, zm;
SET TimeZone = 'UTC';

-- Quarantine tables: where zm_user has CREATE (app, also the first schema
-- of its search_path for an unqualified name), not where it has only
-- USAGE (locked: 42501).
SELECT vin_create_quarantine('app.listings_q');
SELECT vin_create_quarantine('unqualified_q');
SELECT vin_create_quarantine('locked.listings_q');
SELECT c.oid::regclass AS quarantine, pg_get_userbyid(c.relowner) AS owner
FROM pg_class c WHERE c.relname IN ('listings_q', 'unqualified_q') ORDER BY c.relname;

-- reject (the default)
CREATE TABLE app.l_reject (id int, vin text);
CREATE TRIGGER g BEFORE INSERT OR UPDATE ON app.l_reject
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
INSERT INTO app.l_reject VALUES (1, 'LSJA24U62JG269225'), (2, ' lsja24u62jg269225');
INSERT INTO app.l_reject VALUES (3, '1HGCM82643A004352');
UPDATE app.l_reject SET vin = 'LSJA24U6-2JG269225' WHERE id = 1;
SELECT * FROM app.l_reject ORDER BY id;

-- normalize, on a vin column with the strict policy too
CREATE TABLE app.l_normalize (id int, vin varchar(40));
CREATE TRIGGER g BEFORE INSERT OR UPDATE ON app.l_normalize
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'normalize', 'auto');
INSERT INTO app.l_normalize VALUES (1, 'lsja24u6-2jg269225'), (2, '1HGCM82633AOO4352');
UPDATE app.l_normalize SET vin = 'lsja24u62jg 269225' WHERE id = 2;
INSERT INTO app.l_normalize VALUES (3, 'not a vin');
SELECT * FROM app.l_normalize ORDER BY id;
CREATE TABLE app.l_vin (vin vin);
CREATE TRIGGER g BEFORE INSERT ON app.l_vin
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'reject', 'strict');
INSERT INTO app.l_vin VALUES ('WVWZZZ1JZ3W386752');

-- quarantine
CREATE TABLE app.listings (id int, vin text, seller text);
CREATE TRIGGER g BEFORE INSERT OR UPDATE ON app.listings
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'app.listings_q');
INSERT INTO app.listings VALUES
	(1, 'lgx-cb4e23 p1234567', 'dealer-7'),
	(2, '1HGCM82643A004352', 'dealer-9'),
	(3, 'LSJA24U62JG269225', 'dealer-1');
UPDATE app.listings SET vin = 'short' WHERE id = 3;
SELECT * FROM app.listings ORDER BY id;
SELECT source_table, row_data, jsonb_path_query_array(problems, '$[*].code') AS codes
FROM app.listings_q ORDER BY row_data ->> 'id';

-- resale_track, then the same with notifications (zm_user listens)
CREATE TABLE app.vehicle_summary (vin vin PRIMARY KEY, summary resale_summary);
CREATE TABLE app.ev (vin text, kind vehicle_event, at timestamptz,
					 odometer_km double precision, seller text);
CREATE TRIGGER t AFTER INSERT ON app.ev REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('app.vehicle_summary');
INSERT INTO app.ev SELECT * FROM app.events WHERE kind IN ('registration', 'insurance');
INSERT INTO app.ev SELECT * FROM app.events WHERE kind NOT IN ('registration', 'insurance');
SELECT (SELECT count(*) FROM app.vehicle_summary) AS summaries,
	   (SELECT count(*) FROM app.vehicle_summary s JOIN
		   (SELECT vin::vin AS vin, resale_agg(kind, at, odometer_km, seller) AS a
			FROM app.ev GROUP BY 1) e USING (vin)
		WHERE s.summary::text = e.a::text) AS equal_to_resale_agg;

CREATE TABLE app.vehicle_summary_n (vin vin PRIMARY KEY, summary resale_summary);
CREATE TABLE app.ev_n (vin text, kind vehicle_event, at timestamptz,
					   odometer_km double precision, seller text);
CREATE TRIGGER t AFTER INSERT ON app.ev_n REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION
	resale_track('app.vehicle_summary_n', 'vin', 'kind', 'at', 'odometer_km', 'seller',
				 'zm_user_zero', '3 months', '50');
LISTEN zm_user_zero;
INSERT INTO app.ev_n SELECT * FROM app.events WHERE kind = 'registration';
INSERT INTO app.ev_n SELECT * FROM app.events WHERE kind <> 'registration';
UNLISTEN zm_user_zero;
SELECT vin, is_zero_mileage(summary, '3 months', 50) FROM app.vehicle_summary_n ORDER BY vin;

-- resale_track through every change (1.2.0), set up by zm_user with
-- resale_track_attach on its own tables: UPDATE, DELETE, TRUNCATE, an
-- insert after an update in one transaction (resale_track_written_here),
-- a rebuild, and an insert-only table
CREATE TABLE app.tracked (vin vin, kind vehicle_event, at timestamptz,
						  odometer_km double precision, seller text);
CREATE INDEX ON app.tracked (vin);
CREATE TABLE app.tracked_summary (vin vin PRIMARY KEY, summary resale_summary);
INSERT INTO app.tracked SELECT vin::vin, kind, at, odometer_km, seller FROM app.events;
SELECT resale_track_attach('app.tracked', 'app.tracked_summary') AS triggers_made;
SELECT resale_track_check('app.tracked') AS checked;
BEGIN;
UPDATE app.tracked SET odometer_km = odometer_km + 1 WHERE odometer_km IS NOT NULL;
INSERT INTO app.tracked SELECT vin::vin, 'transfer', at + interval '1 day', NULL, NULL
FROM app.events WHERE kind = 'registration';
COMMIT;
DELETE FROM app.tracked WHERE kind = 'transfer';
SELECT count(*) AS differences FROM resale_track_rebuild('app.tracked', dry_run => true);
ALTER TABLE app.tracked DISABLE TRIGGER USER;
DELETE FROM app.tracked WHERE kind = 'listing';
ALTER TABLE app.tracked ENABLE TRIGGER USER;
SELECT difference, count(*) FROM resale_track_rebuild('app.tracked') GROUP BY 1 ORDER BY 1;
SELECT count(*) AS differences FROM resale_track_rebuild('app.tracked', dry_run => true);
TRUNCATE app.tracked;
SELECT count(*) AS summaries FROM app.tracked_summary;
CREATE TABLE app.audit (vin vin, kind vehicle_event, at timestamptz,
						odometer_km double precision, seller text);
CREATE TABLE app.audit_summary (vin vin PRIMARY KEY, summary resale_summary);
SELECT resale_track_attach('app.audit', 'app.audit_summary', insert_only => true) AS triggers_made;
INSERT INTO app.audit SELECT vin::vin, kind, at, odometer_km, seller FROM app.events;
DELETE FROM app.audit;
