-- Timing helpers for the benchmarks (loaded into each bench database).
--
-- bench_time(group, label, query, runs) runs query `runs` times after one
-- warm-up and records the median wall time; bench_report(group, baseline)
-- prints each label's median and its ratio to the baseline label.  Queries
-- should wrap their work in count(*) or similar so no rows are shipped.
CREATE TABLE bench_result (
	grp text NOT NULL,
	label text NOT NULL,
	ms double precision NOT NULL,
	seq serial
);

-- Every timed run of bench_compare, by round, for the per-round ratios
CREATE TABLE bench_round (
	grp text NOT NULL,
	label text NOT NULL,
	round int NOT NULL,
	ms double precision NOT NULL
);

CREATE FUNCTION bench_time(grp text, label text, query text, runs int DEFAULT 5)
RETURNS double precision
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	times double precision[] := '{}';
	med double precision;
BEGIN
	EXECUTE query;				-- warm-up: caches, hint bits
	FOR i IN 1..runs LOOP
		t0 := clock_timestamp();
		EXECUTE query;
		times := times || (extract(epoch FROM clock_timestamp() - t0) * 1000)::double precision;
	END LOOP;
	SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) INTO med FROM unnest(times) x;
	INSERT INTO bench_result(grp, label, ms) VALUES (grp, label, med);
	RETURN med;
END
$$;

-- ratio is median / baseline median.  For groups timed by bench_compare,
-- each round also gives a ratio of its own (the label's run over the
-- baseline's run of the same round, taken moments apart): round_ratio is
-- their median and round_range their least and greatest, which shows how
-- much the machine's load moved the figures during the run.
CREATE FUNCTION bench_report(grp text, baseline text)
RETURNS TABLE (label text, median_ms numeric, ratio numeric,
			   round_ratio numeric, round_range text)
LANGUAGE sql AS $$
	SELECT r.label, round(r.ms::numeric, 1),
		   round((r.ms / b.ms)::numeric, 2),
		   round(q.med::numeric, 2),
		   round(q.lo::numeric, 2) || ' - ' || round(q.hi::numeric, 2)
	FROM bench_result r
	JOIN bench_result b ON b.grp = r.grp AND b.label = bench_report.baseline
	LEFT JOIN LATERAL (
		SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x.ms / y.ms) AS med,
			   min(x.ms / y.ms) AS lo, max(x.ms / y.ms) AS hi
		FROM bench_round x
		JOIN bench_round y ON y.grp = x.grp AND y.round = x.round
			AND y.label = bench_report.baseline
		WHERE x.grp = r.grp AND x.label = r.label
		HAVING count(*) > 0
	) q ON true
	WHERE r.grp = bench_report.grp
	ORDER BY r.seq
$$;

-- bench_compare(group, labels, queries, runs) times several queries
-- interleaved, round by round, so that drift in the machine's load (these
-- machines are shared) falls on every variant alike, and records each
-- one's median and every round's time.  Prefer it to consecutive bench_time calls when the
-- variants are meant to be compared with each other.
CREATE FUNCTION bench_compare(grp text, labels text[], queries text[], runs int DEFAULT 5)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	n int := array_length(labels, 1);
	t0 timestamptz;
	times double precision[] := array_fill(NULL::double precision, ARRAY[n, runs]);
	med double precision;
BEGIN
	IF n IS NULL OR n <> array_length(queries, 1) THEN
		RAISE EXCEPTION 'bench_compare needs as many labels as queries';
	END IF;
	FOR q IN 1..n LOOP
		EXECUTE queries[q];		-- warm-up
	END LOOP;
	FOR r IN 1..runs LOOP
		FOR q IN 1..n LOOP
			t0 := clock_timestamp();
			EXECUTE queries[q];
			times[q][r] := extract(epoch FROM clock_timestamp() - t0) * 1000;
			INSERT INTO bench_round(grp, label, round, ms)
			VALUES (grp, labels[q], r, times[q][r]);
		END LOOP;
	END LOOP;
	FOR q IN 1..n LOOP
		SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) INTO med
		FROM unnest(times[q:q][1:runs]) x;
		INSERT INTO bench_result(grp, label, ms) VALUES (grp, labels[q], med);
	END LOOP;
END
$$;
