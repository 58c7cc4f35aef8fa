#!/usr/bin/env bash
# make test-citus: zeromile on a real Citus cluster (issue 10, doc/citus.md).
#
# Finds Citus, or builds it into a cache outside the work tree and installs
# it into the server; starts a coordinator and two workers on 127.0.0.1
# (private ports, a private socket directory, stopped and removed however
# the script ends); runs the pg_regress tests of test/citus/ against the
# coordinator: test/citus/sql/00_setup.sql as a superuser, then every other
# test twice, as a superuser and as a role that is not one.  The tests
# compare each result on distributed tables with the same statement on
# local tables.  Ends with "citus: N tests passed" or the diffs and
# "citus: N passed, N failed"; exits non-zero on any failure.
#
# Where Citus comes from, in this order:
#   1. a Citus installed for the server (citus.so in pg_config --pkglibdir)
#      that this script did not install itself;
#   2. CITUS_SRC=<tarball or directory of Citus's source>;
#   3. ../shared/vendor/citus-13.2.2.tar.gz next to the repository.
# 2 and 3 are built in $ZEROMILE_CACHE/citus-<version>-pg<major> (default
# /var/cache/zeromile as root), keyed by the source, the server's version
# (major and minor) and the configure options, and installed into the
# server (sudo when not root; make install already needs it for zeromile).
#
# With --bench (make bench-citus) it runs bench/citus.sql on the cluster
# instead of the tests.
#
# 17 is Debian trixie's package in a chroot (test/versions/pg-chroot.sh):
# the script runs again inside it (a copy of the tree at /build), with the
# Citus build cache and the source directory bound in from the host, the
# build dependencies installed into the run's overlay, and zeromile built
# and installed into the chroot's server.
#
# Environment: PG (default 15; 15, 16 or 17),
# CITUS_SRC, ZEROMILE_CITUS_PORT (first port tried, default 57640),
# ZEROMILE_CITUS_RESULTS=dir (keep each test's output there, to review and
# to copy to test/citus/expected/ after a deliberate change),
# ZEROMILE_CITUS_KEEP=1 (leave the cluster directory, stopped, for the logs).
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
# shellcheck source=test/lib/pg-lib.sh
. test/lib/pg-lib.sh
pg=${PG:-15}
# shellcheck disable=SC2034 # pg-lib.sh's zm_log prints it
ZM_LOG_TAG=$pg
started=$SECONDS

step() { printf '%s citus: %s (%d s)\n' "$(date -u +%H:%M:%S)" "$*" "$((SECONDS - started))"; }
die() {
	echo "citus: error: $*" >&2
	echo "citus: 0 tests passed, 1 failed (the set-up)"
	exit 1
}

# Citus 13.2 supports PostgreSQL 15, 16 and 17.
case $pg in
15 | 16 | 17) ;;
*) die "Citus 13.2 does not support PostgreSQL $pg (15, 16, 17)" ;;
esac

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

# The server: bookworm's package for 15 (make test-citus has built and
# installed zeromile into it), a private build otherwise, into whose prefix
# zeromile is built here from a copy of the tree.
if [ "$pg" = 15 ]; then
	bindir=/usr/lib/postgresql/15/bin
	[ -x "$bindir/postgres" ] || die "no PostgreSQL 15 server in $bindir (make test-citus installs it)"
