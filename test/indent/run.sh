#!/usr/bin/env bash
# pgindent, PostgreSQL's formatter, over the project's C files (make indent,
# make indent-check; doc/formatting.md).
#   bash test/indent/run.sh           reformat the files in place
#   bash test/indent/run.sh --check   print the changes pgindent would make as a
#                                 unified diff (git apply takes it); exit 1
#                                 if there are any
# Exit status 2: pgindent failed, or took a variable for a type (nothing
# written; see doc/formatting.md).
#
# pgindent and pg_bsd_indent are not packaged for Debian: they are taken
# from PostgreSQL's source package (fetched by test/lib/pg-lib.sh's private apt)
# and pg_bsd_indent is built once into $(zm_cache)/indent/SOURCE-VERSION.
# ZEROMILE_INDENT_PG: the majors whose source may provide them, in order of
# preference (default "17 18"); both carry pg_bsd_indent 2.1.2.
set -euo pipefail
# shellcheck source=test/lib/pg-lib.sh
. "$(dirname "$0")/../lib/pg-lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
mode=inplace
case "${1:-}" in
--check) mode=check ;;
"") ;;
*)
	echo "usage: $0 [--check]" >&2
	exit 2
	;;
esac

# The project's C files: the extension, the validator core and the C test
# programs (unit tests, fuzz target, sanitizer preload) alike; one style
# for all the C that is read together.
cd "$top"
shopt -s nullglob
files=(src/*.[ch] test/*/*.[ch])
shopt -u nullglob

# shellcheck disable=SC2034 # pg-lib.sh's zm_log prints it
ZM_LOG_TAG=-indent
majors=${ZEROMILE_INDENT_PG:-17 18}
idx=$(zm_cache)/indent
mkdir -p "$idx"
stamp_of() { echo "$1 pg_bsd_indent=$(zm_indent_version "$2")"; }

# The version pgindent insists on, from the pgindent script of a source tree.
# shellcheck disable=SC2016 # a Perl variable
zm_indent_version() { sed -n 's/^my \$INDENT_VERSION = "\(.*\)";/\1/p' "$1/pgindent"; }

# Build the tools from upstream tarball $1 of source package $2, version $3
# into $idx/$2_$3; the stamp is written last, so that an interrupted build
# leaves none and is redone.
build_tools() {
	local orig=$1 pkg=$2 ver=$3 dest work t0=$SECONDS t fails=0 cc
	dest=$idx/${pkg}_$ver
	work=$idx/.build-${pkg}_$ver
	rm -rf "$dest" "$dest.new" "$work"
	mkdir -p "$work/src"
	zm_log "building pg_bsd_indent from $(basename "$orig") into $dest"
	# Only the two tools: a few hundred kB out of the whole tree.
	tar -xf "$orig" -C "$work/src" --strip-components=3 --wildcards \
		'*/src/tools/pg_bsd_indent/*' '*/src/tools/pgindent/*'
	# pg_bsd_indent includes PostgreSQL's c.h only for these few macros;
	# this stand-in spares a configured source tree (configure alone takes
	# longer than the rest).  The upstream tests below vouch for the build.
	cat >"$work/src/pg_bsd_indent/c.h" <<'EOF'
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#define MAXPGPATH 1024
#define pg_noreturn _Noreturn
#define pg_attribute_noreturn() __attribute__((noreturn))
#define pg_attribute_printf(f, a) __attribute__((format(printf, f, a)))
EOF
	cc=${CC:-cc}
	mkdir -p "$dest.new/bin"
	(cd "$work/src/pg_bsd_indent" && $cc -O2 -I. -o "$dest.new/bin/pg_bsd_indent" \
		args.c err.c indent.c io.c lexi.c parse.c pr_comment.c) ||
		zm_die "pg_bsd_indent did not compile"
	# pg_bsd_indent's own regression tests (t/001_pg_bsd_indent.pl without
	# the TAP harness): each tests/X.0 must come out as tests/X.0.stdout.
	mkdir -p "$work/t"
	cp "$work/src/pg_bsd_indent/tests/"*.list "$work/t/"
	for t in "$work/src/pg_bsd_indent/tests/"*.0; do
		t=${t%.0}
		(cd "$work/t" && "$dest.new/bin/pg_bsd_indent" "$t.0" out -P"$t.pro") &&
			diff -u "$t.0.stdout" "$work/t/out" >&2 || fails=$((fails + 1))
	done
	[ $fails -eq 0 ] || zm_die "pg_bsd_indent failed $fails of its tests"
	cp "$work/src/pgindent/pgindent" "$work/src/pgindent/typedefs.list" "$dest.new/"
	stamp_of "$pkg=$ver" "$dest.new" >"$dest.new/.stamp"
	mv "$dest.new" "$dest"
	rm -rf "$work"
	zm_log "pg_bsd_indent $(zm_indent_version "$dest") built and tested in $((SECONDS - t0)) s"
}

