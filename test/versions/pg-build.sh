#!/usr/bin/env bash
# Builds PostgreSQL MAJOR (18) and pgTAP from Debian's source packages
# into the private prefix $ZEROMILE_CACHE/pgMAJOR, unless the build there is
# already that of the current source packages.  Prints timed progress.
# For a major tested on Debian's binary packages in a chroot (17), makes
# that chroot instead (test/versions/pg-chroot.sh).
#   bash test/versions/pg-build.sh 18
#   bash test/versions/pg-build.sh --prefix 18   only print the prefix (a chroot's
#                                       server's, whose programs do not run
#                                       outside it, for 17)
# See doc/versions.md.
set -euo pipefail
. "$(dirname "$0")/../lib/pg-lib.sh"

if [ "${1:-}" = --prefix ]; then
	if zm_chroot_suite_of "$2" >/dev/null; then
		echo "$(zm_chroot_dir "$2")/root/usr/lib/postgresql/$2"
	else
		echo "$(zm_cache)/pg$2"
	fi
	exit 0
fi
[ $# -eq 1 ] || zm_die "usage: $0 MAJOR"
[ "$1" = 15 ] && exit 0 # bookworm's package: test/lib/setup-deps.sh
zm_chroot_suite_of "$1" >/dev/null && exec bash "$(dirname "$0")/pg-chroot.sh" "$1"
# (not "|| rc=$?": that would turn errexit off inside)
set +e
(
	set -e
	zm_ensure_build "$1"
)
rc=$?
set -e
if [ $rc -eq "$ZM_UNAVAILABLE" ]; then
	ZM_LOG_TAG=$1 zm_log "no server to test; bash test/versions/compile-check.sh $1 compiles zeromile against its headers (make test-all does)"
fi
exit $rc
