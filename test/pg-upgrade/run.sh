#!/usr/bin/env bash
# pg_upgrade with zeromile: a PostgreSQL 15 cluster populated as users
# populate theirs (test/upgrade/setup.sql and setup-superuser.sql: vin
# columns with btree and hash indexes, hash and range partitions, stored
# resale_agg summaries, vin_guard and resale_track tables, user wmi_registry
# rows; test/pg-upgrade/setup.sql: the BI view; a second database still at
# zeromile 1.1.0) is upgraded with pg_upgrade, --copy and --link (each from a
# fresh old cluster), to every newer major of the matrix that runs here:
# 18, the private build (test/versions/pg-build.sh), on the host; 17,
# Debian's package, inside its trixie chroot (test/versions/pg-chroot.sh),
# where 15's directories are bound read-only and the six libraries of
# bookworm that trixie lacks (ICU 72, OpenLDAP 2.5, libunistring 2) are
# given in a directory of their own.  After each upgrade, on the new
# cluster: the same ordered checksums as before (test/upgrade/fingerprint.sql,
# check.sql), the vin btree indexes sound under amcheck (heapallindexed) and
# the btree and hash indexes used, the triggers behaving as on the old
# server (test/upgrade/after.sql, compared with its output on 15), the
# extension's version and ALTER EXTENSION UPDATE, the registry cache
# answering for user rows.  doc/upgrading.md, doc/versions.md.
#
#   bash test/pg-upgrade/run.sh [MAJOR...]   (default: 17 18; make test-pg-upgrade)
#
# The old server is the one of PGUPGRADE_OLD_PG_CONFIG (default bookworm's
# /usr/lib/postgresql/15/bin/pg_config), with zeromile installed in it (make
# does that for bookworm's; a private copy works as well).  Ends with
# "pg-upgrade: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib/pg-lib.sh
. test/upgrade/fingerprint.sh

old_major=15
extversion=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" zeromile.control)

