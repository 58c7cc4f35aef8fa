#!/usr/bin/env bash
# make test-deb-all: make test-deb for every major of the matrix
# (ZM_VERSIONS, test/lib/pg-lib.sh) in turn: 15 on this machine, the majors
# with a Debian chroot (17, 19) built and tested in it, and 18 in sid's
# (19's) over a layer with sid's postgresql-18.  A major without a package
# or whose chroot cannot be had is skipped, saying why.  Prints each major's closing line and time again at
# the end, then "debs: N passed, N failed, N skipped"; exits non-zero if
# one failed.  DEB_MAJORS="17 19" runs those only.  doc/packaging.md.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/lib/pg-lib.sh

started=$SECONDS
passed=0
failed=0
skipped=0
summary=()
log=$(mktemp)
trap 'rm -f "$log"' EXIT

read -r -a majors <<<"${DEB_MAJORS:-${ZM_VERSIONS[*]}}"
for v in "${majors[@]}"; do
	echo "======== postgresql-$v-zeromile ($(date -u +%H:%M:%S)) ========"
	t0=$SECONDS
	bash test/deb/run.sh "$v" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	closing=$(grep -E "^deb $v: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)
	if [ $rc -eq 4 ] && [ -z "$closing" ]; then
		skipped=$((skipped + 1))
		summary+=("deb $v: skipped, no Debian package of PostgreSQL $v's server here (see above)")
	elif [ $rc -eq "$ZM_UNAVAILABLE" ] && [ -z "$closing" ]; then
		skipped=$((skipped + 1))
		summary+=("deb $v: skipped, its chroot could not be made (see above)")
	elif [ $rc -eq 0 ] && [ -n "$closing" ]; then
		passed=$((passed + 1))
		summary+=("$closing ($((SECONDS - t0)) s)")
	else
		failed=$((failed + 1))
		summary+=("${closing:-deb $v: no closing line, exited $rc} ($((SECONDS - t0)) s)")
	fi
done

echo "======== summary ($((SECONDS - started)) s) ========"
printf '%s\n' "${summary[@]}"
echo "debs: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
