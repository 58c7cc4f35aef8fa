-- zm_owner's tables that zm_user writes to in step 14: the triggers run
-- with zm_user's privileges (SECURITY INVOKER), so what zm_user needs on
-- the quarantine and summary tables is granted here, column by column.
SET search_path = app, zm;

-- vin_guard into zm_owner's quarantine table.  zm_user may insert id and
-- vin, update vin and read id and vin, not the secret column.
SELECT vin_create_quarantine('app.shared_q');
CREATE TABLE app.shared_listings (id int PRIMARY KEY, vin text, secret text);
CREATE TRIGGER g BEFORE INSERT OR UPDATE ON app.shared_listings
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'app.shared_q');
INSERT INTO app.shared_listings VALUES (1, 'LSJA24U62JG269225', 'secret-1');
GRANT INSERT (id, vin), UPDATE (vin), SELECT (id, vin) ON app.shared_listings TO zm_user;
-- vin_guard needs INSERT on the quarantine table; SELECT is for cleaning up.
GRANT INSERT, SELECT ON app.shared_q TO zm_user;

-- An ETL grant: INSERT only, nothing to read.  A quarantined row keeps
-- the values zm_user sent (issue 22, finding 3).
CREATE TABLE app.etl_listings (id int, vin text, dealer text, price numeric);
CREATE TRIGGER g BEFORE INSERT ON app.etl_listings
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'app.shared_q');
GRANT INSERT ON app.etl_listings TO zm_user;

-- zm_user may set a note and read the id, not the VIN: an invalid VIN
-- stored before the guard existed is not quoted to it (finding 8).
CREATE TABLE app.noted (id int, vin text, note text);
INSERT INTO app.noted VALUES (1, '1HGCM82643A004352', NULL);
CREATE TRIGGER g BEFORE INSERT OR UPDATE ON app.noted
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin');
GRANT SELECT (id), UPDATE (note) ON app.noted TO zm_user;

-- A guarded table whose quarantine table zm_user may not write.
SELECT vin_create_quarantine('app.closed_q');
CREATE TABLE app.closed_listings (id int, vin text);
CREATE TRIGGER g BEFORE INSERT ON app.closed_listings
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'app.closed_q');
GRANT INSERT ON app.closed_listings TO zm_user;

-- resale_track into zm_owner's summary tables.  The upsert (INSERT ... ON
-- CONFLICT (vin) DO UPDATE SET summary = merge(s.summary, ...)) needs
-- INSERT on vin and summary, UPDATE on summary, and SELECT on vin (the
-- conflict target) and summary (read by the SET).
CREATE TABLE app.owner_summary (vin vin PRIMARY KEY, summary resale_summary);
CREATE TABLE app.owner_events (vin text, kind vehicle_event, at timestamptz,
							   odometer_km double precision, seller text);
CREATE TRIGGER t AFTER INSERT ON app.owner_events REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('app.owner_summary');
GRANT INSERT ON app.owner_events TO zm_user;
GRANT SELECT (vin, summary), INSERT (vin, summary), UPDATE (summary)
	ON app.owner_summary TO zm_user;

-- The same with notifications (three statements, one of them SELECT ...
-- FOR UPDATE): the same privileges suffice.
CREATE TABLE app.owner_summary_n (vin vin PRIMARY KEY, summary resale_summary);
CREATE TABLE app.owner_events_n (LIKE app.owner_events);
CREATE TRIGGER t AFTER INSERT ON app.owner_events_n REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION
	resale_track('app.owner_summary_n', 'vin', 'kind', 'at', 'odometer_km', 'seller',
				 'zm_owner_zero');
GRANT INSERT ON app.owner_events_n TO zm_user;
GRANT SELECT (vin, summary), INSERT (vin, summary), UPDATE (summary)
	ON app.owner_summary_n TO zm_user;

-- INSERT and UPDATE without SELECT are not enough (42501 in step 14).
CREATE TABLE app.owner_summary_x (vin vin PRIMARY KEY, summary resale_summary);
CREATE TABLE app.owner_events_x (LIKE app.owner_events);
CREATE TRIGGER t AFTER INSERT ON app.owner_events_x REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('app.owner_summary_x');
GRANT INSERT ON app.owner_events_x TO zm_user;
GRANT INSERT, UPDATE ON app.owner_summary_x TO zm_user;
