# shellcheck shell=bash
# Sourced by the version-matrix scripts (test/versions/pg-build.sh, pg-cluster.sh,
# run-tests.sh, test-all.sh, cross-version.sh): where private PostgreSQL
# builds live, how one is built from Debian's source package, and a
# throwaway cluster in the manner of pg_virtualenv.  See doc/versions.md.
#
# PostgreSQL 15 is Debian bookworm's package (/usr/lib/postgresql/15).  Other
# majors are not packaged for bookworm: Debian's source package of the
# release that has them (trixie, sid) is fetched with apt through a private
# apt state (nothing of the machine's apt configuration changes), its
# upstream tarball built into $ZEROMILE_CACHE/pgN, and pgTAP likewise.

# The versions the matrix covers, and the suite each non-bookworm one's
# source package comes from.
ZM_VERSIONS=(15 17 18 19)
zm_suite_of() {
	case $1 in
	17) echo trixie ;;
	18) echo sid ;;
	19) echo experimental ;;
	*) return 1 ;;
	esac
}
# The majors tested on Debian's own binary packages in a chroot of the
# suite that has them (test/versions/pg-chroot.sh) rather than on a private build;
# the suite is printed.  Their source package need not be downloadable.
zm_chroot_suite_of() {
	case $1 in
	17) echo trixie ;;
	19) echo sid ;;
	*) return 1 ;;
	esac
}
# The majors whose server is only in Debian experimental (a release
# candidate): their chroot is of sid with experimental added, and the
# binary packages of source package postgresql-N pinned to experimental
# (libpq5 and libpq-dev with them, as apt-get -t experimental would).
# pgTAP has no package for them: it is built from sid's pgtap source
# package inside the chroot.
zm_chroot_experimental() {
	case $1 in
	19) return 0 ;;
	*) return 1 ;;
	esac
}

zm_log() { printf '%s pg%s: %s\n' "$(date -u +%H:%M:%S)" "${ZM_LOG_TAG:-}" "$*" >&2; }
zm_die() {
	zm_log "error: $*"
	exit 1
}
# make "$@" in the current directory, output into log $1, printing the
# number of object files every $2 seconds so that a long build shows it is
# moving; returns make's status.
zm_make_progress() {
	local log=$1 every=$2 pid i=0 t0=$SECONDS
	shift 2
	make "$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 1
		i=$((i + 1))
		[ $((i % every)) -ne 0 ] || zm_log "  $(find src -name '*.o' | wc -l) object files ($((SECONDS - t0)) s)"
	done
	wait $pid
}
# The source cannot be had (the mirror says no): exit status 3, which
# test/versions/test-all.sh reports as a skipped version rather than a failed one.
ZM_UNAVAILABLE=3
zm_unavailable() {
	zm_log "unavailable: $*"
	exit $ZM_UNAVAILABLE
}

# The cache: outside the work tree, kept between runs.  As root the server
# runs as postgres, which cannot enter /root, so root's cache is under
# /var/cache (as test/asan's is).
zm_cache() {
	if [ -n "${ZEROMILE_CACHE:-}" ]; then
		echo "$ZEROMILE_CACHE"
	elif [ "$(id -u)" -eq 0 ]; then
		echo /var/cache/zeromile
	else
		echo "${XDG_CACHE_HOME:-$HOME/.cache}/zeromile"
	fi
}

# bin directory of a version: bookworm's package for 15, the private build
# otherwise.
zm_bindir() {
	if [ "$1" = 15 ]; then
		echo /usr/lib/postgresql/15/bin
	else
		echo "$(zm_cache)/pg$1/bin"
	fi
}

# apt with a private state: its own sources.list (deb-src lines only), lists
# and cache, so that the machine's apt sees nothing of it.
zm_apt() {
	local a
	a=$(zm_cache)/apt
	apt-get -q -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User="$(id -un)" "$@"
}

