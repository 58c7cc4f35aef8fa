-- Catalogue contract of the resale objects (issue 4): types, signatures,
-- volatility, strictness, parallel safety, comments.
BEGIN;
SELECT plan(22);

SELECT has_type('vehicle_event');
SELECT enum_has_labels('vehicle_event',
	ARRAY['registration', 'insurance', 'transfer', 'listing', 'export']);
SELECT has_type('resale_summary');
SELECT is((SELECT typlen::text || '/' || typalign::text || '/' || typstorage::text
		   FROM pg_type WHERE typname = 'resale_summary'),
		  '-1/d/x', 'resale_summary is a double-aligned, toastable varlena');
SELECT ok((SELECT typreceive <> 0 AND typsend <> 0
		   FROM pg_type WHERE typname = 'resale_summary'),
		  'resale_summary has binary send and receive');

SELECT is_aggregate('resale_agg', ARRAY['vehicle_event', 'timestamp with time zone', 'double precision']);
SELECT is_aggregate('resale_agg', ARRAY['vehicle_event', 'timestamp with time zone', 'double precision', 'text']);
SELECT is_aggregate('rollup', ARRAY['resale_summary']);

-- every aggregate: concrete state type, combine function, parallel safe
SELECT results_eq(
	$$SELECT p.oid::regprocedure::text, a.aggtranstype::regtype::text,
			 a.aggcombinefn::text, a.aggfinalfn::text, p.proparallel::text
	  FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
	  WHERE p.proname IN ('resale_agg', 'rollup') ORDER BY 1$$,
	$$VALUES
		('resale_agg(vehicle_event,timestamp with time zone,double precision)', 'resale_summary', 'resale_summary_merge', 'resale_agg_finalfn', 's'),
		('resale_agg(vehicle_event,timestamp with time zone,double precision,text)', 'resale_summary', 'resale_summary_merge', 'resale_agg_finalfn', 's'),
		('rollup(resale_summary)', 'resale_summary', 'resale_summary_merge', 'resale_agg_finalfn', 's')$$,
	'aggregates use resale_summary as state, merge as combine, and are parallel safe');

-- functions: volatility, strictness, parallel safety
SELECT results_eq(
	$$SELECT p.oid::regprocedure::text, p.provolatile::text, p.proisstrict, p.proparallel::text
	  FROM pg_proc p
	  WHERE p.prokind = 'f' AND (p.proname LIKE 'resale%' OR p.proname IN
			('registered_at', 'registered_by', 'insured_at', 'registration_count', 'first_resale_at',
			 'first_resale_kind', 'first_resale_seller', 'first_known_odometer_at',
			 'first_known_odometer_km', 'events_before_registration',
			 'resold_within', 'is_zero_mileage', 'zero_mileage_reason', 'km_below',
			'first_export_at', 'exports_tracked', 'exported_within'))
		AND p.proname NOT LIKE 'resale\_track%'  -- resale_track's functions: tested with the triggers
		AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile')
	  ORDER BY 1$$,
	$$VALUES
		('events_before_registration(resale_summary)', 'i', true, 's'),
		('exported_within(resale_summary,interval)', 's', true, 's'),
		('exported_within(resale_summary,interval,text)', 'i', true, 's'),
		('exports_tracked(resale_summary)', 'i', true, 's'),
		('first_export_at(resale_summary)', 'i', true, 's'),
		('first_known_odometer_at(resale_summary)', 'i', true, 's'),
		('first_known_odometer_km(resale_summary)', 'i', true, 's'),
		('first_resale_at(resale_summary)', 'i', true, 's'),
		('first_resale_kind(resale_summary)', 'i', true, 's'),
		('first_resale_seller(resale_summary)', 'i', true, 's'),
		('insured_at(resale_summary)', 'i', true, 's'),
		('is_zero_mileage(resale_summary,interval,double precision)', 's', true, 's'),
		('is_zero_mileage(resale_summary,interval,double precision,text)', 'i', true, 's'),
		('km_below(double precision)', 'i', true, 's'),
		('registered_at(resale_summary)', 'i', true, 's'),
		('registered_by(resale_summary)', 'i', true, 's'),
		('registration_count(resale_summary)', 'i', true, 's'),
		('resale_agg_finalfn(resale_summary)', 'i', true, 's'),
		('resale_agg_transfn(resale_summary,vehicle_event,timestamp with time zone,double precision)', 'i', false, 's'),
		('resale_agg_transfn(resale_summary,vehicle_event,timestamp with time zone,double precision,text)', 'i', false, 's'),
		('resale_count(resale_summary)', 'i', true, 's'),
		('resale_facts(resale_summary,interval,double precision)', 's', true, 's'),
		('resale_facts(resale_summary,interval,double precision,text)', 'i', true, 's'),
		('resale_interval(resale_summary)', 'i', true, 's'),
		('resale_odometer_km(resale_summary)', 'i', true, 's'),
		('resale_summary_in(cstring)', 'i', true, 's'),
		('resale_summary_jsonb(resale_summary)', 'i', true, 's'),
		('resale_summary_merge(resale_summary,resale_summary)', 'i', false, 's'),
		('resale_summary_out(resale_summary)', 'i', true, 's'),
		('resale_summary_recv(internal)', 'i', true, 's'),
		('resale_summary_send(resale_summary)', 'i', true, 's'),
		('resold_within(resale_summary,interval)', 's', true, 's'),
		('resold_within(resale_summary,interval,text)', 'i', true, 's'),
		('zero_mileage_reason(resale_summary,interval,double precision)', 's', true, 's'),
		('zero_mileage_reason(resale_summary,interval,double precision,text)', 'i', true, 's')$$,
	'resale functions: volatility, strictness and parallel safety');

