#!/usr/bin/env bash
# Every SQL example of README.md and doc/*.md, run in order, each file in a
# fresh database, with the output the docs show compared (mdsql.py; the
# rules are in test/docs/README.md).  Run inside a cluster (PGHOST etc.
# set), as the other suites are.  First the harness is shown to fail on
# broken examples (selftest/), so that a green run means something.
set -uo pipefail
cd "$(dirname "$0")/../.."
checks_name=docs
. test/lib/checks.sh

# run_md FILE: FILE's examples in a database of their own
run_md() {
	local db
	db="zeromile_docs_$(basename "$1" .md | tr -c 'a-zA-Z0-9\n' _)"
	dropdb --if-exists "$db" >/dev/null 2>&1
	createdb "$db" || return 1
	python3 test/docs/mdsql.py "$1" -d "$db"
	local rc=$?
	dropdb --if-exists "$db" >/dev/null 2>&1
	return $rc
}

# fails FILE: the harness must refuse FILE (its output is kept quiet)
fails() {
	local out
	if out=$(run_md "$1" 2>&1); then
		echo "$out"
		return 1
	fi
	return 0
}

check "harness: a sound example passes" run_md test/docs/selftest/sound.md
for f in test/docs/selftest/broken-*.md; do
	check "harness: $(basename "$f" .md) makes it fail" fails "$f"
done

for f in README.md doc/*.md; do
	grep -q '^```sql' "$f" || continue
	check "$f" run_md "$f"
done
# doc/demo.md's sample output is what make demo prints: the demo run at
# its default scale and seed (about 15 s on 2 cores), on 15 only, as the
# sample says.
demo_sample() {
	local out rc=0
	out=$(mktemp)
	PGOPTIONS="-c max_parallel_workers_per_gather=0" ZEROMILE_DEMO_INNER=1 \
		bash demo/run.sh >"$out" 2>&1 || { cat "$out"; rc=1; }
	[ $rc -eq 0 ] && { python3 test/docs/sample.py doc/demo.md \
		"## Sample output (seed 20250527, 120,000 vehicles; abridged)" "$out" || rc=1; }
	rm -f "$out"
	dropdb --if-exists zeromile_demo >/dev/null 2>&1
	return $rc
}
if [ "$(psql -X -At -d postgres -c 'SHOW server_version_num')" -lt 160000 ]; then
	check "doc/demo.md: the sample output is what make demo prints" demo_sample
fi
finish
