#!/usr/bin/env bash
# make bench: every bench/*.sql (but lib.sql) on one throwaway cluster, in
# name order, each in its own database.  Each prints its own side-by-side
# table of ratios; absolute times are shown but only ratios are quoted.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ] || [ -z "${ZEROMILE_BENCH_INNER:-}" ]; then
	export ZEROMILE_BENCH_INNER=1
	# PG=18 (make bench PG=18): the private server's throwaway cluster
	# (test/versions/pg-cluster.sh takes pg_virtualenv's -o options); PG=17: run in
	# its chroot (test/versions/pg-chroot.sh), where the server is Debian's package.
	cluster=(pg_virtualenv -t -v "${PG:-15}")
	[ "${PG:-15}" = 15 ] || [ -n "${ZM_IN_CHROOT:-}" ] || cluster=(bash test/versions/pg-cluster.sh "$PG")
	exec "${cluster[@]}" -o shared_buffers=1GB -o work_mem=256MB \
		-o maintenance_work_mem=1GB -o max_parallel_workers_per_gather=0 \
		-o jit=off -o max_wal_size=8GB -o checkpoint_timeout=30min \
		-o synchronous_commit=off bash "$0" "$@"
fi
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
	mapfile -t files < <(ls bench/*.sql | grep -v '/lib.sql$' | sort)
fi
for f in "${files[@]}"; do
	db="bench_$(basename "$f" .sql)"
	dropdb --if-exists "$db" >/dev/null
	createdb "$db"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION zeromile' -f bench/lib.sql
	echo "==== $f ===="
	psql -X -q -v ON_ERROR_STOP=1 -P pager=off -d "$db" -f "$f"
	dropdb "$db"
done