SELECT function_returns('first_resale_kind', ARRAY['resale_summary'], 'vehicle_event');
SELECT function_returns('resale_interval', ARRAY['resale_summary'], 'interval');
SELECT function_returns('registered_by', ARRAY['resale_summary'], 'text');
SELECT function_returns('resale_summary_merge', ARRAY['resale_summary', 'resale_summary'], 'resale_summary');
SELECT is((SELECT pg_get_function_arguments('is_zero_mileage(resale_summary,interval,double precision)'::regprocedure)),
		  'resale_summary, within interval DEFAULT ''180 days''::interval, max_km double precision DEFAULT 50',
		  'is_zero_mileage defaults: 180 days, 50 km');
SELECT is((SELECT pg_get_function_arguments('zero_mileage_reason(resale_summary,interval,double precision)'::regprocedure)),
		  'resale_summary, within interval DEFAULT ''180 days''::interval, max_km double precision DEFAULT 50',
		  'zero_mileage_reason defaults: those of is_zero_mileage');
SELECT is((SELECT pg_get_function_arguments('exported_within(resale_summary,interval)'::regprocedure)),
		  'resale_summary, within interval DEFAULT ''180 days''::interval',
		  'exported_within defaults: the MOFCOM rule''s 180 days');
SELECT function_returns('first_export_at', ARRAY['resale_summary'], 'timestamp with time zone');
SELECT function_returns('exports_tracked', ARRAY['resale_summary'], 'boolean');
SELECT enum_has_labels('zero_mileage_reason',
	ARRAY['zero_mileage', 'driven_over_limit', 'resold_after_window', 'resold_only_before_registration',
		  'no_resale', 'later_reading_over_limit', 'no_odometer_reading', 'no_registration']);

-- every resale object has a comment
SELECT is_empty(
	$$SELECT p.oid::regprocedure::text FROM pg_proc p
	  WHERE (p.proname LIKE 'resale%' OR p.proname IN ('rollup', 'registered_at', 'registered_by', 'insured_at',
			'registration_count', 'first_resale_at', 'first_resale_kind', 'first_resale_seller',
			'first_known_odometer_at', 'first_known_odometer_km', 'events_before_registration',
			'resold_within', 'is_zero_mileage', 'zero_mileage_reason', 'km_below',
			'first_export_at', 'exports_tracked', 'exported_within'))
		AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'zeromile')
		AND obj_description(p.oid, 'pg_proc') IS NULL$$,
	'every resale function and aggregate has a comment');
SELECT ok(obj_description('vehicle_event'::regtype, 'pg_type') IS NOT NULL
		  AND obj_description('resale_summary'::regtype, 'pg_type') IS NOT NULL
		  AND obj_description('zero_mileage_reason'::regtype, 'pg_type') IS NOT NULL,
		  'the resale types have comments');

SELECT * FROM finish();
ROLLBACK;
