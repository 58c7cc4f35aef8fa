-- zeromile installed in a schema that is not on the search_path, with an
-- attacker's look-alike vin operators planted ahead of it (pg_catalog's
-- own operators always come first, so only the extension's can be
-- impersonated): everything that
-- runs SQL on the user's behalf (the triggers, the SQL-bodied functions)
-- must neither fall back to other operators nor run the attacker's code.
-- Runs in a database where zeromile was created with SCHEMA zm.
BEGIN;
SELECT plan(12);

CREATE TABLE public.attacker_log (who text, what text);
CREATE SCHEMA shared;
CREATE FUNCTION shared.evil(zm.vin, zm.vin) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO public.attacker_log VALUES (current_user, 'vin operator');
	RETURN $1::text = $2::text;
END
$$;
CREATE OPERATOR shared.= (LEFTARG = zm.vin, RIGHTARG = zm.vin, FUNCTION = shared.evil);
CREATE OPERATOR shared.<> (LEFTARG = zm.vin, RIGHTARG = zm.vin, FUNCTION = shared.evil);

SET LOCAL search_path = shared, public;

-- resale_track with a channel (the path that reads summaries back)
CREATE TABLE public.ev (vin text, kind zm.vehicle_event, at timestamptz,
						odometer_km double precision, seller text);
CREATE TABLE public.ev_summary (vin zm.vin PRIMARY KEY, summary zm.resale_summary);
CREATE TRIGGER track AFTER INSERT ON public.ev REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION
	zm.resale_track('public.ev_summary', 'vin', 'kind', 'at', 'odometer_km', 'seller', 'zero_mileage');

SELECT lives_ok($$
	INSERT INTO public.ev VALUES
		('1HGCM82633A004352', 'registration', '2025-01-01', NULL, NULL),
		('1HGCM82633A004352', 'listing', '2025-01-05', 3, 'd1')$$,
	'resale_track inserts new summaries with zeromile off the search_path');
SELECT lives_ok($$
	INSERT INTO public.ev VALUES ('1HGCM82633A004352', 'listing', '2025-01-06', 3, 'd2')$$,
	'resale_track merges into existing summaries with zeromile off the search_path');
SELECT is((SELECT zm.resale_count(summary) FROM public.ev_summary), 2::bigint,
	'the summary holds both resale events');
SELECT is((SELECT count(*)::int FROM public.attacker_log), 0,
	'no planted operator ran inside resale_track');

-- resale_track without a channel
CREATE TABLE public.ev2 (LIKE public.ev);
CREATE TABLE public.ev2_summary (vin zm.vin PRIMARY KEY, summary zm.resale_summary);
CREATE TRIGGER track AFTER INSERT ON public.ev2 REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION zm.resale_track('public.ev2_summary');
INSERT INTO public.ev2 SELECT * FROM public.ev;
INSERT INTO public.ev2 SELECT * FROM public.ev;
SELECT is((SELECT zm.resale_count(summary) FROM public.ev2_summary), 4::bigint,
	'resale_track without a channel merges with zeromile off the search_path');

-- vin_guard in quarantine mode
CREATE TABLE public.listings (vin text, seller text);
SELECT lives_ok($$SELECT zm.vin_create_quarantine('public.listings_q')$$,
	'vin_create_quarantine with zeromile off the search_path');
CREATE TRIGGER guard BEFORE INSERT ON public.listings FOR EACH ROW
	EXECUTE FUNCTION zm.vin_guard('vin', 'quarantine', 'auto', 'public.listings_q');
INSERT INTO public.listings VALUES ('lsja24u62jg269225', 'd1'), ('LSJA24U62JG269226', 'd2');
SELECT is((SELECT array_agg(vin) FROM public.listings), ARRAY['LSJA24U62JG269225'],
	'vin_guard repairs with zeromile off the search_path');
SELECT is((SELECT count(*)::int FROM public.listings_q), 1,
	'vin_guard quarantines with zeromile off the search_path');

-- an unqualified table argument would be looked up in each inserter's
-- search_path, where someone else's table of the same name may come first
CREATE TABLE public.listings2 (vin text);
CREATE TRIGGER guard BEFORE INSERT ON public.listings2 FOR EACH ROW
	EXECUTE FUNCTION zm.vin_guard('vin', 'quarantine', 'auto', 'listings_q');
SELECT throws_ok($$INSERT INTO public.listings2 VALUES ('x')$$, '22023', NULL,
	'vin_guard refuses an unqualified quarantine table');
CREATE TABLE public.ev3 (LIKE public.ev);
CREATE TRIGGER track AFTER INSERT ON public.ev3 REFERENCING NEW TABLE AS new_events
	FOR EACH STATEMENT EXECUTE FUNCTION zm.resale_track('ev2_summary');
SELECT throws_ok($$INSERT INTO public.ev3 SELECT * FROM public.ev$$, '22023', NULL,
	'resale_track refuses an unqualified summary table');

-- the SQL-bodied decoding functions
SELECT is(zm.vin_manufacturer('LSJA24U62JG269225'), 'SAIC MG',
	'vin_manufacturer with zeromile off the search_path');
SELECT is((SELECT count(*)::int FROM public.attacker_log), 0,
	'no planted operator ran anywhere');

SELECT * FROM finish();
ROLLBACK;
