#!/usr/bin/env bash
# Runs every test suite against a throwaway cluster of PostgreSQL $PG
# (default 15).  Called by "make test" / "make test PG=18".
#
# 15: the extension is already built and installed into bookworm's server by
# make; pg_virtualenv makes the cluster and removes it however the suites
# end.  17 (19): Debian's own package, in a trixie (sid) chroot made first if not
# cached; zeromile is built with -Werror and installed in an overlay of it,
# and the suites run there under pg_virtualenv (test/versions/pg-chroot.sh).  18: the
# private server is built first if not cached (test/versions/pg-build.sh), zeromile
# is built with -Werror in a copy of the tree and installed into that
# server's prefix, and the suites run there, in a throwaway cluster of that
# server (test/versions/pg-cluster.sh).  doc/versions.md.
#
#   bash test/run-tests.sh           the suites
#   bash test/run-tests.sh --bench   make bench PG=N: the benchmarks instead
set -euo pipefail
cd "$(dirname "$0")/.."
pg=${PG:-15}
mode=${1:-suites}

if [ "$pg" = 15 ]; then
	[ "$mode" = --bench ] && exec bash bench/run.sh
	exec pg_virtualenv -t -v 15 bash test/run-suites.sh
fi

. test/lib/pg-lib.sh
ZM_LOG_TAG=$pg
if zm_chroot_suite_of "$pg" >/dev/null; then
	[ "$mode" = --bench ] && exec bash test/versions/pg-chroot.sh "$pg" --bench
	exec bash test/versions/pg-chroot.sh "$pg" --suites
fi
bash test/versions/pg-build.sh "$pg"

# One run at a time installs into and tests a given prefix.
cache=$(zm_cache)
exec 9>"$cache/pg$pg.use.lock"
if ! flock -n 9; then
	zm_log "waiting for another run using $cache/pg$pg"
	flock 9
fi

if [ "$mode" = --bench ]; then
	build=$(zm_build_zeromile "$pg")
	rm -rf "$build"
	PG=$pg exec bash bench/run.sh
fi

build=$(zm_build_zeromile "$pg" PG_CFLAGS=-Werror) || {
	echo "suites: 0 passed, 1 failed"
	echo "FAILED: zeromile does not build against PostgreSQL $pg"
	exit 1
}
trap 'rm -rf "$build"' EXIT
zm_log "running the suites in a throwaway PostgreSQL $pg cluster"
rc=0
zm_with_cluster "$pg" bash "$build/test/run-suites.sh" || rc=$?
exit $rc
