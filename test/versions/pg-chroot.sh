#!/usr/bin/env bash
# PostgreSQL MAJOR (17, 19) as Debian ships it: its binary packages in a
# chroot of the suite that has them (trixie; sid with 19 from experimental,
# pgTAP built there from sid's source package), made by mmdebstrap into the cache
# unless the one there matches the recipe and the suite's current packages
# (test/lib/pg-lib.sh, zm_chroot_ensure).  Prints timed progress.  See
# doc/versions.md.
#   bash test/versions/pg-chroot.sh 17             make (or check) the chroot
#   bash test/versions/pg-chroot.sh 17 --suites    make test PG=17: zeromile built with
#                                         -Werror and installed in the chroot,
#                                         the suites in a pg_virtualenv cluster
#   bash test/versions/pg-chroot.sh 17 --bench     make bench PG=17
#   bash test/versions/pg-chroot.sh 17 --run CMD…  CMD in the chroot, the work tree's
#                                         copy at /build (e.g. --run bash)
# Each run works on an overlay of the chroot, in namespaces of its own: the
# cached chroot never changes, and nothing is left mounted or running.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib/pg-lib.sh

# Inside the chroot (run by the modes below): /build is the copy.
if [ "${1:-}" = --inside ]; then
	v=$2
	pgc=/usr/lib/postgresql/$v/bin/pg_config
	zm_log "building zeromile with $pgc (PostgreSQL $($pgc --version | sed 's/^PostgreSQL //'), Debian's package)${4:+ ($4)}"
	case $3 in
	suites)
		if ! make -s --no-print-directory PG_CONFIG="$pgc" PG_CFLAGS=-Werror all >&2; then
			echo "suites: 0 passed, 1 failed"
			echo "FAILED: zeromile does not build against PostgreSQL $v"
			exit 1
		fi
		make -s --no-print-directory PG_CONFIG="$pgc" install >/dev/null
		zm_log "running the suites in a throwaway PostgreSQL $v cluster (pg_virtualenv)"
		exec pg_virtualenv -t -v "$v" bash test/run-suites.sh
		;;
	bench)
		make -s --no-print-directory PG_CONFIG="$pgc" all >&2
		make -s --no-print-directory PG_CONFIG="$pgc" install >/dev/null
		PG=$v exec bash bench/run.sh
		;;
	esac
	zm_die "unknown inside mode $3"
fi

[ $# -ge 1 ] || zm_die "usage: $0 MAJOR [--suites | --bench | --run command...]"
v=$1
shift
ZM_LOG_TAG=$v
zm_chroot_suite_of "$v" >/dev/null || zm_die "PostgreSQL $v is not tested in a chroot"
# (not "|| rc=$?": that would turn errexit off inside)
set +e
(
	set -e
	zm_chroot_ensure "$v"
)
rc=$?
set -e
if [ $rc -eq "$ZM_UNAVAILABLE" ]; then
	zm_log "no server to test; bash test/versions/compile-check.sh $v compiles zeromile against its headers (make test-all does)"
fi
[ $rc -eq 0 ] || exit $rc

case ${1:-} in
'') exit 0 ;;
--suites) set -- bash test/versions/pg-chroot.sh --inside "$v" suites PG_CFLAGS=-Werror ;;
--bench) set -- bash test/versions/pg-chroot.sh --inside "$v" bench ;;
--run)
	shift
	[ $# -ge 1 ] || zm_die "--run needs a command"
	;;
*) zm_die "unknown option $1" ;;
esac
zm_log "in the chroot $(zm_chroot_dir "$v")/root ($(sed -n 2p "$(zm_chroot_dir "$v")/stamp"))"
zm_chroot_run "$v" "$@"