elif zm_chroot_suite_of "$pg" >/dev/null && [ -z "${ZM_IN_CHROOT:-}" ]; then
	src=${CITUS_SRC:-$top/../shared/vendor/citus-13.2.2.tar.gz}
	[ -e "$src" ] || die "no Citus source: CITUS_SRC=$src does not exist (doc/citus.md)"
	src=$(realpath "$src")
	cache_root=$(zm_cache)
	mkdir -p "$cache_root/citus-chroot-$pg"
	# inside, the source keeps its name, in a directory of its own
	if [ -d "$src" ]; then
		inside_src=/zm-citus-src
		binds="$cache_root/citus-chroot-$pg:/zm-cache $src:/zm-citus-src"
	else
		inside_src=/zm-citus-src/$(basename "$src")
		binds="$cache_root/citus-chroot-$pg:/zm-cache $(dirname "$src"):/zm-citus-src"
	fi
	res=
	if [ -n "${ZEROMILE_CITUS_RESULTS:-}" ]; then
		mkdir -p "$ZEROMILE_CITUS_RESULTS"
		binds+=" $(realpath "$ZEROMILE_CITUS_RESULTS"):/zm-citus-results"
		res=/zm-citus-results
	fi
	nvu=
	[ "$(apt-config dump Acquire::Check-Valid-Until | sed -n 's/^Acquire::Check-Valid-Until "\(.*\)";$/\1/p')" != false ] || nvu=1
	ZM_CHROOT_BINDS=$binds exec bash test/versions/pg-chroot.sh "$pg" --run env PG="$pg" ZEROMILE_CACHE=/zm-cache \
		CITUS_SRC="$inside_src" ZM_APT_NO_VALID_UNTIL="$nvu" ${ZEROMILE_CITUS_PORT:+ZEROMILE_CITUS_PORT=$ZEROMILE_CITUS_PORT} \
		${res:+ZEROMILE_CITUS_RESULTS=$res} \
		bash test/citus/run.sh "$@"
elif zm_chroot_suite_of "$pg" >/dev/null; then
	# Inside the chroot: Debian's server, zeromile built and installed
	# into it as make test-citus does for 15; the build dependencies of
	# Citus go into this run's overlay only (the chroot's lists were
	# removed when it was made).
	bindir=/usr/lib/postgresql/$pg/bin
	sudo=
	[ -z "${ZM_APT_NO_VALID_UNTIL:-}" ] ||
		echo 'Acquire::Check-Valid-Until "false";' >/etc/apt/apt.conf.d/99zeromile-valid-until
	step "building zeromile with -Werror and installing it into Debian's PostgreSQL $pg"
	make -s --no-print-directory PG_CONFIG="$bindir/pg_config" PG_CFLAGS=-Werror all >&2 &&
		make -s --no-print-directory PG_CONFIG="$bindir/pg_config" install >/dev/null ||
		die "zeromile does not build against PostgreSQL $pg"
else
	bash test/versions/pg-build.sh "$pg" || die "no PostgreSQL $pg server (test/versions/pg-build.sh $pg)"
	bindir=$(zm_bindir "$pg")
	sudo=
fi
pg_config=$bindir/pg_config
pkglibdir=$("$pg_config" --pkglibdir)
sharedir=$("$pg_config" --sharedir)
server_version=$("$pg_config" --version) # "PostgreSQL 15.20 (Debian 15.20-0+deb12u1)"
[ -f "$sharedir/extension/zeromile.control" ] && [ -f "$pkglibdir/zeromile.so" ] ||
	[ "$pg" != 15 ] || die "zeromile is not installed into $sharedir (make all && make install)"

# ---------------------------------------------------------------------------
# Citus
# ---------------------------------------------------------------------------

cache_root=$(zm_cache)
mkdir -p "$cache_root"
chmod 755 "$cache_root"
# The sha256 of the citus.so this script last installed into this server:
# an installed Citus with another checksum is the user's own.
installed_mark=$cache_root/citus-pg$pg.installed
configure_opts=(--without-libcurl)
# The source next to the repository (../shared/vendor/README.md).
vendor_version=13.2.2
# What Citus's build needs on top of the server's headers (bookworm's and
# trixie's names; libicu-dev for the server's utils/pg_locale.h, already
# there on the host).
citus_build_deps=(gcc make flex bison liblz4-dev libzstd-dev libkrb5-dev libselinux1-dev libpam0g-dev libicu-dev)

