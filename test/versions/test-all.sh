#!/usr/bin/env bash
# make test-all: make test against every PostgreSQL major of the matrix in
# turn (15: bookworm's package; 17: Debian's package in a trixie chroot; 18:
# a private build; 19: experimental's package in a sid chroot; made first
# if not cached), then the cross-version
# dump/restore (test/cross-version/run.sh), part of 18's verdict.
# Prints each version's closing line again at the end, and
# "versions: N passed, N failed" (", N skipped" when the server of a major
# cannot be had at all, its source package or chroot not downloadable: then
# zeromile is only compiled against its headers, test/versions/compile-check.sh, and
# a failure there counts);
# exits non-zero if anything failed.
# doc/versions.md.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
. test/lib/pg-lib.sh

started=$SECONDS
passed=0
failed=0
skipped=0
summary=()
ok15=0
ok18=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for v in "${ZM_VERSIONS[@]}"; do
	echo "======== PostgreSQL $v ========"
	t0=$SECONDS
	if [ "$v" != 15 ]; then
		bash test/versions/pg-build.sh "$v"
		rc=$?
		if [ $rc -eq "$ZM_UNAVAILABLE" ]; then
			# No server to test, but the headers of Debian's binary
			# package still show whether zeromile builds against it.
			echo "PostgreSQL $v: no server to be had; compiling against its headers instead"
			bash test/versions/compile-check.sh "$v" 2>&1 | tee "$log"
			rc=${PIPESTATUS[0]}
			closing=$(grep -E '^compile-check: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
			if [ $rc -eq 0 ] || [ $rc -eq "$ZM_UNAVAILABLE" ]; then
				skipped=$((skipped + 1))
				summary+=("PostgreSQL $v: skipped, its server could not be downloaded; ${closing:-no headers either}")
			else
				failed=$((failed + 1))
				summary+=("PostgreSQL $v: ${closing:-compile-check exited $rc} (against its headers; no server)")
			fi
			continue
		elif [ $rc -ne 0 ]; then
			failed=$((failed + 1))
			summary+=("PostgreSQL $v: the server did not build (see above)")
			continue
		fi
	fi
	make --no-print-directory test PG="$v" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	closing=$(grep -E '^suites: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ $rc -eq 0 ] && [ -n "$closing" ]; then
		passed=$((passed + 1))
		[ "$v" = 15 ] && ok15=1
		[ "$v" = 18 ] && ok18=1
	else
		failed=$((failed + 1))
	fi
	summary+=("PostgreSQL $v: ${closing:-no closing line, make test exited $rc} ($((SECONDS - t0)) s)")
done

# The cross-version check belongs to 18's verdict: restoring a dump from 15
# is how users reach it.
echo "======== cross-version: dump on 15, restore into 18 ========"
if [ $ok15 = 1 ] && [ $ok18 = 1 ]; then
	bash test/cross-version/run.sh 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	closing=$(grep -E '^cross-version: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		passed=$((passed - 1))
		failed=$((failed + 1))
	fi
	summary+=("${closing:-cross-version: no closing line, exited $rc}")
else
	echo "not run: needs PostgreSQL 15 and 18 both passed"
	summary+=("cross-version: not run (needs PostgreSQL 15 and 18 both passed)")
fi

echo "======== summary ($((SECONDS - started)) s) ========"
printf '%s\n' "${summary[@]}"
echo "versions: $passed passed, $failed failed${skipped:+$([ $skipped -gt 0 ] && echo ", $skipped skipped")}"
[ $failed -eq 0 ]