# ---------------------------------------------------------------------
# One target major, with its server here: the host's private build, or
# inside the chroot.  --inside MAJOR OLD_BINDIR [LIBDIR]
# ---------------------------------------------------------------------
if [ "${1:-}" = --inside ]; then
	v=$2
	oldbin=$3
	libs=${4:-}
	ZM_LOG_TAG=$v
	checks_name="pg-upgrade $v"
	. test/lib/checks.sh
	# check, returning whether it passed
	ck() {
		local f=$failed
		check "$@"
		[ "$failed" -eq "$f" ]
	}
	if [ -n "${ZM_IN_CHROOT:-}" ]; then
		newbin=/usr/lib/postgresql/$v/bin
	else
		newbin=$(zm_bindir "$v")
	fi
	# Bookworm's libraries that the chroot lacks: only the old binaries
	# ask for these names.
	[ -z "$libs" ] || export LD_LIBRARY_PATH=$libs
	runas=()
	[ "$(id -u)" -eq 0 ] && runas=(runuser -u postgres --)
	as_pg() { "${runas[@]}" env ${LD_LIBRARY_PATH:+LD_LIBRARY_PATH=$LD_LIBRARY_PATH} "$@"; }
	tmp=$(mktemp -d /tmp/zeromile-pgupgrade.XXXXXX)
	chmod 755 "$tmp"
	mkdir "$tmp/sock" "$tmp/out"
	# the servers write their logs beside their directories
	[ ${#runas[@]} -eq 0 ] || chown postgres: "$tmp" "$tmp/sock"
	# PGUPGRADE_KEEP=1 keeps the outputs (not the clusters) for a look.
	cleanup() {
		local d
		# a server left running: immediate shutdown (SIGQUIT)
		for d in "$tmp"/c-*; do
			[ -f "$d/postmaster.pid" ] && kill -QUIT "$(head -n 1 "$d/postmaster.pid")" 2>/dev/null || true
		done
		sleep 1
		rm -rf "$tmp"/c-*
		if [ -n "${PGUPGRADE_KEEP:-}" ]; then echo "kept in $tmp/out"; else rm -rf "$tmp"; fi
	}
	trap cleanup EXIT
	trap 'exit 130' INT TERM HUP
	export PGHOST=$tmp/sock PGUSER=postgres
	unset PGPASSWORD PGHOSTADDR PGSERVICE PGSYSCONFDIR PGDATABASE PGOPTIONS
	old_port=50432
	new_port=50433
	db=zeromile_pgu
	db110=zeromile_pgu_110
	# The new server's psql is the client throughout, on both servers, so
	# that outputs differ only by what the servers answer.
	sql() {
		local port=$1
		shift
		"$newbin/psql" -X -q -A -t -v ON_ERROR_STOP=1 -p "$port" "$@"
	}
	# Two outputs in $tmp/out that must be equal; the difference is printed.
	same() {
		diff -u --label "$1" --label "$2" "$tmp/out/$1" "$tmp/out/$2" >"$tmp/out/diff" && return 0
		head -n 100 "$tmp/out/diff"
		return 1
	}
	# Output into $tmp/out/$1; its failure is printed and returned.
	capture() {
		local f=$1
		shift
		"$@" >"$tmp/out/$f" 2>&1 && return 0
		echo "$f: $* failed:"
		tail -n 30 "$tmp/out/$f"
		return 1
	}
	# after.sql's notifications name the backend's PID, and those of one
	# statement come in the order its plan met the VINs, which differs
	# between majors: each run of them is sorted.
	after() {
		sql "$1" -d $db -f test/upgrade/after.sql | sed 's/server process with PID [0-9]*/server process/' |
			awk '/^Asynchronous notification / { fflush(); print | "LC_ALL=C sort"; next } { close("LC_ALL=C sort"); print }
				END { close("LC_ALL=C sort") }'
	}
	# Every query result the upgrade must keep.
	snapshot() {
		sql "$1" -d $db -f test/upgrade/fingerprint.sql -f test/pg-upgrade/check.sql
	}

	cluster_init() { # DIR BINDIR: checksums on, as 18's initdb does by default
		mkdir "$1"
		[ ${#runas[@]} -eq 0 ] || chown postgres: "$1"
		chmod 700 "$1"
		as_pg "$2/initdb" -D "$1" -A trust -U postgres -E UTF8 --locale=C.UTF-8 -k --no-sync >"$1.initdb.log" 2>&1 ||
			{ cat "$1.initdb.log"; return 1; }
		echo "jit = off" >>"$1/postgresql.conf"
	}
	cluster_start() { # DIR BINDIR PORT
		as_pg "$2/pg_ctl" -D "$1" -l "$1.log" -w -t 120 \
			-o "-k $tmp/sock -p $3 -c listen_addresses= -c fsync=off" start >/dev/null ||
			{ tail -n 30 "$1.log"; return 1; }
	}
	cluster_stop() { as_pg "$2/pg_ctl" -D "$1" -w -t 120 stop >/dev/null; }

	# A populated old cluster in DIR, started and stopped again; its
	# snapshot into $tmp/out/$2.
	populate() {
		cluster_init "$1" "$oldbin" && cluster_start "$1" "$oldbin" $old_port || return 1
		sql $old_port -d postgres -c "CREATE DATABASE $db" -c "CREATE DATABASE $db110" &&
			sql $old_port -d $db -c 'CREATE EXTENSION zeromile' -f test/upgrade/setup.sql \
				-f test/upgrade/setup-superuser.sql -f test/pg-upgrade/setup.sql >"$tmp/out/setup.log" 2>&1 &&
			sql $old_port -d $db110 -c "CREATE EXTENSION zeromile VERSION '1.1.0'" \
				-c 'CREATE TABLE fleet (vin vin PRIMARY KEY, summary resale_summary)' \
				-c 'CREATE INDEX fleet_hash ON fleet USING hash (vin)' \
				-c "INSERT INTO fleet SELECT '1HGCM82633A004352', resale_agg(k, a, km) FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01', NULL::float8), ('listing', '2025-01-05', 10)) v(k, a, km)" \
				>>"$tmp/out/setup.log" 2>&1 ||
			{ cat "$tmp/out/setup.log"; cluster_stop "$1" "$oldbin"; return 1; }
		local rc=0
		capture "$2" snapshot $old_port || rc=$?
		cluster_stop "$1" "$oldbin"
		return $rc
	}
	# Bookworm's 15.20 gives every column an internal option pg_attver
	# that sid's 18.6 does not know: its pg_dump (which pg_upgrade runs)
	# copies it and its server refuses it ('unrecognized parameter
	# "pg_attver"'), so the upgrade stops at the first table.  Not
	# zeromile's (doc/versions.md, as for the cross-version dump).  Where
	# the new server refuses it, the old cluster's user columns lose it
	# (a catalogue update by the superuser) after the snapshot, with a NOTE.
	attver_refused() {
		local d=$tmp/c-probe out
		cluster_init "$d" "$newbin" && cluster_start "$d" "$newbin" $new_port || return 1
		out=$(sql $new_port -d postgres -c 'CREATE TABLE probe (a int)' \
			-c 'ALTER TABLE probe ALTER COLUMN a SET (pg_attver = 1)' 2>&1) || true
		cluster_stop "$d" "$newbin"
		rm -rf "$d"
		[[ $out == *'unrecognized parameter "pg_attver"'* ]]
	}
	strip_attver() {
		local n=0 d
		cluster_start "$1" "$oldbin" $old_port || return 1
		for d in $db $db110; do
			n=$((n + $(sql $old_port -d "$d" -c "WITH s AS (UPDATE pg_attribute SET attoptions = nullif(ARRAY(
					SELECT o FROM unnest(attoptions) AS o WHERE o NOT LIKE 'pg\_attver=%'), '{}')
				WHERE attrelid >= 16384 AND array_to_string(attoptions, ',') LIKE '%pg\_attver=%' RETURNING 1)
				SELECT count(*) FROM s")))
		done
		cluster_stop "$1" "$oldbin"
		echo "NOTE: PostgreSQL $v refuses the internal column option pg_attver of PostgreSQL $old_major's columns; removed from the $n user columns that had it (doc/versions.md)"
	}
	# pg_upgrade from old cluster $1 to new $2, in its own working
	# directory (it writes its logs and scripts there); "$@" its mode.
	upgrade() {
		local from=$1 to=$2 wd=$1.wd
		shift 2
		mkdir -p "$wd"
		[ ${#runas[@]} -eq 0 ] || chown postgres: "$wd"
		(cd "$wd" && as_pg "$newbin/pg_upgrade" -b "$oldbin" -B "$newbin" -d "$from" -D "$to" \
			-s "$tmp/sock" -p $old_port -P $new_port -U postgres --no-sync "$@") >"$wd/out" 2>&1
	}
	# What pg_upgrade said, its reports and the errors in its logs.
	upgrade_failed() {
		tail -n 30 "$1.wd/out"
		find "$2" "$1.wd" -path '*pg_upgrade_output.d*' -name '*.txt' \
			-exec sh -c 'echo "== $1"; head -n 20 "$1"' sh {} \; 2>/dev/null
		find "$2" "$1.wd" -path '*pg_upgrade_output.d*' -name '*.log' \
			-exec grep -H -B 2 -A 3 -m 3 -E 'ERROR|FATAL|error:' {} + 2>/dev/null | head -n 40
	}

	zeromile_files() {
		local pc=$newbin/pg_config
		echo "$("$pc" --pkglibdir)/zeromile.so"
		ls "$("$pc" --sharedir)"/extension/zeromile* 2>/dev/null || true
		ls -d "$("$pc" --pkglibdir)"/bitcode/zeromile* 2>/dev/null || true
	}
	install_zeromile() {
		if [ -n "${ZM_IN_CHROOT:-}" ]; then
			make -s --no-print-directory PG_CONFIG="$newbin/pg_config" PG_CFLAGS=-Werror all >&2 &&
				make -s --no-print-directory PG_CONFIG="$newbin/pg_config" install >/dev/null
		else
			local build
			build=$(zm_build_zeromile "$v" PG_CFLAGS=-Werror) && rm -rf "$build"
		fi
	}

	# The checks of a new cluster $1 made by pg_upgrade $2 (copy, link),
	# against the old cluster's snapshot and the old server's after.sql.
	check_new() {
		local d=$1 how="$v $2" got
		ck "$how: the new server starts" cluster_start "$d" "$newbin" $new_port || return 0
		# What pg_upgrade tells users to run next.
		as_pg "$newbin/vacuumdb" -h "$tmp/sock" -p $new_port -U postgres --all --analyze-in-stages >/dev/null 2>&1 ||
			echo "note: vacuumdb --analyze-in-stages failed"
		if capture "new-$2" snapshot $new_port; then
			check "$how: every ordered checksum, plan and amcheck verdict as before the upgrade" same old "new-$2"
			check "$how: the vin btree and hash indexes used, amcheck (heapallindexed) finds the btrees sound" \
				fingerprint_indexes_sound "$tmp/out/new-$2"
			check "$how: the hash index finds all 4000 rows" grep -qx 'hash lookups|4000' "$tmp/out/new-$2"
			check "$how: the BI view read through its vin index" grep -q 'Index Scan using sums_vin_bi on sums' "$tmp/out/new-$2"
		else
			check "$how: snapshot of the new cluster" false
		fi
		got=$(sql $new_port -d $db -c 'SET client_min_messages = warning' -c 'ALTER EXTENSION zeromile UPDATE' \
			-c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'" 2>&1) || true
		check "$how: zeromile $extversion as before; ALTER EXTENSION UPDATE keeps it (got: $got)" \
			test "$got" = "$extversion"
		got=$(sql $new_port -d $db -c "SELECT vin_manufacturer('WF9AAAAAAAAXYZ123'), vin_manufacturer('SB1AAAAAAAA123456')" 2>&1) || true
		check "$how: the registry cache answers for user rows (got: $got)" \
			test "$got" = 'Example small maker|Example user-added maker 2'
		if capture "after-$2" after $new_port; then
			check "$how: the triggers behave as on $old_major (bad VINs refused or quarantined, tracked summaries exact)" \
				same after-old "after-$2"
			check "$how: tracked summaries equal resale_agg over the events, no rebuild difference" \
				grep -qx 'tracked mismatches|0' "$tmp/out/after-$2"
			grep -qx 'rebuild differences|0' "$tmp/out/after-$2" || check "$how: resale_track_rebuild finds no difference" false
		else
			check "$how: after.sql on the new cluster" false
		fi
		capture "data-after-$2" sql $new_port -d $db -f test/upgrade/fingerprint.sql &&
			check "$how: the data after the triggers' work equals $old_major's" same data-after-old "data-after-$2"
		got=$(sql $new_port -d $db110 -c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'" \
			-c 'SELECT (resale_facts(summary)).is_zero_mileage FROM fleet' \
			-c 'SET client_min_messages = warning' -c 'ALTER EXTENSION zeromile UPDATE' \
			-c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'" \
			-c "SET enable_seqscan = off" -c "SELECT vin_manufacturer(vin) FROM fleet WHERE vin = '1HGCM82633A004352'" 2>&1) || true
		check "$how: a database at 1.1.0 works, then ALTER EXTENSION UPDATE takes it to $extversion (got: ${got//$'\n'/ })" \
			test "$got" = $'1.1.0\nt\n'"$extversion"$'\nHonda'
		cluster_stop "$d" "$newbin" || true
	}

	zm_log "pg_upgrade $old_major -> $v: $oldbin -> $newbin"
	[ -x "$oldbin/postgres" ] && [ -x "$newbin/pg_upgrade" ] || zm_die "no old server in $oldbin or no pg_upgrade in $newbin"
	if [ -n "$libs" ]; then
		check "$old_major's programs find every library here (bookworm's missing ones from $libs)" \
			bash -c '! ldd "$1/postgres" "$1/initdb" "$1/pg_ctl" | grep "not found"' - "$oldbin"
	fi

	t0=$SECONDS
	zm_log "populating a PostgreSQL $old_major cluster"
	ck "$v copy: a $old_major cluster populated" populate "$tmp/c-old1" old || {
		finish
		exit
	}

	# A user who forgets the extension's package for the new major is
	# stopped by pg_upgrade --check, which names the library.
	while read -r f; do rm -rf "$f"; done < <(zeromile_files)
	cluster_init "$tmp/c-new1" "$newbin"
	rc=0
	upgrade "$tmp/c-old1" "$tmp/c-new1" --check || rc=$?
	check "$v: without zeromile in the new server, pg_upgrade --check refuses (status $rc) and names it" \
		bash -c '[ "$1" -ne 0 ] && grep -rqsF "could not load library \"\$libdir/zeromile\"" "$2"' - $rc "$tmp/c-new1/pg_upgrade_output.d"
	rm -rf "$tmp/c-new1" "$tmp/c-old1.wd"
	zm_log "building and installing zeromile for $v ($((SECONDS - t0)) s)"
	check "$v: zeromile builds and installs for the new server" install_zeromile
	attver=
	attver_refused && attver=1

	for mode in copy link; do
		zm_log "pg_upgrade --$mode ($((SECONDS - t0)) s)"
		o=$tmp/c-old-$mode
		n=$tmp/c-new-$mode
		if [ $mode = copy ]; then
			mv "$tmp/c-old1" "$o"
		else
			populate "$o" old-link
			check "$v link: a fresh $old_major cluster populated, identical to the first" same old old-link
		fi
		cluster_init "$n" "$newbin"
		[ -z "$attver" ] || strip_attver "$o"
		if [ $mode = copy ]; then
			ck "$v: pg_upgrade --check passes" upgrade "$o" "$n" --check || upgrade_failed "$o" "$n"
		fi
		if ! ck "$v $mode: pg_upgrade --$mode" upgrade "$o" "$n" --$mode; then
			upgrade_failed "$o" "$n"
			continue
		fi
		if [ $mode = copy ]; then
			# The old cluster is intact after --copy: what the triggers do
			# there is what they must do on the new server.
			cluster_start "$o" "$oldbin" $old_port &&
				capture after-old after $old_port &&
				capture data-after-old sql $old_port -d $db -f test/upgrade/fingerprint.sql
			check "$v copy: the old cluster still starts, for the reference run of after.sql" \
				grep -qx 'tracked mismatches|0' "$tmp/out/after-old"
			cluster_stop "$o" "$oldbin" || true
			check "$v copy: the new cluster's files are copies" \
				test -z "$(find "$n/base" -type f -links +1 | head -n 1)"
		else
			check "$v link: the new cluster's relation files are hard links of the old's" \
				test -n "$(find "$n/base" -type f -links +1 | head -n 1)"
			check "$v link: the old cluster is disabled (global/pg_control.old)" test -f "$o/global/pg_control.old"
		fi
		check_new "$n" $mode
		rm -rf "$o" "$n" "$o.wd"
	done
	zm_log "done ($((SECONDS - t0)) s)"
	finish
	exit
fi

# ---------------------------------------------------------------------
# Every target major in turn; the tally of all.
# ---------------------------------------------------------------------
checks_name=pg-upgrade
. test/lib/checks.sh
ZM_LOG_TAG=$old_major
old_pg_config=${PGUPGRADE_OLD_PG_CONFIG:-/usr/lib/postgresql/$old_major/bin/pg_config}
[ -x "$old_pg_config" ] || zm_die "no $old_pg_config (PGUPGRADE_OLD_PG_CONFIG)"
oldbin=$("$old_pg_config" --bindir)
oldlib=$("$old_pg_config" --pkglibdir)
oldshare=$("$old_pg_config" --sharedir)
[ "$("$old_pg_config" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')" = $old_major ] ||
	zm_die "$old_pg_config is not PostgreSQL $old_major's"
[ -f "$oldlib/zeromile.so" ] && [ -f "$oldshare/extension/zeromile.control" ] ||
	zm_die "zeromile is not installed in $old_pg_config's server (make install, or make test-pg-upgrade)"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for v in "${ZM_VERSIONS[@]}"; do
		[ "$v" -gt $old_major ] && targets+=("$v")
	done
fi
log=$(mktemp)
stage=
trap 'rm -f "$log"; [ -z "$stage" ] || rm -rf "$stage"' EXIT

# Copy into directory $1 the libraries that 15's programs and modules load
# and that the chroot $2 has no file of (by soname): bookworm's libraries
# that trixie lacks.
stage_libs() {
	local root=$2 f l n d
	for f in "$oldbin"/* "$oldlib"/*.so; do
		case $f in */llvmjit*) continue ;; esac # JIT is off
		# (scripts among the programs: ldd says no and prints nothing)
		ldd "$f" 2>/dev/null | awk '$3 ~ /^\// { print $3 }' || true
	done | sort -u | while read -r l; do
		n=$(basename "$l")
		d=$(dirname "$l")
		# the host's directory of it, with or without /usr (merged there)
		[ -e "$root$d/$n" ] || [ -e "$root/usr${d#/usr}/$n" ] || cp -L "$l" "$1/"
	done
}

for v in "${targets[@]}"; do
	t0=$SECONDS
	ZM_LOG_TAG=$v
	echo "======== pg_upgrade $old_major -> $v ========"
	rc=0
	if zm_chroot_suite_of "$v" >/dev/null; then
		bash test/versions/pg-chroot.sh "$v" || rc=$?
		if [ $rc -eq 0 ]; then
			stage=$(mktemp -d /tmp/zeromile-pgupgrade-libs.XXXXXX)
			chmod 755 "$stage"
			stage_libs "$stage" "$(zm_chroot_dir "$v")/root"
			zm_log "$(find "$stage" -type f | wc -l) libraries of bookworm given to $old_major in the chroot: $(ls "$stage" | paste -sd ' ')"
			# 15's installation, read-only at its own paths
			binds=$(dirname "$oldbin")
			for d in "$oldlib" "$oldshare"; do
				[[ $d == "$binds"/* ]] || binds+=" $d"
			done
			binds+=" $stage"
			ZM_CHROOT_BIND=$binds zm_chroot_run "$v" bash test/pg-upgrade/run.sh --inside "$v" "$oldbin" "$stage" 2>&1 | tee "$log" || true
			rm -rf "$stage"
			stage=
		fi
	else
		bash test/versions/pg-build.sh "$v" || rc=$?
		if [ $rc -eq 0 ]; then
			# One run at a time installs into and tests the prefix.
			exec 9>"$(zm_cache)/pg$v.use.lock"
			if ! flock -n 9; then
				zm_log "waiting for another run using $(zm_cache)/pg$v"
				flock 9
			fi
			bash test/pg-upgrade/run.sh --inside "$v" "$oldbin" 2>&1 | tee "$log" || true
			flock -u 9
		fi
	fi
	closing=$(grep -E "^pg-upgrade $v: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1 || true)
	if [ $rc -ne 0 ] || [ -z "$closing" ]; then
		check "pg_upgrade $old_major -> $v ran (no server for $v: status $rc; or no closing line)" false
	else
		p=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\1/' <<<"$closing")
		f=$(sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed/\2/' <<<"$closing")
		passed=$((passed + p))
		failed=$((failed + f))
	fi
	: >"$log"
	zm_log "pg_upgrade $old_major -> $v: ${closing:-no result} ($((SECONDS - t0)) s)"
done
finish