sha_of() { sha256sum <"$1" | cut -d' ' -f1; }

citus_installed_version() {
	sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$sharedir/extension/citus.control" 2>/dev/null
}

# The version of a source tree or tarball, from configure's PACKAGE_VERSION.
citus_src_version() {
	if [ -d "$1" ]; then
		sed -n "s/^PACKAGE_VERSION='\(.*\)'/\1/p" "$1/configure"
	else
		tar -xzOf "$1" --wildcards '*/configure' 2>/dev/null | sed -n "s/^PACKAGE_VERSION='\(.*\)'/\1/p" | head -n 1
	fi
}

# An identity of the source for the cache key: a tarball's checksum, or a
# checksum of a directory's file list with sizes and times.
citus_src_id() {
	if [ -d "$1" ]; then
		echo "dir:$(realpath "$1"):$( (cd "$1" && find . -path ./.git -prune -o -type f -printf '%P %s %T@\n') | sort | sha256sum | cut -c1-16)"
	else
		echo "tar:$(sha_of "$1")"
	fi
}

# Build the source $1 into cache directory $2; stamp $3 goes last.
citus_build() {
	local src=$1 dir=$2 want=$3 t0=$SECONDS jobs dbc
	jobs=$(nproc)
	# From make (make test-citus), Citus's make would take itself for a
	# sub-make of ours; and our flags are not for it.
	unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES
	step "building Citus $version from $src into $dir ($jobs jobs)"
	bash test/lib/setup-deps.sh --only "${citus_build_deps[@]}" || die "could not install ${citus_build_deps[*]}"
	rm -rf "$dir"
	mkdir -p "$dir/src"
	if [ -d "$src" ]; then
		tar -C "$src" --exclude=.git -cf - . | tar -C "$dir/src" -xf -
	else
		tar -xzf "$src" -C "$dir/src" --strip-components=1
	fi
	# PostgreSQL 15.19 and later declare have_createdb_privilege() extern in
	# commands/dbcommands.h; Citus 13.2.2's pg_version_compat.h defines a
	# static one of its own for 15 (and the compiler refuses a static
	# definition after an extern declaration).  Where the server declares
	# it, use the server's: the definition gives way to the header.
	dbc=$("$pg_config" --includedir-server)/commands/dbcommands.h
	if grep -q 'extern bool have_createdb_privilege(void)' "$dbc" &&
		grep -q '^have_createdb_privilege(void)$' "$dir/src/src/include/pg_version_compat.h"; then
		perl -0pi -e 's/static inline bool\nhave_createdb_privilege\(void\)\n\{.*?\n\}\n/#include "commands\/dbcommands.h"	\/* zeromile test\/citus.sh: the server exports it *\/\n/s' \
			"$dir/src/src/include/pg_version_compat.h"
		grep -q '^have_createdb_privilege(void)$' "$dir/src/src/include/pg_version_compat.h" &&
			die "could not patch have_createdb_privilege() out of pg_version_compat.h"
		step "patched the cached copy: $server_version declares have_createdb_privilege() in commands/dbcommands.h, so src/include/pg_version_compat.h's static definition of it is replaced by that header (upstream Citus $version does not compile otherwise)"
		echo "patched: have_createdb_privilege() taken from commands/dbcommands.h" >"$dir/patched"
	fi
	cd "$dir/src"
	step "configure ${configure_opts[*]}"
	./configure "${configure_opts[@]}" PG_CONFIG="$pg_config" >"$dir/configure.log" 2>&1 ||
		{ tail -n 40 "$dir/configure.log" >&2; die "Citus's configure failed ($dir/configure.log)"; }
	step "make -j$jobs"
	zm_make_progress "$dir/make.log" 20 -j"$jobs" ||
		{ grep -m 40 -E 'error:|Error [0-9]' "$dir/make.log" >&2; die "Citus's make failed ($dir/make.log)"; }
	cd "$top"
	chmod -R a+rX "$dir"
	echo "$want" >"$dir/stamp"
	step "Citus $version built in $((SECONDS - t0)) s"
}