# The upstream tarball of source package $1 (path on stdout) through
# test/lib/pg-lib.sh.  If another run holds that major's build lock and the
# tarball is not there yet, it may be downloading it: wait for one or the
# other rather than download the same file twice into the same place.
fetch_orig() {
	local pkg=$1 lock name sum src waited=0
	src=$(zm_cache)/apt/src
	lock=$(zm_cache)/pg${pkg#postgresql-}.lock
	read -r name _ sum < <(zm_source_files "$pkg" | awk '$1 ~ /\.orig\.tar\./')
	[ -n "${name:-}" ] || return "$ZM_UNAVAILABLE"
	orig_ok() { [ -f "$src/$name" ] && [ "$(sha256sum <"$src/$name" | cut -d' ' -f1)" = "$sum" ]; }
	if ! orig_ok && [ -e "$lock" ]; then
		exec 9<"$lock" # read-only: the lock file is pg-lib.sh's
		until orig_ok || flock -n 9; do
			[ $waited -eq 0 ] && zm_log "waiting for the run holding $lock to fetch $name"
			[ $waited -lt 1200 ] || zm_die "gave up waiting for $lock"
			sleep 5
			waited=$((waited + 5))
		done
	fi
	zm_fetch_orig "$pkg"
	exec 9<&-
}

# What building and running the tools takes (pg-lib.sh installs what is
# missing; perl and diff are there on any Debian).
# shellcheck disable=SC2034 # zm_build_deps reads it
ZM_BUILD_DEPS=(gcc perl bzip2 xz-utils)
zm_build_deps

# Which tools to use, in $tools; our own lock keeps two runs from building
# into the same directory.
exec 7>"$idx/.lock"
flock 7
tools=
# 1. A build of the version the private apt lists offer now (apt-get update
#    at most once a day, by zm_apt_lists): no download, no build.
lists=1
(zm_apt_lists) || lists=0
if [ $lists -eq 1 ]; then
	for m in $majors; do
		ver=$(zm_source_version "postgresql-$m") || ver=
		d=$idx/postgresql-${m}_$ver
		if [ -n "$ver" ] && [ -f "$d/.stamp" ]; then
			tools=$d
			break
		fi
	done
	# 2. Fetch and build, in order of preference.
	if [ -z "$tools" ]; then
		for m in $majors; do
			ver=$(zm_source_version "postgresql-$m") || ver=
			[ -n "$ver" ] || continue
			if orig=$(fetch_orig "postgresql-$m"); then
				build_tools "$orig" "postgresql-$m" "$ver"
				tools=$idx/postgresql-${m}_$ver
				break
			fi
			zm_log "PostgreSQL $m's source is not available; trying the next of: $majors"
		done
	fi
fi
# 3. Offline, or no source to be had: the newest build there is.
if [ -z "$tools" ]; then
	for m in $majors; do
		d=$(for s in "$idx/postgresql-${m}_"*/.stamp; do [ ! -f "$s" ] || dirname "$s"; done | sort -V | tail -n 1)
		if [ -n "$d" ]; then
			zm_log "warning: apt could not provide the current source; using the cached $(basename "$d")"
			tools=$d
			break
		fi
	done
fi
[ -n "$tools" ] || zm_die "no pgindent: neither apt (PostgreSQL $majors source) nor the cache $idx has one"
flock -u 7

# Work on copies in a temp dir: pgindent writes its temp files into the
# current directory, and the diff should name the files as git does.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# PostgreSQL's typedefs plus the project's own, generated from the files
# each run: a committed list would go stale with the first new type, and
# the check would not notice the declarations it then mis-formats.
{
	cat "$tools/typedefs.list"
	perl "$top/test/indent/typedefs.pl" "${files[@]}"
} | sort -u >"$tmp/typedefs.list"
mkdir "$tmp/new"
tar -cf - "${files[@]}" | tar -xf - -C "$tmp/new"
rc=0
(cd "$tmp/new" && perl "$tools/pgindent" --indent="$tools/bin/pg_bsd_indent" \
	--typedefs="$tmp/typedefs.list" "${files[@]}") || rc=$?
[ $rc -eq 0 ] || {
	echo "indent: pgindent failed (status $rc)" >&2
	exit 2
}

# A variable named like a type (PostgreSQL's list has "text", "bytea")
# is taken for one in declarations and comes out as "text[\t\ti]", which
# no hand writes.  Such output is shown by --check but never written.
mangled=$(cd "$tmp/new" && { grep -nE '\w\[	' "${files[@]}" || true; })

changed=()
for f in "${files[@]}"; do
	if [ "$mode" = check ]; then
		diff -u --label "a/$f" --label "b/$f" "$f" "$tmp/new/$f" || changed+=("$f")
	elif [ -n "$mangled" ]; then
		break
	elif ! cmp -s "$f" "$tmp/new/$f"; then
		# in place (keeps the file's mode and inode); unchanged files keep
		# their time stamps, so make rebuilds only what changed
		cat "$tmp/new/$f" >"$f"
		changed+=("$f")
	fi
done
if [ -n "$mangled" ]; then
	names=$(grep -oE '\w+\[	' <<<"$mangled" | tr -d '[\t' | sort -u | paste -sd' ')
	echo "indent: pgindent took these variables for types, being named like typedefs: $names; rename them (nothing written; line numbers of the formatted copy)" >&2
	echo "$mangled" >&2
	exit 2
fi
if [ "$mode" = check ]; then
	if [ ${#changed[@]} -gt 0 ]; then
		echo "indent: ${#changed[@]} of ${#files[@]} files are not formatted as pgindent would (make indent fixes them): ${changed[*]}" >&2
		exit 1
	fi
	echo "indent: ${#files[@]} files formatted as pgindent would ($(basename "$tools"))" >&2
else
	echo "indent: reformatted ${#changed[@]} of ${#files[@]} files ($(basename "$tools"))${changed[*]:+: ${changed[*]}}" >&2
fi
