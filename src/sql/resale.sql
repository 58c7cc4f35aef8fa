-- resale: the registration-to-resale summary (issue 4).  See doc/resale.md.

CREATE TYPE vehicle_event AS ENUM
	('registration', 'insurance', 'transfer', 'listing', 'export');
COMMENT ON TYPE vehicle_event IS
	'Kind of vehicle event; transfer, listing and export are resale events';

CREATE TYPE resale_summary;

CREATE FUNCTION resale_summary_in(cstring) RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_in(cstring) IS
	'Input function of resale_summary: parses and fully validates the canonical text form';

CREATE FUNCTION resale_summary_out(resale_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_out(resale_summary) IS
	'Output function of resale_summary: canonical text (equal summaries print identically)';

CREATE FUNCTION resale_summary_recv(internal) RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_recv(internal) IS
	'Binary input function of resale_summary: fully validates its input';

CREATE FUNCTION resale_summary_send(resale_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_send(resale_summary) IS
	'Binary output function of resale_summary';

CREATE TYPE resale_summary (
	INPUT = resale_summary_in,
	OUTPUT = resale_summary_out,
	RECEIVE = resale_summary_recv,
	SEND = resale_summary_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE resale_summary IS
	'Summary of one vehicle''s events (registrations, insurance, resales), from resale_agg or rollup';

-- The combine function.  Not strict: NULL is the summary of no rows, so
-- merging with NULL returns the other summary (and NULL with NULL is NULL).
CREATE FUNCTION resale_summary_merge(resale_summary, resale_summary)
	RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resale_summary_merge(resale_summary, resale_summary) IS
	'Summary of the rows of both summaries; NULL counts as no rows (combine function of resale_agg and rollup)';

CREATE FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz,
								   double precision)
	RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz, double precision) IS
	'Transition function of resale_agg(kind, at, odometer_km): adds one event; rows with NULL kind or at are ignored';

CREATE FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz,
								   double precision, text)
	RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION resale_agg_transfn(resale_summary, vehicle_event, timestamptz, double precision, text) IS
	'Transition function of resale_agg(kind, at, odometer_km, seller): adds one event; rows with NULL kind or at are ignored';

CREATE FUNCTION resale_agg_finalfn(resale_summary) RETURNS resale_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_agg_finalfn(resale_summary) IS
	'Final function of resale_agg and rollup: the compact canonical form of a summary';

