#!/usr/bin/env bash
# The upgrade path users take: a database populated on PostgreSQL 15 (vin and
# resale_summary columns, indexes, hash and range partitions, rows through
# the triggers, user rows in wmi_registry: test/upgrade/setup*.sql) is dumped
# with pg_dump of the newer server, as PostgreSQL recommends, and with 15's
# own pg_dump; each dump is restored into PostgreSQL 18 and must read back
# identically there (test/upgrade/
# fingerprint.sql: checksums of text and binary forms, accessors, index and
# partition checks, amcheck).  Part of make test-all, after the per-version
# runs: zeromile must be installed in both servers (make test, make test
# PG=18).  Ends with "cross-version: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/lib/pg-lib.sh
. test/upgrade/fingerprint.sh
old=${CROSS_OLD:-15}
new=${CROSS_NEW:-18}

case ${1:-} in
'')
	# Two throwaway clusters, the old one outside, the new one inside.
	exec bash test/versions/pg-cluster.sh "$old" bash "$0" --old-up
	;;
--old-up)
	export CROSS_OLD_HOST=$PGHOST CROSS_OLD_PORT=$PGPORT
	exec bash test/versions/pg-cluster.sh "$new" bash "$0" --both-up
	;;
--both-up) ;;
*)
	echo "usage: $0" >&2
	exit 2
	;;
esac

# Now PGHOST/PGPORT and PATH are the new server's; the old one is at
# CROSS_OLD_HOST/PORT.
db=zeromile_cross
tmp=$(mktemp -d)
# CROSS_KEEP=1 keeps the dumps and fingerprints for a look
trap '[ -n "${CROSS_KEEP:-}" ] && echo "kept in $tmp" || rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
# A client program of the old version, on the old server.
on_old() {
	local cmd=$1
	shift
	PGHOST=$CROSS_OLD_HOST PGPORT=$CROSS_OLD_PORT "$(zm_bindir "$old")/$cmd" "$@"
}

echo "populating a database on PostgreSQL $(on_old psql -X -A -t -c 'SHOW server_version')"
if on_old createdb $db && on_old psql -X -q -v ON_ERROR_STOP=1 -d $db -c 'CREATE EXTENSION zeromile' \
	-f test/upgrade/setup.sql -f test/upgrade/setup-superuser.sql >"$tmp/setup.log" 2>&1; then
	ok "$old: populated"
else
	cat "$tmp/setup.log"
	not_ok "$old: populated"
fi
on_old psql -X -q -A -t -v ON_ERROR_STOP=1 -d $db -f test/upgrade/fingerprint.sql >"$tmp/old.fp" 2>&1 || not_ok "$old: fingerprint failed: $(cat "$tmp/old.fp")"

# Each way of carrying the database over: restore into a fresh database on
# the new server and compare its fingerprint with the old one's, line for
# line (the plans of its index checks included: they are the same on both).
compare() {
	local how=$1 target=$2
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$target" -f test/upgrade/fingerprint.sql >"$tmp/new.fp" 2>&1 ||
		{ not_ok "$how: fingerprint failed: $(cat "$tmp/new.fp")"; return; }
	if diff -u --label "$old" --label "$new" "$tmp/old.fp" "$tmp/new.fp" >"$tmp/diff"; then
		ok "$how: data, summaries, registry and partitions read back identically ($(wc -l <"$tmp/new.fp") lines)"
	else
		head -n 100 "$tmp/diff"
		not_ok "$how: data, summaries, registry and partitions read back identically"
	fi
	if fingerprint_indexes_sound "$tmp/new.fp"; then
		ok "$how: the restored vin indexes are used, and amcheck finds them sound"
	else
		not_ok "$how: the restored vin indexes are not used, or amcheck failed"
	fi
}
old_conn="host=$CROSS_OLD_HOST port=$CROSS_OLD_PORT dbname=$db"

# 1. pg_dump of the new version, as PostgreSQL recommends.  PostgreSQL 15.20
# (bookworm's) keeps an internal column option, pg_attver, that its own
# pg_dump leaves out but 18.6's pg_dump copies into the dump, and the 18.6
# server rejects ('unrecognized parameter "pg_attver"').  Not zeromile's
# doing: such lines are left out (pg_restore to SQL, filtered), with a note.
createdb ${db}_new
if pg_dump -Fc -d "$old_conn" -f "$tmp/new.dump" 2>"$tmp/dump.err" &&
	pg_restore -f "$tmp/new.sql" "$tmp/new.dump" 2>>"$tmp/dump.err"; then
	n=$(grep -c -E '^ALTER TABLE ONLY .* ALTER COLUMN .* SET \(pg_attver=[0-9]+\);$' "$tmp/new.sql" || true)
	if [ "$n" -gt 0 ]; then
		echo "NOTE: pg_dump $new copied $n internal pg_attver column options of PostgreSQL $old; they are left out (doc/versions.md)"
		sed -i -E '/^ALTER TABLE ONLY .* ALTER COLUMN .* SET \(pg_attver=[0-9]+\);$/d' "$tmp/new.sql"
	fi
	if psql -X -q -v ON_ERROR_STOP=1 -d ${db}_new -f "$tmp/new.sql" >"$tmp/restore.log" 2>&1; then
		ok "pg_dump $new of the $old database restores into $new"
		compare "pg_dump $new" ${db}_new
	else
		cat "$tmp/restore.log"
		not_ok "pg_dump $new of the $old database restores into $new"
	fi
else
	cat "$tmp/dump.err"
	not_ok "pg_dump $new of the $old database"
fi

# 2. pg_dump of the old version, custom format, pg_restore of the new one
# straight into the database.
createdb $db
if on_old pg_dump -Fc -d $db -f "$tmp/old.dump" 2>"$tmp/dump.err" &&
	pg_restore --exit-on-error -d $db "$tmp/old.dump" 2>"$tmp/restore.err"; then
	ok "pg_dump $old of the $old database, pg_restore $new into $new"
	compare "pg_dump $old" $db
else
	cat "$tmp/dump.err" "$tmp/restore.err" 2>/dev/null
	not_ok "pg_dump $old of the $old database, pg_restore $new into $new"
fi

v=$(psql -X -A -t -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'")
if [ "$v" = "$(on_old psql -X -A -t -d $db -c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'")" ]; then
	ok "$new: zeromile $v restored"
else
	not_ok "$new: zeromile restored as '$v'"
fi

echo "cross-version: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