citus_install() {
	local dir=$1
	step "installing Citus $version into $pkglibdir and $sharedir/extension"
	(
		unset MAKELEVEL MAKEFLAGS MFLAGS MAKEOVERRIDES
		$sudo make -C "$dir/src" install-extension
	) >"$dir/install.log" 2>&1 || { tail -n 40 "$dir/install.log" >&2; die "Citus's make install failed ($dir/install.log)"; }
	sha_of "$pkglibdir/citus.so" >"$installed_mark"
}

ensure_citus() {
	local src dir want
	if [ -f "$pkglibdir/citus.so" ] && [ -f "$sharedir/extension/citus.control" ] &&
		{ [ ! -f "$installed_mark" ] || [ "$(sha_of "$pkglibdir/citus.so")" != "$(cat "$installed_mark")" ]; }; then
		step "using the installed Citus, extension version $(citus_installed_version) ($pkglibdir/citus.so, not installed by this script)"
		[ -z "${CITUS_SRC:-}" ] || step "note: CITUS_SRC is ignored: an installed Citus comes first"
		return 0
	fi
	if [ -n "${CITUS_SRC:-}" ]; then
		src=$CITUS_SRC
		[ -e "$src" ] || die "CITUS_SRC=$src does not exist"
	else
		src=$top/../shared/vendor/citus-$vendor_version.tar.gz
		[ -f "$src" ] || die "no Citus: none installed for $server_version, no CITUS_SRC, no ../shared/vendor/citus-$vendor_version.tar.gz (doc/citus.md)"
	fi
	src=$(realpath "$src")
	version=$(citus_src_version "$src")
	[ -n "$version" ] || die "$src is not Citus's source (no PACKAGE_VERSION in its configure)"
	dir=$cache_root/citus-$version-pg$pg
	want="citus=$version source=$(citus_src_id "$src") server=$server_version pg_config=$pg_config configure=${configure_opts[*]}"
	exec 8>"$dir.lock"
	if ! flock -n 8; then
		step "waiting for another run building or installing $dir"
		flock 8
	fi
	if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" = "$want" ] && [ -f "$dir/src/src/backend/distributed/citus.so" ]; then
		step "Citus $version: cached build in $dir$([ -f "$dir/patched" ] && echo " ($(cat "$dir/patched"))")"
	else
		[ -f "$dir/stamp" ] && step "the cached build in $dir is for another source or server; rebuilding"
		citus_build "$src" "$dir" "$want"
	fi
	if [ ! -f "$pkglibdir/citus.so" ] || [ "$(sha_of "$pkglibdir/citus.so")" != "$(sha_of "$dir/src/src/backend/distributed/citus.so")" ]; then
		citus_install "$dir"
	else
		step "Citus $version is installed ($pkglibdir/citus.so from $dir)"
	fi
	flock -u 8
}

version=
ensure_citus

if [ "$pg" != 15 ] && [ -z "${ZM_IN_CHROOT:-}" ]; then
	# zeromile for the private server, as test/run-tests.sh builds it
	build=$(zm_build_zeromile "$pg" PG_CFLAGS=-Werror) || die "zeromile does not build against PostgreSQL $pg"
	rm -rf "$build"
fi

# ---------------------------------------------------------------------------
# The cluster: a coordinator and two workers
# ---------------------------------------------------------------------------

runas=()
[ "$(id -u)" -eq 0 ] && runas=(runuser -u postgres --)
run=$(mktemp -d /tmp/zeromile-citus.XXXXXX)
chmod 755 "$run"
nodes=(coordinator worker1 worker2)
ports=()

