-- make demo: the analyst's tables.  Events arrive in market_events, whose
-- VINs are text because feeds are dirty: vin_guard repairs what it can and
-- quarantines the rest, and resale_track keeps vehicle_summary equal to
-- resale_agg over every event loaded.

CREATE TABLE market_events (
	vin text NOT NULL,
	kind vehicle_event NOT NULL,
	at timestamptz NOT NULL,
	odometer_km double precision,
	seller text,			-- of a registration row: the registrant
	platform text,
	plate text				-- registration rows: the plate as the feed wrote it
);

CREATE TABLE vehicle_summary (
	vin vin PRIMARY KEY,
	summary resale_summary NOT NULL
);

SELECT vin_create_quarantine('market_quarantine');

CREATE TRIGGER market_events_vin_guard
	BEFORE INSERT OR UPDATE ON market_events
	FOR EACH ROW EXECUTE FUNCTION vin_guard('vin', 'quarantine', 'auto', 'public.market_quarantine');

CREATE TRIGGER market_events_resale_track
	AFTER INSERT ON market_events
	REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION resale_track('public.vehicle_summary');
