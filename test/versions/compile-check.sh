#!/usr/bin/env bash
# Compile-only check of zeromile against the server headers of PostgreSQL
# MAJOR, for a major whose source package apt cannot download (so that
# make test PG=MAJOR cannot run): the headers come from Debian's binary
# package postgresql-server-dev-MAJOR (trixie; experimental for 19), fetched with apt through a
# private state like test/versions/pg-build.sh's and unpacked into the cache (its
# programs need a newer glibc and are not run).  Every src/*.c is compiled
# with -Werror and the warning flags of a PostgreSQL build; nothing is
# linked, loaded or tested.  Ends with "compile-check: N passed, N failed".
#   bash test/versions/compile-check.sh 17
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib/pg-lib.sh
[ $# -eq 1 ] || zm_die "usage: $0 MAJOR"
v=$1
ZM_LOG_TAG=$v
suite=$(zm_suite_of "$v") || zm_die "no recipe for PostgreSQL $v"
cache=$(zm_cache)
a=$cache/apt-bin
dev=$cache/dev$v
pkg=postgresql-server-dev-$v
mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/debs"

apt_bin() {
	apt-get -q -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User="$(id -un)" "$@"
}

exec 8>"$cache/dev$v.lock"
flock 8
# (one state for every major: another major's suite makes the lists stale)
printf 'deb %s %s main\n' "$(zm_mirror)" "$suite" | zm_apt_sources "$a"
if [ -z "$(find "$a/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null)" ]; then
	zm_log "apt-get update (deb $suite, private lists in $a)"
	apt_bin update >"$a/update.log" 2>&1 || [ -f "$dev/.zeromile-headers" ] ||
		{ cat "$a/update.log" >&2; zm_unavailable "apt-get update failed"; }
fi
uri=$(apt_bin download --print-uris "$pkg" 2>/dev/null | awk -F"'" '/^'"'"'/ { print $3 }' | awk '{ print $1 }')
if [ -n "$uri" ] && [ "$(cat "$dev/.zeromile-headers" 2>/dev/null)" != "$uri" ]; then
	zm_log "apt-get download $pkg"
	rm -rf "$dev" "${a:?}/debs/"*
	(cd "$a/debs" && apt_bin download "$pkg") >"$a/download.log" 2>&1 ||
		{ cat "$a/download.log" >&2; zm_unavailable "could not download $pkg"; }
	dpkg-deb -x "$a/debs/$uri" "$dev"
	echo "$uri" >"$dev/.zeromile-headers"
fi
[ -f "$dev/.zeromile-headers" ] || zm_unavailable "apt knows no package $pkg in $suite"
inc=$dev/usr/include/postgresql/$v/server
version=$(sed -n 's/^#define PG_VERSION_NUM \([0-9]*\)$/\1/p' "$inc/pg_config.h")

# The flags of a PostgreSQL build with this machine's compiler: the private
# 18's when there is one, else bookworm's 15.
pgc=$(zm_bindir 18)/pg_config
[ -x "$pgc" ] || pgc=/usr/lib/postgresql/15/bin/pg_config
read -r -a cflags <<<"$("$pgc" --cflags) $("$pgc" --cflags_sl) $("$pgc" --cppflags)"

zm_log "compiling src/*.c with -Werror against $pkg ($(cat "$dev/.zeromile-headers"), PG_VERSION_NUM $version)"
passed=0
failed=0
for f in src/*.c; do
	if gcc "${cflags[@]}" -Werror -Isrc -I"$inc" -c "$f" -o /dev/null; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "not ok - $f"
	fi
done
echo "compile-check: $passed passed, $failed failed"
[ $failed -eq 0 ]