# The mirror the machine already uses for Debian (no other host is asked).
zm_mirror() {
	local m
	m=$(grep -hoE '(URIs:|^deb)[[:space:]]+[^[:space:]]+/debian/?([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '{ print $2 }' | grep -v -- '-security' | head -n 1)
	echo "${m%/}"
}
# Its security mirror, if it has one.
zm_security_mirror() {
	local m
	m=$(grep -hoE '(URIs:|^deb)[[:space:]]+[^[:space:]]+/debian-security/?([[:space:]]|$)' \
		/etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
		awk '{ print $2 }' | head -n 1)
	echo "${m%/}"
}

# Write standard input as the sources.list of the private apt state in
# directory $1; if that changes it, drop the state's lists, which are then
# another suite's.
zm_apt_sources() {
	cat >"$1/sources.list.new"
	if ! cmp -s "$1/sources.list.new" "$1/sources.list"; then
		mv "$1/sources.list.new" "$1/sources.list"
		rm -f "$1/lists/"*Sources* "$1/lists/"*Packages* "$1/lists/"*Release*
	else
		rm -f "$1/sources.list.new"
	fi
}

# Fetch (or refresh, once a day) the private deb-src lists.
zm_apt_lists() {
	local a mirror
	a=$(zm_cache)/apt
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial" "$a/src"
	mirror=$(zm_mirror)
	[ -n "$mirror" ] || zm_die "no Debian mirror found in /etc/apt/sources.list(.d)"
	printf 'deb-src %s trixie main\ndeb-src %s sid main\n' "$mirror" "$mirror" | zm_apt_sources "$a"
	if [ -z "$(find "$a/lists" -maxdepth 1 -name '*Sources*' -mmin -1440 2>/dev/null)" ]; then
		zm_log "apt-get update (deb-src trixie, sid from $mirror, private lists in $a)"
		zm_apt update >"$a/update.log" 2>&1 || {
			cat "$a/update.log" >&2
			return 1
		}
	fi
}

# The files apt would fetch for source package $1: lines "NAME SIZE SHA256"
# (apt-get source --print-uris); the newest version in trixie and sid.
zm_source_files() {
	local empty
	# in an empty directory: apt leaves out the files it finds already there
	empty=$(mktemp -d)
	(cd "$empty" && zm_apt source --print-uris "$1" 2>/dev/null) |
		awk -F"'" '/^'"'"'/ { split($3, f, " "); sub(/^SHA256:/, "", f[3]); print f[1], f[2], f[3] }'
	rmdir "$empty"
}

# Download source package $1 into the cache; print the path of its upstream
# tarball.  Only the .orig tarball is used (not Debian's full build), so it
# is the one file that must arrive, with the checksum of the Sources index.
zm_fetch_orig() {
	local pkg=$1 src files orig sum
	src=$(zm_cache)/apt/src
	files=$(zm_source_files "$pkg")
	orig=$(awk '$1 ~ /\.orig\.tar\./ { print $1 }' <<<"$files")
	sum=$(awk '$1 ~ /\.orig\.tar\./ { print $3 }' <<<"$files")
	[ -n "$orig" ] || zm_unavailable "apt knows no source package $pkg in trixie or sid"
	if [ ! -f "$src/$orig" ] || [ "$(sha256sum <"$src/$orig" | cut -d' ' -f1)" != "$sum" ]; then
		zm_log "apt-get source --download-only $pkg"
		(cd "$src" && zm_apt source --download-only "$pkg") >"$src/$pkg.log" 2>&1 || true
	fi
	if [ ! -f "$src/$orig" ] || [ "$(sha256sum <"$src/$orig" | cut -d' ' -f1)" != "$sum" ]; then
		grep -E '^(E|W): ' "$src/$pkg.log" >&2 || cat "$src/$pkg.log" >&2
		zm_unavailable "could not download $orig (apt-get source $pkg failed, see above)"
	fi
	echo "$src/$orig"
}

# The Debian version of source package $1 that apt would fetch.
zm_source_version() {
	zm_source_files "$1" | awk '$1 ~ /\.dsc$/ { sub(/^[^_]*_/, "", $1); sub(/\.dsc$/, "", $1); print $1 }'
}

# Configure options: only what the suites and benchmarks need.  No LLVM,
# readline (psql runs scripts only), docs, NLS; ICU for bench/vin_type.sql's
# ICU collation; zlib so that pg_dump -Fc compresses as a packaged server's
# does.  Part of the cache key.
ZM_CONFIGURE=(--with-icu --without-llvm --without-readline --with-zlib)
# contrib modules the suites and benchmarks use: amcheck (the upgrade suite
# checks the vin indexes), lo (bench/triggers.sql).  Part of the cache key.
ZM_CONTRIB=(amcheck lo)
# What the build needs beyond test/lib/setup-deps.sh (from 17 on, the tarball
# carries no generated parser: bison and flex make it).
ZM_BUILD_DEPS=(gcc make bison flex perl pkg-config libicu-dev zlib1g-dev xz-utils bzip2)

zm_build_deps() {
	bash "$(dirname "${BASH_SOURCE[0]}")/setup-deps.sh" --only "${ZM_BUILD_DEPS[@]}" ||
		zm_die "could not install ${ZM_BUILD_DEPS[*]}"
}

# Make sure the private build of major $1 exists and matches the current
# source packages; build it if not.  Holds $cache/pg$1.lock meanwhile, so
# that two runs never build into the same prefix.
zm_ensure_build() {
	local v=$1 cache prefix stamp want pgver tapver orig taporig work t0 jobs rc
	ZM_LOG_TAG=$v
	zm_suite_of "$v" >/dev/null || zm_die "no recipe for PostgreSQL $v (the matrix is ${ZM_VERSIONS[*]})"
	cache=$(zm_cache)
	prefix=$cache/pg$v
	stamp=$prefix/.zeromile-build
	mkdir -p "$cache"
	chmod 755 "$cache"
	exec 8>"$cache/pg$v.lock"
	if ! flock -n 8; then
		zm_log "waiting for another run building or using $prefix"
		flock 8
	fi

	if ! zm_apt_lists; then
		if [ -f "$stamp" ]; then
			zm_log "warning: apt-get update failed; using the cached build ($(head -n 1 "$stamp"))"
			flock -u 8
			return 0
		fi
		zm_unavailable "apt-get update failed and there is no cached build of $v"
	fi
	pgver=$(zm_source_version "postgresql-$v")
	tapver=$(zm_source_version pgtap)
	[ -n "$pgver" ] || zm_unavailable "apt knows no source package postgresql-$v (deb-src trixie, sid)"
	[ -n "$tapver" ] || zm_unavailable "apt knows no source package pgtap (deb-src trixie, sid)"
	want="postgresql-$v=$pgver pgtap=$tapver configure=${ZM_CONFIGURE[*]} contrib=${ZM_CONTRIB[*]}"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$prefix/bin/postgres" ]; then
		flock -u 8
		return 0
	fi

	t0=$SECONDS
	jobs=$(nproc)
	# Run from make (make test PG=N), PostgreSQL's own make would see
	# MAKELEVEL > 0, take itself for a sub-make and skip generating its
	# headers; and the caller's flags are not for it.
	unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES
	zm_log "building PostgreSQL $v (postgresql-$v $pgver, pgtap $tapver) into $prefix, $jobs jobs"
	zm_build_deps
	rc=0
	{ orig=$(zm_fetch_orig "postgresql-$v") && taporig=$(zm_fetch_orig pgtap); } || rc=$?
	if [ $rc -ne 0 ]; then
		if [ -f "$stamp" ] && [ -x "$prefix/bin/postgres" ]; then
			zm_log "warning: keeping the cached build ($(cat "$stamp"))"
			flock -u 8
			return 0
		fi
		exit $rc
	fi
	# Not while a run tests with the old build (test/run-tests.sh holds this).
	exec 7>"$cache/pg$v.use.lock"
	if ! flock -n 7; then
		zm_log "waiting for a run using $prefix to finish"
		flock 7
	fi
	# The stamp goes last: an interrupted build leaves none and is redone.
	rm -rf "$prefix" "$cache/build-pg$v"
	work=$cache/build-pg$v
	mkdir -p "$work/pg" "$work/pgtap"
	zm_log "unpacking $(basename "$orig")"
	tar -xf "$orig" -C "$work/pg" --strip-components=1
	tar -xf "$taporig" -C "$work/pgtap" --strip-components=1
	cd "$work/pg" || zm_die "no $work/pg"
	zm_log "configure ${ZM_CONFIGURE[*]} ($((SECONDS - t0)) s)"
	./configure --prefix="$prefix" "${ZM_CONFIGURE[@]}" >"$work/configure.log" 2>&1 ||
		{ tail -n 40 "$work/configure.log" >&2; zm_die "configure failed ($work/configure.log)"; }
	zm_log "make -j$jobs: server and client programs ($((SECONDS - t0)) s)"
	zm_make_progress "$work/make.log" 30 -j"$jobs" -s ||
		{ tail -n 40 "$work/make.log" >&2; zm_die "make failed ($work/make.log)"; }
	zm_log "make install; pg_regress, isolation tester, contrib ${ZM_CONTRIB[*]} ($((SECONDS - t0)) s)"
	(
		make -s install &&
			# PGXS's installcheck looks for these under $(pgxsdir)
			make -j"$jobs" -s -C src/test/regress install &&
			make -j"$jobs" -s -C src/test/isolation install &&
			for m in "${ZM_CONTRIB[@]}"; do
				make -j"$jobs" -s -C "contrib/$m" install || exit 1
			done
	) >"$work/install.log" 2>&1 ||
		{ tail -n 40 "$work/install.log" >&2; zm_die "install failed ($work/install.log)"; }
	zm_log "pgTAP $tapver ($((SECONDS - t0)) s)"
	(cd "$work/pgtap" && make -s PG_CONFIG="$prefix/bin/pg_config" && make -s PG_CONFIG="$prefix/bin/pg_config" install) \
		>"$work/pgtap.log" 2>&1 ||
		{ tail -n 40 "$work/pgtap.log" >&2; zm_die "pgTAP failed ($work/pgtap.log)"; }
	cd /
	# readable by postgres, which runs the server when root runs the tests
	chmod -R a+rX "$prefix"
	echo "$want" >"$stamp"
	rm -rf "$work"
	zm_log "PostgreSQL $v built in $((SECONDS - t0)) s"
	flock -u 7
	flock -u 8
}

# A throwaway cluster, as pg_virtualenv makes one: initdb in a temp dir,
# trust on a private Unix socket (no TCP), fsync off; runs "$@" with PGHOST,
# PGPORT, PGUSER, PGDATABASE, PG_CONFIG and PATH set for it, then stops the
# server and removes the directory however the command ends.  Root runs the
# server as postgres.  Options before the command: -o guc=value (repeatable).
# Returns the command's status.  A subshell: its traps are its own.
zm_with_cluster() (
	local v=$1 bindir dir opts=() rc=0 runas=()
	shift
	while [ "${1:-}" = -o ]; do
		opts+=(-c "$2")
		shift 2
	done
	bindir=$(zm_bindir "$v")
	[ -x "$bindir/postgres" ] || zm_die "no PostgreSQL $v server in $bindir"
	[ "$(id -u)" -eq 0 ] && runas=(runuser -u postgres --)
	dir=$(mktemp -d /tmp/zeromile-pg$v.XXXXXX)
	chmod 755 "$dir"
	mkdir "$dir/data" "$dir/sock" "$dir/log"
	[ ${#runas[@]} -eq 0 ] || chown postgres: "$dir/data" "$dir/sock" "$dir/log"
	# shellcheck disable=SC2064 # the directory is fixed now
	trap "zm_stop_cluster '$bindir' '$dir'" EXIT
	trap 'exit 130' INT TERM HUP
	"${runas[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
		--locale="${LC_ALL:-${LANG:-C.UTF-8}}" --no-sync >"$dir/log/initdb.log" 2>&1 ||
		{ cat "$dir/log/initdb.log" >&2; zm_die "initdb failed"; }
	# The socket's name carries the port; with no TCP listener any port is
	# free, one per major keeps two servers apart in a shared socket dir.
	"${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log/server.log" -w -t 120 \
		-o "-k $dir/sock -p 54$v -c listen_addresses= -c fsync=off ${opts[*]}" start >/dev/null ||
		{ cat "$dir/log/server.log" >&2; zm_die "the PostgreSQL $v server did not start"; }
	(
		export PGHOST=$dir/sock PGPORT=54$v PGUSER=postgres PGDATABASE=postgres
		export PG_CONFIG=$bindir/pg_config PGVERSION=$v PATH=$bindir:$PATH
		unset PGPASSWORD PGHOSTADDR PGSERVICE PGSYSCONFDIR
		"$@"
	) || rc=$?
	if [ $rc -ne 0 ]; then
		echo "*** server log (last 100 lines) ***"
		tail -n 100 "$dir/log/server.log"
	fi
	exit $rc
)

zm_stop_cluster() {
	local bindir=$1 dir=$2 runas=()
	[ "$(id -u)" -eq 0 ] && runas=(runuser -u postgres --)
	if [ -f "$dir/data/postmaster.pid" ]; then
		"${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}

# Copy the work tree $1 into directory $2, less VCS files and build and test
# products (so that a copy builds from scratch for its own major).
zm_copy_tree() {
	tar -C "$1" --exclude-vcs --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
		--exclude=./results --exclude=./output_iso --exclude=./log --exclude=./tmp_check \
		--exclude=./regression.diffs --exclude=./regression.out \
		--exclude=./bench/out --exclude=./test/core/vin_core_test \
		--exclude=./test/core/plate_core_test -cf - . | tar -C "$2" -xf -
}

# Build zeromile for major $1 in a copy of the work tree (its objects differ
# per major; the work tree keeps bookworm's 15 build) and install it into the
# private prefix; "$@" after the major go to make all (PG_CFLAGS=-Werror).
# Prints the copy's path, which the caller removes.
zm_build_zeromile() {
	local v=$1 top build pgc
	shift
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	pgc=$(zm_bindir "$v")/pg_config
	build=$(mktemp -d /tmp/zeromile-build-pg$v.XXXXXX)
	chmod 755 "$build"
	zm_copy_tree "$top" "$build"
	ZM_LOG_TAG=$v zm_log "building zeromile with $pgc${*:+ ($*)}"
	make -C "$build" -s --no-print-directory PG_CONFIG="$pgc" all "$@" >&2 &&
		make -C "$build" -s --no-print-directory PG_CONFIG="$pgc" install >/dev/null || {
		rm -rf "$build"
		return 1
	}
	echo "$build"
}

# ---- Debian's binary packages in a chroot (test/versions/pg-chroot.sh) ----
#
# For a major of zm_chroot_suite_of, the server under test is Debian's own
# postgresql-N package, installed by mmdebstrap into a chroot of that suite
# ($cache/chroot-N/root), on the mirror the machine's apt uses.  The chroot
# is never changed by a run: each run mounts an overlay on it (its writes,
# the work tree's copy and the installed zeromile, go to a temporary upper
# directory), in a mount and PID namespace of its own (unshare), so that
# the mounts and every process started inside end with the run however it
# ends.

# The packages of major $1's chroot: the server, its headers and pgTAP, and
# what the suites use (build-essential; pg_prove; sqlite3 and openssl for
# test/vpic-import/run.sh; gdb for test/registry-cache/run.sh's commit-window check,
# skipped without it).  Part of the recipe.
zm_chroot_packages() {
	echo "$(zm_chroot_tracked "$1")" \
		libtap-parser-sourcehandler-pgtap-perl build-essential sqlite3 openssl gdb
}
# The packages whose versions are part of the stamp: a new one in the suite
# rebuilds the chroot (for an experimental major, so does a new pgtap
# source package: zm_chroot_want_versions).
zm_chroot_tracked() {
	if zm_chroot_experimental "$1"; then
		echo "postgresql-$1 postgresql-server-dev-$1"
	else
		echo "postgresql-$1 postgresql-server-dev-$1 postgresql-$1-pgtap"
	fi
}
# The apt sources of major $1's chroot, one line each: those of an
# installation of the suite (a stable one with its updates and security
# suites), on the machine's mirrors.
zm_chroot_sources() {
	local suite mirror security
	suite=$(zm_chroot_suite_of "$1") || return 1
	mirror=$(zm_mirror)
	[ -n "$mirror" ] || zm_die "no Debian mirror found in /etc/apt/sources.list(.d)"
	echo "deb $mirror $suite main"
	! zm_chroot_experimental "$1" || echo "deb $mirror experimental main"
	case $suite in
	sid | unstable | experimental) ;;
	*)
		echo "deb $mirror $suite-updates main"
		security=$(zm_security_mirror)
		[ -z "$security" ] || echo "deb $security $suite-security main"
		;;
	esac
}
# Changing how the chroot is made (the hooks below) changes this.
ZM_CHROOT_RECIPE_REV=1

zm_chroot_dir() { echo "$(zm_cache)/chroot-$1"; }

# apt with a private state for the binary indexes of major $1's suite (as
# zm_apt does for the source indexes): which versions the chroot would get.
zm_chroot_apt() {
	local a=$1
	shift
	apt-get -q -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User="$(id -un)" "$@"
}
zm_chroot_apt_cache() {
	local a=$1
	shift
	apt-cache -o Dir::Etc::SourceList="$a/sources.list" -o Dir::Etc::SourceParts=/dev/null \
		-o Dir::State::Lists="$a/lists" -o Dir::Cache="$a/cache" \
		-o Dir::State::status=/dev/null "$@"
}

# The versions of the tracked packages that the suite has now, "name=version"
# separated by spaces; the lists are refreshed once a day.  Fails (status 1)
# when the lists cannot be had.
zm_chroot_want_versions() {
	local v=$1 a p ver out=()
	a=$(zm_cache)/apt-chroot-$v
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
	zm_chroot_sources "$v" | zm_apt_sources "$a"
	if [ -z "$(find "$a/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null)" ]; then
		zm_log "apt-get update ($(paste -sd ';' "$a/sources.list"), private lists in $a)"
		zm_chroot_apt "$a" update >"$a/update.log" 2>&1 || {
			grep -E '^(E|W):' "$a/update.log" >&2
			return 1
		}
	fi
	for p in $(zm_chroot_tracked "$v"); do
		ver=$(zm_chroot_apt_cache "$a" policy "$p" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }')
		[ -n "$ver" ] && [ "$ver" != "(none)" ] || {
			zm_log "apt knows no package $p in $(paste -sd ';' "$a/sources.list")"
			return 2
		}
		out+=("$p=$ver")
	done
	if zm_chroot_experimental "$v"; then
		zm_apt_lists || return 1
		ver=$(zm_source_version pgtap)
		[ -n "$ver" ] || {
			zm_log "apt knows no source package pgtap (deb-src trixie, sid)"
			return 2
		}
		out+=("pgtap-source=$ver")
	fi
	echo "${out[*]}"
}

# Unmount whatever is mounted at or under directory $1 (deepest first), so
# that removing it cannot reach into a mounted file system.  Fails if a
# mount remains.
zm_chroot_umount_under() {
	local d m
	d=$(realpath -m "$1")
	for m in $(awk -v d="$d" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
		umount -l "$m" 2>/dev/null || true
	done
	! awk -v d="$d" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo
}
zm_chroot_remove() {
	[ -e "$1" ] || return 0
	zm_chroot_umount_under "$1" || zm_die "something is still mounted under $1: not removing it"
	rm -rf --one-file-system "$1"
}

# Make sure major $1's chroot exists and matches the recipe and the suite's
# current packages; build it with mmdebstrap if not.  Holds
# chroot-N.lock while deciding and building; the new chroot is built
# beside the old one and swapped in under chroot-N.use.lock, which runs
# hold shared.
zm_chroot_ensure() {
	local v=$1 cache dir stamp suite recipe versions rc want t0 pkgs sources=() new pid i=0 hooks taporig
	ZM_LOG_TAG=$v
	suite=$(zm_chroot_suite_of "$v") || zm_die "PostgreSQL $v is not tested in a chroot"
	cache=$(zm_cache)
	dir=$(zm_chroot_dir "$v")
	stamp=$dir/stamp
	mkdir -p "$cache"
	chmod 755 "$cache"
	exec 8>"$cache/chroot-$v.lock"
	if ! flock -n 8; then
		zm_log "waiting for another run building $dir"
		flock 8
	fi
	pkgs=$(zm_chroot_packages "$v")
	mapfile -t sources < <(zm_chroot_sources "$v")
	recipe="rev=$ZM_CHROOT_RECIPE_REV suite=$suite sources=$(IFS=';'; echo "${sources[*]}") packages=$pkgs"
	# (its own revision, so that changing it leaves the other chroots be)
	! zm_chroot_experimental "$v" || recipe+=" pin=src:postgresql-$v/experimental pgtap=source-in-chroot rev-experimental=1"
	rc=0
	versions=$(zm_chroot_want_versions "$v") || rc=$?
	if [ $rc -ne 0 ]; then
		if [ -f "$stamp" ] && [ "$(head -n 1 "$stamp")" = "$recipe" ]; then
			zm_log "warning: the suite's packages cannot be checked; using the cached chroot ($(sed -n 2p "$stamp"))"
			flock -u 8
			return 0
		fi
		[ $rc -eq 2 ] && zm_unavailable "Debian $suite has no package for PostgreSQL $v"
		zm_unavailable "apt-get update failed and there is no cached chroot for PostgreSQL $v"
	fi
	want="$recipe"$'\n'"$versions"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x "$dir/root/usr/lib/postgresql/$v/bin/postgres" ]; then
		flock -u 8
		return 0
	fi

	zm_build_deps_chroot
	t0=$SECONDS
	hooks=()
	# As the machine's apt does: where it takes a mirror whose Release files
	# are past their Valid-Until (a snapshot; sid's and experimental's carry
	# one), so must mmdebstrap's.
	if [ "$(apt-config dump Acquire::Check-Valid-Until | sed -n 's/^Acquire::Check-Valid-Until "\(.*\)";$/\1/p')" = false ]; then
		hooks+=(--aptopt='Acquire::Check-Valid-Until "false"')
	fi
	if zm_chroot_experimental "$v"; then
		taporig=$(zm_fetch_orig pgtap)
		# Before apt resolves anything: only the server's own source package
		# from experimental, all else from sid.
		hooks+=(--setup-hook='mkdir -p "$1"/etc/apt/preferences.d && printf "%s\n" "Package: src:postgresql-'"$v"'" "Pin: release a=experimental" "Pin-Priority: 500" >"$1"/etc/apt/preferences.d/zeromile-postgresql-'"$v")
		# pgTAP from its upstream tarball (sid's source package), against
		# the chroot's pg_config, as Debian's postgresql-N-pgtap would be.
		hooks+=(--customize-hook='mkdir "$1"/usr/src/pgtap && tar -xf '"'$taporig'"' -C "$1"/usr/src/pgtap --strip-components=1 && chroot "$1" sh -c "cd /usr/src/pgtap && make PG_CONFIG=/usr/lib/postgresql/'"$v"'/bin/pg_config && make PG_CONFIG=/usr/lib/postgresql/'"$v"'/bin/pg_config install" && rm -rf "$1"/usr/src/pgtap')
	fi
	new=$dir.new
	zm_chroot_remove "$new"
	mkdir -p "$new"
	zm_log "mmdebstrap $suite into $new/root: $versions and $(wc -w <<<"$pkgs") packages with their dependencies"
	# In a mount namespace of its own: whatever mmdebstrap mounts goes away
	# with it, even if it is killed.
	unshare --mount --propagation private --kill-child \
		mmdebstrap --variant=apt --include="$(tr ' ' ',' <<<"$pkgs")" \
		"${hooks[@]}" \
		--customize-hook='chroot "$1" pg_dropcluster '"$v"' main' \
		--customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*_Packages*' \
		"$suite" "$new/root" "${sources[@]}" >"$new/mmdebstrap.log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 1
		i=$((i + 1))
		[ $((i % 20)) -ne 0 ] ||
			zm_log "  $(grep '^I: ' "$new/mmdebstrap.log" | tail -n 1 | sed 's/^I: //; s/\.\.\.$//'); $(du -sxm "$new/root" 2>/dev/null | cut -f1) MB ($((SECONDS - t0)) s)"
	done
	rc=0
	wait $pid || rc=$?
	if [ $rc -ne 0 ]; then
		grep -E '^(E|W): ' "$new/mmdebstrap.log" | tail -n 20 >&2
		zm_log "mmdebstrap failed; its log is $new/mmdebstrap.log"
		if [ -f "$stamp" ]; then
			zm_log "warning: keeping the cached chroot ($(sed -n 2p "$stamp"))"
			flock -u 8
			return 0
		fi
		zm_unavailable "no chroot for PostgreSQL $v (mmdebstrap $suite failed)"
	fi
	[ -x "$new/root/usr/lib/postgresql/$v/bin/postgres" ] || zm_die "mmdebstrap made no PostgreSQL $v server in $new/root"
	echo "$want" >"$new/stamp"
	# Not under a run using the old one.
	exec 7>"$cache/chroot-$v.use.lock"
	if ! flock -n 7; then
		zm_log "waiting for a run using $dir to finish"
		flock 7
	fi
	zm_chroot_remove "$dir"
	mv "$new" "$dir"
	flock -u 7
	zm_log "chroot for PostgreSQL $v made in $((SECONDS - t0)) s ($(du -sxm "$dir/root" | cut -f1) MB)"
	flock -u 8
}

# mmdebstrap, and unshare from util-linux (always there).
zm_build_deps_chroot() {
	bash "$(dirname "${BASH_SOURCE[0]}")/setup-deps.sh" --only mmdebstrap ||
		zm_die "could not install mmdebstrap"
}

# Run "$@" as root inside major $1's chroot, with a copy of the work tree
# (as zm_build_zeromile makes one) at /build, its working directory: an
# overlay on the cached chroot in a temporary directory, /proc of a new PID
# namespace, a /dev of the usual nodes, tmpfs on /tmp and /dev/shm; a clean
# environment (PATH, HOME, LANG=C.UTF-8).  Everything is gone when the
# command ends: the namespace's processes are killed, its mounts vanish,
# and the upper directory is removed.  Returns the command's status.  A
# subshell: its traps are its own.  From the environment:
#   ZM_CHROOT_BIND="DIR ..."
#                         host directories bound read-only at their own paths
#                         (test/pg-upgrade/run.sh)
#   ZM_CHROOT_BINDS="HOST:INSIDE ..."
#                         host directories bound read-write at INSIDE, which
#                         outlive the run (test/deb/run.sh: /out, where the
#                         packages and tallies a run hands back go;
#                         test/citus/run.sh: its build cache and Citus's
#                         source)
#   ZM_CHROOT_LAYER=NAME  the cached layer NAME (zm_chroot_layer_ensure) over
#                         the chroot, under the run's own upper directory
#   ZM_CHROOT_UPPER=DIR   DIR/upper is the upper directory and is kept
#                         (zm_chroot_layer_ensure makes a layer so)
zm_chroot_run() (
	local v=$1 dir top tmp rc=0 lower upper work layer=${ZM_CHROOT_LAYER:-}
	shift
	dir=$(zm_chroot_dir "$v")
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	[ -x "$dir/root/usr/lib/postgresql/$v/bin/postgres" ] || zm_die "no chroot for PostgreSQL $v in $dir (bash test/versions/pg-chroot.sh $v)"
	exec 7>"$(zm_cache)/chroot-$v.use.lock"
	flock -s 7
	lower=$dir/root
	if [ -n "$layer" ]; then
		exec 6>"$(zm_cache)/chroot-$v-$layer.use.lock"
		flock -s 6
		[ -d "$dir-$layer/layer" ] || zm_die "no layer $layer over the chroot of PostgreSQL $v ($dir-$layer)"
		lower=$dir-$layer/layer:$lower
	fi
	tmp=$(mktemp -d /tmp/zeromile-chroot$v.XXXXXX)
	# shellcheck disable=SC2064 # the directory is fixed now
	trap "rm -rf --one-file-system '$tmp'" EXIT
	trap 'exit 130' INT TERM HUP
	mkdir "$tmp/merged"
	if [ -n "${ZM_CHROOT_UPPER:-}" ]; then
		upper=$ZM_CHROOT_UPPER/upper work=$ZM_CHROOT_UPPER/work
	else
		upper=$tmp/upper work=$tmp/work
	fi
	mkdir -p "$upper" "$work"
	unshare --mount --pid --fork --propagation private --kill-child -- bash -euc '
		lower=$1 upper=$2 work=$3 tmp=$4 top=$5 tag=$6 binds=$7
		shift 7
		m=$tmp/merged
		mount -t overlay overlay -o "lowerdir=$lower,upperdir=$upper,workdir=$work" "$m"
		mount -t proc proc "$m/proc"
		mount -t tmpfs -o mode=1777 tmpfs "$m/tmp"
		mount -t tmpfs -o mode=755 tmpfs "$m/dev"
		for n in null zero full random urandom tty; do
			touch "$m/dev/$n"
			mount --bind "/dev/$n" "$m/dev/$n"
		done
		mkdir "$m/dev/shm" "$m/dev/pts"
		mount -t tmpfs -o mode=1777 tmpfs "$m/dev/shm"
		ln -s /proc/self/fd "$m/dev/fd"
		ln -s /proc/self/fd/0 "$m/dev/stdin"
		ln -s /proc/self/fd/1 "$m/dev/stdout"
		ln -s /proc/self/fd/2 "$m/dev/stderr"
		# Host directories the caller needs inside: ZM_CHROOT_BINDS
		# (HOST:INSIDE, test/citus/run.sh, test/deb/run.sh) writable,
		for b in $binds; do
			mkdir -p "$m${b#*:}"
			mount --bind "${b%%:*}" "$m${b#*:}"
		done
		# and ZM_CHROOT_BIND (separated by spaces: test/pg-upgrade/run.sh)
		# read-only at the same paths.
		for d in ${ZM_CHROOT_BIND:-}; do
			mkdir -p "$m$d"
			mount --bind "$d" "$m$d"
			mount -o remount,bind,ro "$m$d"
		done
		mkdir "$m/build"
		(. "$top/test/lib/pg-lib.sh" && zm_copy_tree "$top" "$m/build")
		chmod 755 "$m/build"
		exec chroot "$m" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			ZM_LOG_TAG="$tag" ZM_IN_CHROOT=1 bash -c "cd /build && exec \"\$@\"" zm-chroot "$@"
	' zm-chroot "$lower" "$upper" "$work" "$tmp" "$top" "${ZM_LOG_TAG:-}" "${ZM_CHROOT_BINDS:-}" "$@" || rc=$?
	exit $rc
)

# A layer NAME over major $1's chroot, cached in $cache/chroot-N-NAME: what
# "$@" (run in the chroot by zm_chroot_run, e.g. an apt-get install) adds to
# it, kept as the upper directory of that run, which zm_chroot_run then puts
# over the chroot as a lower one (ZM_CHROOT_LAYER=NAME).  The chroot itself,
# and so its recipe and stamp, never change; the layer is remade when KEY
# (the caller's recipe of it) or the chroot's stamp changes.  Holds
# chroot-N-NAME.lock while deciding and making it; the new layer is swapped
# in under chroot-N-NAME.use.lock, which runs hold shared.
zm_chroot_layer_ensure() {
	local v=$1 name=$2 key=$3 cache base ldir new want t0 rc=0 pid i=0
	shift 3
	ZM_LOG_TAG=$v
	cache=$(zm_cache)
	base=$(zm_chroot_dir "$v")
	ldir=$base-$name
	[ -f "$base/stamp" ] || zm_die "no chroot for PostgreSQL $v in $base"
	exec 5>"$cache/chroot-$v-$name.lock"
	if ! flock -n 5; then
		zm_log "waiting for another run making $ldir"
		flock 5
	fi
	want="$key"$'\n'"$(cat "$base/stamp")"
	if [ -f "$ldir/stamp" ] && [ "$(cat "$ldir/stamp")" = "$want" ] && [ -d "$ldir/layer" ]; then
		flock -u 5
		return 0
	fi
	t0=$SECONDS
	new=$ldir.new
	zm_chroot_remove "$new"
	mkdir -p "$new"
	zm_log "making the layer $name over $base/root ($key)"
	ZM_CHROOT_UPPER=$new ZM_CHROOT_LAYER='' ZM_CHROOT_BINDS='' ZM_CHROOT_BIND='' zm_chroot_run "$v" "$@" >"$new/log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 1
		i=$((i + 1))
		[ $((i % 20)) -ne 0 ] || zm_log "  $(grep -E '^(Get|Unpacking|Setting up)' "$new/log" | tail -n 1 | cut -c1-80) ($((SECONDS - t0)) s)"
	done
	wait $pid || rc=$?
	if [ $rc -ne 0 ]; then
		tail -n 30 "$new/log" >&2
		zm_die "making the layer $name failed (its log: $new/log)"
	fi
	# /build is the run's copy of the work tree, not part of the layer
	rm -rf --one-file-system "$new/upper/build" "$new/work"
	mv "$new/upper" "$new/layer"
	echo "$want" >"$new/stamp"
	exec 4>"$cache/chroot-$v-$name.use.lock"
	if ! flock -n 4; then
		zm_log "waiting for a run using $ldir to finish"
		flock 4
	fi
	zm_chroot_remove "$ldir"
	mv "$new" "$ldir"
	flock -u 4
	zm_log "layer $name made in $((SECONDS - t0)) s ($(du -sxm "$ldir/layer" | cut -f1) MB)"
	flock -u 5
}