CREATE AGGREGATE resale_agg(kind vehicle_event, at timestamptz,
							odometer_km double precision) (
	SFUNC = resale_agg_transfn,
	STYPE = resale_summary,
	SSPACE = 128,
	FINALFUNC = resale_agg_finalfn,
	COMBINEFUNC = resale_summary_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE resale_agg(vehicle_event, timestamptz, double precision) IS
	'Summarises a vehicle''s events for the registration-to-resale accessors; NULL when no row has a kind and a time';

CREATE AGGREGATE resale_agg(kind vehicle_event, at timestamptz,
							odometer_km double precision, seller text) (
	SFUNC = resale_agg_transfn,
	STYPE = resale_summary,
	SSPACE = 128,
	FINALFUNC = resale_agg_finalfn,
	COMBINEFUNC = resale_summary_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE resale_agg(vehicle_event, timestamptz, double precision, text) IS
	'Summarises a vehicle''s events, with the seller of each resale and the registrant of each registration, for the registration-to-resale accessors';

CREATE AGGREGATE rollup(resale_summary) (
	SFUNC = resale_summary_merge,
	STYPE = resale_summary,
	FINALFUNC = resale_agg_finalfn,
	COMBINEFUNC = resale_summary_merge,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rollup(resale_summary) IS
	'Merges stored summaries (e.g. per day or per source) into the summary of all their rows';

-- Accessors
CREATE FUNCTION registered_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_registered_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registered_at(resale_summary) IS
	'R: the earliest registration, NULL if none';

CREATE FUNCTION registered_by(resale_summary) RETURNS text
	AS 'MODULE_PATHNAME', 'resale_registered_by'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registered_by(resale_summary) IS
	'Registrant (the seller argument of a registration row) of the earliest registration; ties: the least in byte order, NULL last; NULL without registration, when unknown, or for a summary stored by 1.0.0';

CREATE FUNCTION insured_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_insured_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION insured_at(resale_summary) IS
	'The earliest insurance event, NULL if none';

CREATE FUNCTION registration_count(resale_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'resale_registration_count'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION registration_count(resale_summary) IS
	'Number of registration events';

CREATE FUNCTION first_resale_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_first_resale_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_resale_at(resale_summary) IS
	'Time of the first resale event at or after R (of all resale events without R)';

CREATE FUNCTION first_resale_kind(resale_summary) RETURNS vehicle_event
	AS 'MODULE_PATHNAME', 'resale_first_resale_kind'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_resale_kind(resale_summary) IS
	'Kind (transfer, listing or export) of the first resale';

CREATE FUNCTION first_resale_seller(resale_summary) RETURNS text
	AS 'MODULE_PATHNAME', 'resale_first_resale_seller'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_resale_seller(resale_summary) IS
	'Seller recorded with the first resale, NULL if unknown';

CREATE FUNCTION resale_odometer_km(resale_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'resale_odometer_km'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_odometer_km(resale_summary) IS
	'Odometer recorded with the first resale, NULL if none';

CREATE FUNCTION resale_interval(resale_summary) RETURNS interval
	AS 'MODULE_PATHNAME', 'resale_interval'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_interval(resale_summary) IS
	'first_resale_at - R (timestamptz subtraction); NULL without R or without a resale';

CREATE FUNCTION first_known_odometer_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_first_known_odometer_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_known_odometer_at(resale_summary) IS
	'Time of the earliest resale event at or after R that has an odometer reading';

CREATE FUNCTION first_known_odometer_km(resale_summary) RETURNS double precision
	AS 'MODULE_PATHNAME', 'resale_first_known_odometer_km'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_known_odometer_km(resale_summary) IS
	'Reading of the earliest resale event at or after R that has one (the smallest at that time)';

CREATE FUNCTION resale_count(resale_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'resale_count'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resale_count(resale_summary) IS
	'Number of resale events at or after R (all resale events without R)';

CREATE FUNCTION events_before_registration(resale_summary) RETURNS bigint
	AS 'MODULE_PATHNAME', 'resale_events_before_registration'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION events_before_registration(resale_summary) IS
	'Number of resale events dated before R; NULL without R';

-- STABLE: timestamptz + interval depends on the TimeZone setting.
CREATE FUNCTION resold_within(resale_summary, within interval) RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_resold_within'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resold_within(resale_summary, interval) IS
	'first_resale_at <= R + within (calendar arithmetic, inclusive); FALSE without a resale, NULL without R';

CREATE FUNCTION is_zero_mileage(resale_summary,
								within interval DEFAULT '180 days',
								max_km double precision DEFAULT 50)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_is_zero_mileage'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_zero_mileage(resale_summary, interval, double precision) IS
	'Resold within the interval with the first known reading at or after R <= max_km; NULL when unknown or without R';

-- The same with the calendar of a named time zone instead of TimeZone:
-- IMMUTABLE, so that every node of a cluster (Citus workers included)
-- answers alike whatever its settings.
CREATE FUNCTION resold_within(resale_summary, within interval, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_resold_within_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION resold_within(resale_summary, interval, text) IS
	'first_resale_at <= R + within, the calendar arithmetic in time_zone (a name from pg_timezone_names); FALSE without a resale, NULL without R';

CREATE FUNCTION is_zero_mileage(resale_summary, within interval,
								max_km double precision, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_is_zero_mileage_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION is_zero_mileage(resale_summary, interval, double precision, text) IS
	'is_zero_mileage with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';

-- Why is_zero_mileage is what it is (issue 20): one label per path of its
-- decision, in the order TRUE, FALSE, NULL, so that ORDER BY and BI tools
-- group them by the flag.
CREATE TYPE zero_mileage_reason AS ENUM
	('zero_mileage', 'driven_over_limit', 'resold_after_window',
	 'resold_only_before_registration', 'no_resale',
	 'later_reading_over_limit', 'no_odometer_reading', 'no_registration');
COMMENT ON TYPE zero_mileage_reason IS
	'Why is_zero_mileage is what it is: zero_mileage (TRUE); driven_over_limit, resold_after_window, resold_only_before_registration, no_resale (FALSE); later_reading_over_limit, no_odometer_reading, no_registration (NULL)';

CREATE FUNCTION zero_mileage_reason(resale_summary,
									within interval DEFAULT '180 days',
									max_km double precision DEFAULT 50)
	RETURNS zero_mileage_reason
	AS 'MODULE_PATHNAME', 'resale_zero_mileage_reason'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zero_mileage_reason(resale_summary, interval, double precision) IS
	'Why is_zero_mileage(s, within, max_km) is TRUE, FALSE or NULL: one zero_mileage_reason label, never NULL for a summary';

CREATE FUNCTION zero_mileage_reason(resale_summary, within interval,
									max_km double precision, time_zone text)
	RETURNS zero_mileage_reason
	AS 'MODULE_PATHNAME', 'resale_zero_mileage_reason_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION zero_mileage_reason(resale_summary, interval, double precision, text) IS
	'zero_mileage_reason with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';

-- max_km is inclusive; km_below(50) is the exclusive form ("under 50 km").
CREATE FUNCTION km_below(km double precision) RETURNS double precision
	AS 'MODULE_PATHNAME', 'resale_km_below'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION km_below(double precision) IS
	'The largest double precision below km: max_km => km_below(50) flags first readings under 50 km, not 50 itself';

-- The first export (issue 20), kept beside the first resale.  Summaries
-- made by 1.0.0 or 1.1.0 did not record it: for them exports_tracked is
-- false and the other two are NULL ("unknown"), never "no export".
CREATE FUNCTION first_export_at(resale_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME', 'resale_first_export_at'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION first_export_at(resale_summary) IS
	'Time of the first export event at or after R (of all export events without R); NULL if none, or unknown (exports_tracked false)';

CREATE FUNCTION exports_tracked(resale_summary) RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_exports_tracked'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION exports_tracked(resale_summary) IS
	'Whether the summary knows its exports: false for summaries made by 1.0.0 or 1.1.0 (or merged with one), whose first_export_at and exported_within are NULL';

CREATE FUNCTION exported_within(resale_summary, within interval DEFAULT '180 days')
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_exported_within'
	LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION exported_within(resale_summary, interval) IS
	'An export at or after R and at or before R + within (calendar arithmetic, inclusive); FALSE without one, NULL without R or when exports are unknown';

CREATE FUNCTION exported_within(resale_summary, within interval, time_zone text)
	RETURNS boolean
	AS 'MODULE_PATHNAME', 'resale_exported_within_zone'
	LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION exported_within(resale_summary, interval, text) IS
	'exported_within with R + within computed in time_zone (a name from pg_timezone_names) instead of TimeZone';
