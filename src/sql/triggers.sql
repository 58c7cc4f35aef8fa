-- triggers: vin_guard(), resale_track() and vin_create_quarantine()
--
-- All three write to tables, so they are VOLATILE and PARALLEL UNSAFE, and
-- SECURITY INVOKER: the rows they write are written with the privileges of
-- the user whose statement fired them.

CREATE FUNCTION vin_guard() RETURNS trigger
	AS 'MODULE_PATHNAME', 'vin_guard'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION vin_guard() IS
	'Row trigger: vin_guard(column [, mode [, region [, quarantine_table]]]) checks a VIN column (text, varchar or vin) BEFORE INSERT OR UPDATE; mode reject (default) raises 22P02 with every problem, normalize rewrites repairable VINs, quarantine also moves unrepairable rows to quarantine_table';

CREATE FUNCTION vin_create_quarantine(table_name text) RETURNS regclass
	AS 'MODULE_PATHNAME', 'vin_create_quarantine'
	LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION vin_create_quarantine(text) IS
	'Creates a quarantine table for vin_guard (source_table text, row_data jsonb, problems jsonb, rejected_at timestamptz) under the given, possibly qualified, name and returns it';

CREATE FUNCTION resale_track() RETURNS trigger
	AS 'MODULE_PATHNAME', 'resale_track'
	LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION resale_track() IS
	'Statement trigger: AFTER INSERT ... REFERENCING NEW TABLE ... FOR EACH STATEMENT EXECUTE FUNCTION resale_track(summary_table [, vin_column [, kind_column [, at_column [, odometer_column [, seller_column [, channel [, within [, max_km]]]]]]]]) merges the new events into summary_table (vin vin PRIMARY KEY, summary resale_summary) with resale_agg, and optionally notifies channel of VINs that became zero-mileage';