cleanup() {
	local n
	for n in "${nodes[@]}"; do
		if [ -f "$run/$n/data/postmaster.pid" ]; then
			"${runas[@]}" "$bindir/pg_ctl" -D "$run/$n/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
	done
	if [ "${ZEROMILE_CITUS_KEEP:-0}" = 1 ]; then
		echo "citus: cluster directory kept: $run"
	else
		rm -rf "$run"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Three free TCP ports on 127.0.0.1 (nothing answers a connect).
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
p=${ZEROMILE_CITUS_PORT:-57640}
while [ ${#ports[@]} -lt 3 ]; do
	[ "$p" -lt 65000 ] || die "no free ports"
	if port_free "$p"; then ports+=("$p"); fi
	p=$((p + 1))
done

mkdir -p "$run/sock" "$run/results"
[ ${#runas[@]} -eq 0 ] || chown postgres: "$run/sock"
step "starting a coordinator and two workers ($server_version) on 127.0.0.1 ports ${ports[*]}, sockets in $run/sock"
start_node() {
	local n=$1 port=$2 d=$run/$1
	mkdir -p "$d"
	[ ${#runas[@]} -eq 0 ] || chown postgres: "$d"
	"${runas[@]}" "$bindir/initdb" -D "$d/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$d/initdb.log" 2>&1 || { cat "$d/initdb.log" >&2; die "initdb of the $n failed"; }
	cat >>"$d/data/postgresql.conf" <<-EOF
		# test/citus/run.sh
		listen_addresses = '127.0.0.1'
		port = $port
		unix_socket_directories = '$run/sock'
		shared_preload_libraries = 'citus'
		max_prepared_transactions = 20
		fsync = off
		lc_messages = 'C'
	EOF
}
for i in 0 1 2; do
	start_node "${nodes[$i]}" "${ports[$i]}" &
done
wait
for i in 0 1 2; do
	[ -f "$run/${nodes[$i]}/data/postgresql.conf" ] || die "the ${nodes[$i]} could not be initialised"
	"${runas[@]}" "$bindir/pg_ctl" -D "$run/${nodes[$i]}/data" -l "$run/${nodes[$i]}/server.log" -w -t 120 start >/dev/null ||
		{ cat "$run/${nodes[$i]}/server.log" >&2; die "the ${nodes[$i]} did not start"; }
done

# shellcheck disable=SC2031 # (pg-lib.sh sets these in a subshell of its own)
export PGHOST=127.0.0.1 PGUSER=postgres PGDATABASE=zm_citus PATH=$bindir:$PATH
unset PGPASSWORD PGHOSTADDR PGSERVICE PGSYSCONFDIR PGOPTIONS PGTZ PGPORT
for i in 0 1 2; do
	createdb -p "${ports[$i]}" zm_citus
	psql -X -q -v ON_ERROR_STOP=1 -p "${ports[$i]}" -c 'CREATE EXTENSION citus' >/dev/null ||
		die "CREATE EXTENSION citus failed on the ${nodes[$i]}"
done
psql -X -q -v ON_ERROR_STOP=1 -p "${ports[0]}" \
	-c "SELECT citus_set_coordinator_host('127.0.0.1', ${ports[0]})" \
	-c "SELECT citus_add_node('127.0.0.1', ${ports[1]})" \
	-c "SELECT citus_add_node('127.0.0.1', ${ports[2]})" >/dev/null ||
	die "could not register the workers"
# the release that runs, whichever way it was found
version=$(psql -X -At -p "${ports[0]}" -c "SELECT substring(citus_version() FROM '^Citus ([^ ]+)')")
step "cluster up: Citus $version; coordinator ${ports[0]}, workers ${ports[1]} and ${ports[2]}"

# ---------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------

# --bench: the benchmark instead of the tests (make bench-citus)
if [ "${1:-}" = --bench ]; then
	step "bench/citus.sql on the coordinator"
	psql -X -q -v ON_ERROR_STOP=1 -P pager=off -p "${ports[0]}" -c 'CREATE EXTENSION zeromile' \
		-f bench/lib.sql -f bench/citus.sql || die "bench/citus.sql failed"
	step "total"
	exit 0
fi

pg_regress=$("$pg_config" --pkglibdir)/pgxs/src/test/regress/pg_regress
[ -x "$pg_regress" ] || die "no pg_regress at $pg_regress"
tests=()
for f in test/citus/sql/*.sql; do
	t=$(basename "$f" .sql)
	[ "$t" = 00_setup ] || tests+=("$t")
done

passed=0
failed=0
failures=()
# One pg_regress run: $1 a label, $2 the role, then the tests.  Runs in its
# own directory (the tests' \copy files go there).
regress() {
	local label=$1 role=$2 out=$run/results/$1 rc=0 n
	shift 2
	mkdir -p "$out"
	step "pg_regress as $role ($label): $*"
	(cd "$out" && ZM_TOP=$top "$pg_regress" --use-existing --host=127.0.0.1 --port="${ports[0]}" \
		--user="$role" --dbname=zm_citus --bindir="$bindir" --inputdir="$top/test/citus" \
		--outputdir="$out" "$@") >"$out/pg_regress.log" 2>&1 || rc=$?
	grep -E '\.\.\. |^(not )?ok ' "$out/pg_regress.log" | sed 's/^ */  /' || true
	n=$(grep -c -E '\.\.\. +ok|^ok ' "$out/pg_regress.log" || true)
	passed=$((passed + n))
	if [ $rc -ne 0 ]; then
		n=$(grep -c -E 'FAILED|^not ok' "$out/pg_regress.log" || true)
		[ "$n" -gt 0 ] || n=1
		failed=$((failed + n))
		# "test NAME ... FAILED" (15, 16), "not ok N - NAME" (17)
		failures+=("$label: $(grep -E 'FAILED|^not ok' "$out/pg_regress.log" |
			sed -E 's/^(test +|not ok +[0-9]+ +- +)?([^ ]+).*/\2/' | xargs)")
		if [ -s "$out/regression.diffs" ]; then
			echo "---- $out/regression.diffs ----"
			cat "$out/regression.diffs"
		else
			cat "$out/pg_regress.log"
		fi
	fi
	if [ -n "${ZEROMILE_CITUS_RESULTS:-}" ]; then
		mkdir -p "$ZEROMILE_CITUS_RESULTS/$label"
		cp "$out"/results/*.out "$ZEROMILE_CITUS_RESULTS/$label/" 2>/dev/null || true
	fi
	return 0
}

regress setup postgres 00_setup
if [ ${#failures[@]} -eq 0 ]; then
	regress superuser postgres "${tests[@]}"
	regress analyst zm_analyst "${tests[@]}"
else
	echo "citus: the set-up failed; the other tests were not run"
fi

# A node that crashed or logged a PANIC fails the run even if every diff is clean.
crashed=
for i in 0 1 2; do
	if grep -E 'terminated by signal|PANIC:' "$run/${nodes[$i]}/server.log"; then
		failed=$((failed + 1))
		failures+=("${nodes[$i]} crashed")
		crashed=1
	fi
done

step "total"
if [ $failed -ne 0 ]; then
	# The servers' logs when the set-up failed or a node crashed (a diff
	# says enough otherwise; ZEROMILE_CITUS_KEEP=1 keeps them all).
	if [ $passed -eq 0 ] || [ -n "$crashed" ]; then
		for i in 0 1 2; do
			echo "---- ${nodes[$i]} server log (last 40 lines) ----"
			tail -n 40 "$run/${nodes[$i]}/server.log"
		done
	fi
	printf -v list '%s; ' "${failures[@]}"
	echo "citus: $passed passed, $failed failed (${list%; })"
	exit 1
fi
echo "citus: $passed tests passed (Citus $version, $server_version, a coordinator and two workers)"
