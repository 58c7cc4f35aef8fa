#!/usr/bin/env bash
# The suites, run inside pg_virtualenv (PGHOST, PGPORT, PGUSER are set).
# Runs them all, prints what failed, and exits non-zero if anything did.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
suites=0

suite() {
	suites=$((suites + 1))
	echo "== $1 =="
}

suite "META.json"
if ! perl test/dist/meta-check.pl; then
	failed+=("META.json")
fi

suite "validator core (no PostgreSQL)"
if ! make --no-print-directory -s core-test; then
	failed+=("core")
fi

suite "pg_regress (installcheck)"
if ! make --no-print-directory installcheck; then
	for f in regression.diffs output_iso/regression.diffs; do
		[ -s "$f" ] && { echo "---- $f ----"; cat "$f"; }
	done
	failed+=("pg_regress")
fi

suite "server encodings: the plate functions in EUC_CN, LATIN1, WIN1252, SQL_ASCII, MULE_INTERNAL databases"
if ! bash test/encodings/run.sh; then
	failed+=("encodings")
fi

suite "pgTAP (pg_prove)"
db=zeromile_tap
dropdb --if-exists "$db" >/dev/null
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" \
	-c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION zeromile'
if ! pg_prove -d "$db" --ext .sql -r test/pgtap; then
	failed+=("pgTAP")
fi

suite "pgTAP, zeromile installed off the search_path"
db=zeromile_tap_schema
dropdb --if-exists "$db" >/dev/null
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION pgtap' \
	-c 'CREATE SCHEMA zm' -c 'CREATE EXTENSION zeromile SCHEMA zm'
if ! pg_prove -d "$db" --ext .sql -r test/pgtap-schema; then
	failed+=("pgTAP (schema)")
fi

suite "pg_dump/pg_restore round trip"
if ! bash test/dump-restore/run.sh; then
	failed+=("dump/restore")
fi

suite "registry cache: pg_restore and ALTER EXTENSION UPDATE under an open session"
if ! bash test/registry-cache/run.sh; then
	failed+=("registry cache")
fi

suite "data/vpic-import.sh, offline, with a fake vPIC package"
if ! bash test/vpic-import/run.sh; then
	failed+=("vpic import")
fi

suite "registry cache on a logical replication subscriber"
if ! bash test/replication/run.sh; then
	failed+=("replication")
fi

suite "upgrade from each released version"
if ! bash test/upgrade/run.sh; then
	failed+=("upgrade")
fi

suite "trusted install: every feature as roles that are not superusers"
if ! bash test/trusted/run.sh; then
	failed+=("trusted")
fi

suite "docs: every SQL example of README.md and doc/*.md, its output compared"
if ! bash test/docs/run.sh; then
	failed+=("docs")
fi

echo "suites: $((suites - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -ne 0 ]; then
	echo "FAILED: ${failed[*]}"
	exit 1
fi
