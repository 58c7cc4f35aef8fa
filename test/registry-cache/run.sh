#!/usr/bin/env bash
# The registry cache of vin_manufacturer and vin_decode against the changes
# that do not come from a user's INSERT/UPDATE/DELETE (sql/decode_cache.sql
# and specs/registry_cache.spec cover those): pg_restore, with and without
# --disable-triggers, and ALTER EXTENSION UPDATE, from 1.0.0 and by a
# release script that changes shipped rows.  In each case a session that
# built its cache before the change (kept open throughout) must answer
# from the changed registry at its next statement.
# Runs inside pg_virtualenv (PGHOST etc. set) as a superuser; installs a
# test-only update script into the server's extension directory (removed
# however the script ends).
set -euo pipefail
cd "$(dirname "$0")/../.."

tmp=$(mktemp -d)
dbs=(zm_rc_src zm_rc_dst zm_rc_new zm_rc_update zm_rc_from100 zm_rc_race)
extdir="$(pg_config --sharedir)/extension"
new=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" zeromile.control)
fixture="$extdir/zeromile--$new--$new-cachetest.sql"
writer_pid=
gdb_pid=
cleanup() {
	[ -n "$gdb_pid" ] && kill "$gdb_pid" 2>/dev/null || true
	[ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null || true
	[ -n "${session_pid:-}" ] && kill "$session_pid" 2>/dev/null || true
	rm -f "$fixture"
	for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

. test/lib/session.sh
# The cached answers and, for comparison, the query they stand for
read_makers="SELECT coalesce(vin_manufacturer(v), '-') || '|' || coalesce((vin_decode(v, date '2025-06-30')).manufacturer, '-') || '|' || coalesce((SELECT manufacturer FROM wmi_registry WHERE wmi = vin_wmi(v)), '-') FROM (VALUES ('LXAAB12C3PA123456'::vin)) x(v);"
read_lsj="SELECT vin_manufacturer('LSJA24U62JG269225') || '|' || coalesce(vin_manufacturer('LXDAB12C3PA123456'), '-');"

echo "# pg_restore"
for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null; done
createdb zm_rc_src
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_src -c 'CREATE EXTENSION zeromile' \
	-c "INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXA', 'Restored maker')"
pg_dump -Fc -f "$tmp/src.dump" zm_rc_src

createdb zm_rc_dst
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_dst -c 'CREATE EXTENSION zeromile'
open_session zm_rc_dst
check "before the restore: unknown" "-|-|-" "$(ask "$read_makers")"
pg_restore --data-only -d zm_rc_dst "$tmp/src.dump"
check "pg_restore --data-only: seen by the open session" \
	"Restored maker|Restored maker|Restored maker" "$(ask "$read_makers")"
psql -X -q -d zm_rc_dst -c 'DELETE FROM wmi_registry WHERE NOT shipped'
check "rows deleted again: unknown" "-|-|-" "$(ask "$read_makers")"
pg_restore --data-only --disable-triggers -d zm_rc_dst "$tmp/src.dump"
check "pg_restore --data-only --disable-triggers: seen by the open session" \
	"Restored maker|Restored maker|Restored maker" "$(ask "$read_makers")"

createdb zm_rc_new
open_session zm_rc_new
check "a session on the empty target database" "" "$(ask 'SELECT 1 WHERE false;')"
pg_restore -d zm_rc_new "$tmp/src.dump"
check "full pg_restore: seen by the session that was waiting" \
	"Restored maker|Restored maker|Restored maker" "$(ask "$read_makers")"

echo "# ALTER EXTENSION UPDATE by a release that changes shipped rows"
cat >"$fixture" <<'EOF'
-- test/registry-cache/run.sh: a release that relabels and adds shipped WMIs
UPDATE wmi_registry SET manufacturer = 'SAIC MG (relabelled)' WHERE wmi = 'LSJ';
INSERT INTO wmi_registry (wmi, manufacturer, country, source, shipped)
VALUES ('LXD', 'Shipped by the update', 'China', 'test', true);
EOF
createdb zm_rc_update
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_update -c 'CREATE EXTENSION zeromile'
open_session zm_rc_update
check "before the update" "SAIC MG|-" "$(ask "$read_lsj")"
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_update -c "ALTER EXTENSION zeromile UPDATE TO '$new-cachetest'"
check "after the update, in the open session" "SAIC MG (relabelled)|Shipped by the update" \
	"$(ask "$read_lsj")"
check "and in the session that ran it (a new one)" "SAIC MG (relabelled)|Shipped by the update" \
	"$(psql -X -A -t -d zm_rc_update -c "$read_lsj")"

echo "# ALTER EXTENSION UPDATE from 1.0.0 (SQL functions) to the C functions"
createdb zm_rc_from100
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_from100 -c "CREATE EXTENSION zeromile VERSION '1.0.0'" \
	-c "INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXA', 'Added under 1.0.0')"
open_session zm_rc_from100
check "under 1.0.0" "Added under 1.0.0|Added under 1.0.0|Added under 1.0.0" "$(ask "$read_makers")"
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_from100 -c "ALTER EXTENSION zeromile UPDATE TO '$new'"
check "after the update, in the open session" \
	"Added under 1.0.0|Added under 1.0.0|Added under 1.0.0" "$(ask "$read_makers")"
check "the functions are C now" "c|c" \
	"$(ask "SELECT string_agg(l.lanname, '|' ORDER BY p.proname) FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.proname IN ('vin_manufacturer', 'vin_decode');")"
psql -X -q -d zm_rc_from100 -c "UPDATE wmi_registry SET manufacturer = 'Changed under 1.1.0' WHERE wmi = 'LXA'"
check "a change after the update, in the open session" \
	"Changed under 1.1.0|Changed under 1.1.0|Changed under 1.1.0" "$(ask "$read_makers")"

echo "# a statement starting while a change commits (issue #22, finding 10)"
# A committing transaction is visible to new snapshots before it sends its
# invalidations (CommitTransaction: ProcArrayEndTransaction, then
# AtEOXact_Inval).  The writer is held in that window by gdb; a session
# that built its cache before must answer as the query in the same
# statement does.  Needs gdb and the right to attach to the server.
createdb zm_rc_race
psql -X -q -v ON_ERROR_STOP=1 -d zm_rc_race -c 'CREATE EXTENSION zeromile'
open_session zm_rc_race
check "before the change" "-|-|-" "$(ask "$read_makers")"
if command -v gdb >/dev/null 2>&1; then
	mkfifo "$tmp/win" "$tmp/gin"
	psql -X -q -A -t -d zm_rc_race <"$tmp/win" >"$tmp/wout" 2>&1 &
	writer_pid=$!
	exec 5>"$tmp/win"
	printf 'SELECT pg_backend_pid();\nBEGIN;\nINSERT INTO wmi_registry (wmi, manufacturer) VALUES (%s);\n' \
		"'LXA', 'Committing maker'" >&5
	for _ in $(seq 100); do [ -s "$tmp/wout" ] && break; sleep 0.1; done
	backend=$(head -n 1 "$tmp/wout")
	gdb -q -nx -p "$backend" <"$tmp/gin" >"$tmp/gdb.log" 2>&1 &
	gdb_pid=$!
	exec 6>"$tmp/gin"
	printf 'break AtEOXact_Inval\ncontinue\n' >&6
	for _ in $(seq 300); do grep -q '^Continuing' "$tmp/gdb.log" && break; sleep 0.1; done
	printf 'COMMIT;\n' >&5
	held=
	for _ in $(seq 300); do grep -q 'Breakpoint 1,' "$tmp/gdb.log" && { held=1; break; }; sleep 0.1; done
	if [ -n "$held" ]; then
		check "committed, invalidations not sent: the cache answers as the query" \
			"Committing maker|Committing maker|Committing maker" "$(ask "$read_makers")"
	else
		failed=$((failed + 1))
		echo "not ok - gdb did not stop the committing backend at AtEOXact_Inval"
		sed 's/^/  /' "$tmp/gdb.log"
	fi
	printf 'delete\ndetach\nquit\n' >&6
	exec 6>&-
	wait "$gdb_pid" 2>/dev/null || true
	gdb_pid=
	exec 5>&-
	wait "$writer_pid" 2>/dev/null || true
	writer_pid=
	check "after the commit" "Committing maker|Committing maker|Committing maker" "$(ask "$read_makers")"
else
	echo "ok - # SKIP no gdb: the commit window cannot be held open"
fi

echo "registry cache: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
