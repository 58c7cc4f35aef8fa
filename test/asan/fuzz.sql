-- Server side of the sanitizer run's SQL fuzz pass (test/asan/fuzz.py).
--
-- fz.check(kind, payload) feeds one input to vin or resale_summary, as text
-- or through binary COPY (the only SQL path to a type's receive function),
-- and returns 'ok' when it gave a value that kept every invariant,
-- 'err:SQLSTATE' when it was rejected cleanly, or 'FAIL: why'.  Valid
-- summaries go to fz.pool, where fz.merge_pass and fz.transfn_pass check the
-- aggregate's algebra on them.
SET client_min_messages = warning;
CREATE EXTENSION zeromile;
CREATE SCHEMA fz;

-- Driver input, one batch at a time, and the recv tables: unlogged, as they
-- are refilled for every input.  The pool of valid summaries is logged, so
-- that it survives the crash recovery after a backend crash.
CREATE UNLOGGED TABLE fz.cases (id int PRIMARY KEY, kind text NOT NULL, payload bytea NOT NULL);
CREATE TABLE fz.pool (id serial PRIMARY KEY, s resale_summary NOT NULL);
CREATE UNLOGGED TABLE fz.vin_bin (v vin);
CREATE UNLOGGED TABLE fz.rs_bin (s resale_summary);

-- A rejection is fine when it is a data exception (class 22) or a program
-- limit (54000); anything else (XX000 from elog, "invalid memory alloc
-- request size", ...) means the input got past validation.  Messages must
-- stay short however long the input (they quote a bounded prefix).
CREATE FUNCTION fz.rejected(state text, msg text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE
		WHEN left(state, 2) NOT IN ('22', '54') THEN 'FAIL: rejected with ' || state || ': ' || left(msg, 200)
		WHEN length(msg) > 300 THEN 'FAIL: ' || length(msg) || '-character error message (' || state || '): ' || left(msg, 120) || '...'
		ELSE 'err:' || state
	END
$$;

-- Raw bytes as a one-row binary COPY file in the data directory (written by
-- lo_export, so the bytes reach the receive function unchanged).
CREATE FUNCTION fz.copy_file(payload bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	f text := 'zeromile_fuzz_' || pg_backend_pid() || '.bin';
	o oid;
BEGIN
	o := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea	-- signature
		|| '\x0000000000000000'::bytea	-- flags, header extension length
		|| '\x0001'::bytea || int4send(length(payload)) || payload
		|| '\xffff'::bytea);
	PERFORM lo_export(o, f);
	PERFORM lo_unlink(o);
	RETURN f;
END
$$;

CREATE FUNCTION fz.vin_recv(payload bytea) RETURNS vin
LANGUAGE plpgsql AS $$
DECLARE
	r vin;
BEGIN
	EXECUTE format('COPY fz.vin_bin FROM %L (FORMAT binary)', fz.copy_file(payload));
	DELETE FROM fz.vin_bin RETURNING v INTO r;
	RETURN r;
END
$$;

CREATE FUNCTION fz.rs_recv(payload bytea) RETURNS resale_summary
LANGUAGE plpgsql AS $$
DECLARE
	r resale_summary;
BEGIN
	EXECUTE format('COPY fz.rs_bin FROM %L (FORMAT binary)', fz.copy_file(payload));
	DELETE FROM fz.rs_bin RETURNING s INTO r;
	RETURN r;
END
$$;

-- Invariants of a valid vin: its output re-parses to it, text and binary
-- round trips, and the text-level functions accept its spelling.
CREATE FUNCTION fz.vin_valid(v vin) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	out text := v::text;
	w vin;
	st text;
	msg text;
BEGIN
	BEGIN
		w := out::vin;
	EXCEPTION WHEN OTHERS THEN
		RETURN 'FAIL: output ' || quote_literal(out) || ' does not re-parse: ' || SQLERRM;
	END;
	IF w <> v OR w::text <> out OR NOT (v = out) OR vin_cmp(v, w) <> 0
		OR vin_hash(v) <> vin_hash(w) THEN
		RETURN 'FAIL: text round trip of ' || quote_literal(out);
	END IF;
	IF length(out) <> 17 OR NOT vin_is_well_formed(out) THEN
		RETURN 'FAIL: output ' || quote_literal(out) || ' is not well formed';
	END IF;
	BEGIN
		w := fz.vin_recv(vin_send(v));
	EXCEPTION WHEN OTHERS THEN
		RETURN 'FAIL: send output of ' || quote_literal(out) || ' not received: ' || SQLERRM;
	END;
	IF w IS DISTINCT FROM v THEN
		RETURN 'FAIL: binary round trip of ' || quote_literal(out);
	END IF;
	RETURN 'ok';
END
$$;

-- The plate functions on arbitrary text: never an error; cn_plate_is_valid
-- exactly when cn_plate_normalize gives a value, which is a fixed point
-- and has the same facts; no problems exactly when valid.
CREATE FUNCTION fz.plate_text_functions(t text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	n text;
	st text;
	msg text;
BEGIN
	n := cn_plate_normalize(t);
	IF cn_plate_is_valid(t) IS DISTINCT FROM (n IS NOT NULL) THEN
		RETURN 'FAIL: cn_plate_is_valid disagrees with cn_plate_normalize on ' || quote_literal(left(t, 100));
	END IF;
	IF (SELECT count(*) FROM cn_plate_problems(t)) = 0 IS DISTINCT FROM (n IS NOT NULL) THEN
		RETURN 'FAIL: cn_plate_problems disagrees with cn_plate_is_valid on ' || quote_literal(left(t, 100));
	END IF;
	IF n IS NOT NULL AND (cn_plate_normalize(n) IS DISTINCT FROM n
		OR cn_plate_province(n) IS DISTINCT FROM cn_plate_province(t)
		OR cn_plate_province_abbr(n) IS DISTINCT FROM cn_plate_province_abbr(t)
		OR cn_plate_authority(n) IS DISTINCT FROM cn_plate_authority(t)
		OR cn_plate_kind(n) IS DISTINCT FROM cn_plate_kind(t)
		OR cn_plate_energy(n) IS DISTINCT FROM cn_plate_energy(t)) THEN
		RETURN 'FAIL: the normalized plate ' || quote_literal(n) || ' differs from ' || quote_literal(left(t, 100));
	END IF;
	IF n IS NULL AND (cn_plate_province(t) IS NOT NULL OR cn_plate_kind(t) IS NOT NULL
		OR cn_plate_province_abbr(t) IS NOT NULL OR cn_plate_authority(t) IS NOT NULL
		OR cn_plate_energy(t) IS NOT NULL) THEN
		RETURN 'FAIL: facts of the invalid plate ' || quote_literal(left(t, 100));
	END IF;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	RETURN 'FAIL: plate functions raised ' || st || ': ' || left(msg, 200);
END
$$;

-- The plate functions on random text of the database's own encoding, for
-- the EUC_CN and WIN1252 databases of test/asan/run.sh: ASCII, plate
-- characters, and any other character the encoding has, Unicode-less ones
-- included (EUC_CN pairs without a mapping, WIN1252's 0x81), sometimes
-- past the 1024 bytes of one conversion piece.  Rows for failures only.
CREATE FUNCTION fz.plate_encoding_pass(n int) RETURNS TABLE (input text, result text)
LANGUAGE plpgsql AS $$
DECLARE
	enc name := getdatabaseencoding();
	-- in EUC_CN: jing, yue, shi, ying ji, xue; the middle dot of EUC_CN
	plate_chars text[] := CASE WHEN enc = 'EUC_CN'
		THEN ARRAY['bea9', 'd4c1', 'cab9', 'd3a6bcb1', 'd1a7', 'a1a4']
		ELSE ARRAY['b7', 'e9'] END;
	b bytea;
	r text;
BEGIN
	FOR i IN 1..n LOOP
		b := ''::bytea;
		FOR j IN 1..(CASE WHEN random() < 0.03 THEN 300 + floor(random() * 900)::int
					 ELSE floor(random() * 12)::int END) LOOP
			b := b || CASE floor(random() * 5)
				WHEN 0 THEN set_byte('\x00'::bytea, 0, 32 + floor(random() * 95)::int)
				WHEN 1 THEN convert_to(substr('0123456789ABDXZ-. ', 1 + floor(random() * 18)::int, 1), enc)
				WHEN 2 THEN decode(plate_chars[1 + floor(random() * array_length(plate_chars, 1))::int], 'hex')
				ELSE CASE WHEN enc = 'EUC_CN'
					THEN set_byte(set_byte('\x0000'::bytea, 0, 161 + floor(random() * 94)::int),
								  1, 161 + floor(random() * 94)::int)
					ELSE set_byte('\x00'::bytea, 0, 128 + floor(random() * 128)::int) END
				END;
		END LOOP;
		r := fz.plate_text_functions(convert_from(b, enc));
		IF r <> 'ok' THEN
			input := encode(b, 'hex');
			result := r;
			RETURN NEXT;
		END IF;
	END LOOP;
END
$$;

-- Functions on arbitrary text: they may reject it, but only cleanly.
CREATE FUNCTION fz.vin_text_functions(t text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	st text;
	msg text;
	r vin;
BEGIN
	PERFORM vin_is_well_formed(t), vin_check_digit(t), vin_is_valid(t),
		vin_is_valid(t, 'north_america'), vin_normalize(t);
	PERFORM count(*) FROM vin_problems(t);
	-- a masked or truncated VIN's pattern is 17 positions with a shape
	IF vin_mask_pattern(t) IS NOT NULL AND
		(length(vin_mask_pattern(t)) <> 17 OR vin_mask_shape(t) IS NULL OR
		 vin_mask_pattern(t) !~ '^[0-9A-HJ-NPR-Z*]{17}$') THEN
		RETURN 'FAIL: vin_mask_pattern: ' || vin_mask_pattern(t);
	END IF;
	r := vin_repair(t);
	IF r IS NOT NULL AND fz.vin_valid(r) <> 'ok' THEN
		RETURN 'FAIL: vin_repair: ' || fz.vin_valid(r);
	END IF;
	BEGIN
		r := vin_with_check_digit(t);
		IF fz.vin_valid(r) <> 'ok' THEN
			RETURN 'FAIL: vin_with_check_digit: ' || fz.vin_valid(r);
		END IF;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		IF fz.rejected(st, msg) LIKE 'FAIL%' THEN
			RETURN 'vin_with_check_digit ' || fz.rejected(st, msg);
		END IF;
	END;
	RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
	IF fz.rejected(st, msg) LIKE 'FAIL%' THEN
		RETURN 'text functions ' || fz.rejected(st, msg);
	END IF;
	RETURN 'ok';
END
$$;

-- Invariants of a valid summary: canonical output that re-parses to the same
-- text, binary round trip to the same bytes, merging with NULL and with
-- itself, and accessors that answer (or reject cleanly).
CREATE FUNCTION fz.rs_valid(s resale_summary) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	out text := s::text;
	b bytea := resale_summary_send(s);
	w resale_summary;
	st text;
	msg text;
BEGIN
	BEGIN
		w := out::resale_summary;
	EXCEPTION WHEN OTHERS THEN
		RETURN 'FAIL: output ' || quote_literal(left(out, 300)) || ' does not re-parse: ' || SQLERRM;
	END;
	IF w::text <> out OR resale_summary_send(w) <> b THEN
		RETURN 'FAIL: text round trip of ' || quote_literal(left(out, 300));
	END IF;
	BEGIN
		w := fz.rs_recv(b);
	EXCEPTION WHEN OTHERS THEN
		RETURN 'FAIL: send output of ' || quote_literal(left(out, 300)) || ' not received: ' || SQLERRM;
	END;
	IF w::text <> out OR resale_summary_send(w) <> b THEN
		RETURN 'FAIL: binary round trip of ' || quote_literal(left(out, 300));
	END IF;
	IF resale_summary_merge(s, NULL)::text <> out OR resale_summary_merge(NULL, s)::text <> out THEN
		RETURN 'FAIL: merge with NULL changed ' || quote_literal(left(out, 300));
	END IF;
	BEGIN
		PERFORM resale_summary_merge(s, s)::text, rollup(x)::text
		FROM (VALUES (s), (s), (NULL)) v(x);
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		IF fz.rejected(st, msg) LIKE 'FAIL%' THEN
			RETURN 'self-merge ' || fz.rejected(st, msg);
		END IF;
	END;
	BEGIN
		PERFORM registered_at(s), registered_by(s), insured_at(s), registration_count(s),
			first_resale_at(s), first_resale_kind(s), first_resale_seller(s),
			resale_odometer_km(s), first_known_odometer_at(s),
			first_known_odometer_km(s), resale_count(s),
			events_before_registration(s), resold_within(s, '30 days'),
			is_zero_mileage(s), is_zero_mileage(s, '1 hour', 0),
			zero_mileage_reason(s), zero_mileage_reason(s, '1 hour', 0),
			first_export_at(s), exports_tracked(s), exported_within(s, '1 hour');
		PERFORM resale_interval(s);
		-- a registrant only with a registration; the facts and the jsonb
		-- carry the accessor's value
		IF registered_by(s) IS NOT NULL AND registered_at(s) IS NULL THEN
			RETURN 'FAIL: registrant without registration in ' || quote_literal(left(out, 300));
		END IF;
		IF (resale_facts(s)).registered_by IS DISTINCT FROM registered_by(s)
			OR s::jsonb ->> 'registered_by' IS DISTINCT FROM registered_by(s) THEN
			RETURN 'FAIL: registered_by differs in resale_facts or jsonb of ' || quote_literal(left(out, 300));
		END IF;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		IF fz.rejected(st, msg) LIKE 'FAIL%' THEN
			RETURN 'accessor ' || fz.rejected(st, msg);
		END IF;
	END;
	RETURN 'ok';
END
$$;

CREATE FUNCTION fz.check(kind text, payload bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	v vin;
	s resale_summary;
	st text;
	msg text;
	r text;
BEGIN
	BEGIN
		CASE kind
			WHEN 'vin_text' THEN
				r := fz.vin_text_functions(convert_from(payload, 'UTF8'));
				IF r <> 'ok' THEN
					RETURN r;
				END IF;
				r := fz.plate_text_functions(convert_from(payload, 'UTF8'));
				IF r <> 'ok' THEN
					RETURN r;
				END IF;
				v := convert_from(payload, 'UTF8')::vin;
			WHEN 'vin_bin' THEN
				v := fz.vin_recv(payload);
			WHEN 'rs_text' THEN
				s := convert_from(payload, 'UTF8')::resale_summary;
			WHEN 'rs_bin' THEN
				s := fz.rs_recv(payload);
		END CASE;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		RETURN fz.rejected(st, msg);
	END;
	IF kind LIKE 'vin%' THEN
		RETURN fz.vin_valid(v);
	END IF;
	r := fz.rs_valid(s);
	IF r = 'ok' THEN
		INSERT INTO fz.pool (s) VALUES (s);
	END IF;
	RETURN r;
END
$$;

-- One batch in id order, so that a crash points at a prefix of it.
CREATE FUNCTION fz.run_cases() RETURNS TABLE (id int, kind text, result text)
LANGUAGE plpgsql AS $$
DECLARE
	c record;
BEGIN
	FOR c IN SELECT * FROM fz.cases ORDER BY cases.id LOOP
		id := c.id;
		kind := c.kind;
		result := translate(fz.check(c.kind, c.payload), E'\n\r', '  ');
		RETURN NEXT;
	END LOOP;
END
$$;

-- merge(a,b) = merge(b,a) and merge(merge(a,b),c) = merge(a,merge(b,c)),
-- compared by canonical text; an error on one side must be the same error
-- on the other (counts overflowing, 22003).  Merged values must themselves
-- be valid.
CREATE FUNCTION fz.merge3(a resale_summary, b resale_summary, c resale_summary)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	ab text;
	ba text;
	l text;
	r text;
	st text;
	msg text;
	chk text;
BEGIN
	BEGIN
		ab := resale_summary_merge(a, b)::text;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		ab := fz.rejected(st, msg);
	END;
	BEGIN
		ba := resale_summary_merge(b, a)::text;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		ba := fz.rejected(st, msg);
	END;
	IF ab IS DISTINCT FROM ba OR ab LIKE 'FAIL%' THEN
		RETURN 'FAIL: merge not symmetric (or failed): ' || left(coalesce(ab, 'NULL'), 200)
			|| ' vs ' || left(coalesce(ba, 'NULL'), 200);
	END IF;
	IF ab NOT LIKE 'err:%' THEN
		chk := fz.rs_valid(ab::resale_summary);
		IF chk <> 'ok' THEN
			RETURN 'merged value: ' || chk;
		END IF;
	END IF;
	BEGIN
		l := resale_summary_merge(resale_summary_merge(a, b), c)::text;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		l := fz.rejected(st, msg);
	END;
	BEGIN
		r := resale_summary_merge(a, resale_summary_merge(b, c))::text;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		r := fz.rejected(st, msg);
	END;
	IF l IS DISTINCT FROM r OR l LIKE 'FAIL%' THEN
		RETURN 'FAIL: merge not associative (or failed): ' || left(coalesce(l, 'NULL'), 200)
			|| ' vs ' || left(coalesce(r, 'NULL'), 200);
	END IF;
	RETURN CASE WHEN l LIKE 'err:%' THEN l ELSE 'ok' END;
END
$$;

-- Random triples from the pool (random() seeded by the caller), and rollup
-- of random subsets compared with the left fold of merge.
CREATE FUNCTION fz.merge_pass(n int) RETURNS TABLE (a int, b int, c int, result text)
LANGUAGE plpgsql AS $$
DECLARE
	size int := (SELECT count(*) FROM fz.pool);
	x resale_summary;
	y resale_summary;
	z resale_summary;
BEGIN
	FOR i IN 1..n LOOP
		a := 1 + floor(random() * size);
		b := 1 + floor(random() * size);
		c := 1 + floor(random() * size);
		SELECT s INTO x FROM fz.pool WHERE id = a;
		SELECT s INTO y FROM fz.pool WHERE id = b;
		SELECT s INTO z FROM fz.pool WHERE id = c;
		result := fz.merge3(x, y, z);
		RETURN NEXT;
	END LOOP;
END
$$;

-- The transition function on any valid summary as the state: adding one
-- event e to s must equal merging s with the summary of e alone.
CREATE FUNCTION fz.transfn_pass(n int) RETURNS TABLE (a int, event text, result text)
LANGUAGE plpgsql AS $$
DECLARE
	size int := (SELECT count(*) FROM fz.pool);
	x resale_summary;
	k vehicle_event;
	t timestamptz;
	km float8;
	seller text;
	l text;
	r text;
	st text;
	msg text;
BEGIN
	FOR i IN 1..n LOOP
		a := 1 + floor(random() * size);
		SELECT s INTO x FROM fz.pool WHERE id = a;
		k := (enum_range(NULL::vehicle_event))[1 + floor(random() * 5)];
		t := CASE floor(random() * 8)
			WHEN 0 THEN '-infinity' WHEN 1 THEN 'infinity'
			WHEN 2 THEN '4713-11-24 00:00:00+00 BC'
			ELSE timestamptz '2020-01-01' + floor(random() * 3000) * interval '1 hour' END;
		km := CASE floor(random() * 6)
			WHEN 0 THEN NULL WHEN 1 THEN 'NaN' WHEN 2 THEN -1
			ELSE round((random() * 1000)::numeric, 1) END;
		seller := CASE floor(random() * 4)
			WHEN 0 THEN NULL WHEN 1 THEN ''
			WHEN 2 THEN repeat('s"\', 1 + floor(random() * 800)::int)
			ELSE 'dealer ' || floor(random() * 5) END;
		event := format('%s/%s/%s/%s', k, t, km, left(seller, 20));
		BEGIN
			l := resale_agg_finalfn(resale_agg_transfn(x, k, t, km, seller))::text;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
			l := fz.rejected(st, msg);
		END;
		BEGIN
			r := resale_summary_merge(x, (SELECT resale_agg(k, t, km, seller)))::text;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
			r := fz.rejected(st, msg);
		END;
		result := CASE
			WHEN l IS DISTINCT FROM r OR l LIKE 'FAIL%' THEN
				'FAIL: transfn ' || left(coalesce(l, 'NULL'), 200) || ' vs merge ' || left(coalesce(r, 'NULL'), 200)
			WHEN l LIKE 'err:%' THEN l
			ELSE 'ok' END;
		RETURN NEXT;
	END LOOP;
END
$$;

-- Seed summaries: deterministic event sets (random() seeded by the caller),
-- with a few huge sellers so that some stored summaries are toasted, and
-- the check that splitting a group and merging the halves changes nothing.
CREATE FUNCTION fz.make_seeds(vehicles int) RETURNS TABLE (vehicle int, result text)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
	CREATE TABLE fz.events AS
	SELECT g AS vehicle, i,
		(enum_range(NULL::vehicle_event))[1 + floor(random() * 5)] AS kind,
		CASE WHEN random() < 0.03 THEN '-infinity'
			WHEN random() < 0.03 THEN 'infinity'
			ELSE timestamptz '2020-01-01' + floor(random() * 60) * interval '1 day' END AS at,
		CASE WHEN random() < 0.3 THEN NULL
			ELSE round((random() * 500)::numeric, 1)::float8 END AS km,
		CASE WHEN random() < 0.3 THEN NULL
			WHEN random() < 0.05 THEN repeat('big seller ', 1000)
			ELSE 'dealer ' || floor(random() * 10) || CASE WHEN random() < 0.2 THEN ' "q\' ELSE '' END END AS seller
	FROM generate_series(1, vehicles) g, generate_series(1, 1 + g % 15) i;
	CREATE TABLE fz.seeds AS
	SELECT e.vehicle, resale_agg(kind, at, km, seller ORDER BY i) AS s,
		resale_agg(kind, at, km, seller) FILTER (WHERE i % 2 = 0) AS even,
		resale_agg(kind, at, km, seller) FILTER (WHERE i % 2 = 1) AS odd,
		resale_agg(kind, at, km ORDER BY i DESC) AS no_seller
	FROM fz.events e GROUP BY e.vehicle;
	-- the same groups again from stored (toasted where large) summaries
	RETURN QUERY
	SELECT d.vehicle, CASE
		WHEN resale_summary_merge(d.even, d.odd)::text IS DISTINCT FROM d.s::text
			THEN 'FAIL: merge of the halves differs from the whole'
		WHEN (SELECT rollup(x) FROM (VALUES (d.odd), (d.even)) v(x))::text IS DISTINCT FROM d.s::text
			THEN 'FAIL: rollup of the halves differs from the whole'
		ELSE 'ok' END
	FROM fz.seeds d ORDER BY d.vehicle;
	RETURN QUERY
	SELECT -1, CASE WHEN (SELECT rollup(s)::text FROM fz.seeds)
			IS DISTINCT FROM (SELECT resale_agg(kind, at, km, seller)::text FROM fz.events)
		THEN 'FAIL: rollup of all stored summaries differs from one aggregate'
		ELSE 'ok' END;
	-- the transition and final functions on stored summaries, passed as they
	-- are on disk (compressed or out of line when large)
	RETURN QUERY
	SELECT -3, CASE WHEN count(*) FILTER (WHERE
			resale_agg_finalfn(resale_agg_transfn(s, 'listing', '2020-01-02', 1, 'x'))::text
			IS DISTINCT FROM resale_summary_merge(s,
				(SELECT resale_agg('listing', '2020-01-02', 1, 'x')))::text
			OR resale_agg_finalfn(s)::text IS DISTINCT FROM s::text
			OR resale_agg_finalfn(resale_agg_transfn(s, NULL, NULL, NULL))::text
				IS DISTINCT FROM s::text) > 0
		THEN 'FAIL: transition or final function on stored summaries'
		ELSE 'ok' END
	FROM fz.seeds;
	-- a window aggregate goes on with the state after the final function
	RETURN QUERY
	SELECT -2, CASE WHEN count(*) FILTER (WHERE w::text IS DISTINCT FROM p::text) > 0
		THEN 'FAIL: running resale_agg differs from the aggregate of the prefix'
		ELSE 'ok' END
	FROM (SELECT vehicle, i,
			resale_agg(kind, at, km, seller) OVER (PARTITION BY vehicle ORDER BY i) AS w,
			(SELECT resale_agg(kind, at, km, seller) FROM fz.events f
			 WHERE f.vehicle = e.vehicle AND f.i <= e.i) AS p
		FROM fz.events e WHERE vehicle <= 60) q;
END
$$;
