#!/usr/bin/env bash
# The registry cache on a logical replication subscriber (issue #22,
# finding 6): the apply worker fires row and TRUNCATE triggers but no other
# statement triggers, so 1.1.0's statement trigger never told the
# subscriber's sessions that the registry changed.  A publication of
# wmi_registry in one database and a subscription in another (one cluster);
# a session on the subscriber that built its cache before the replicated
# changes, kept open throughout, must answer from the changed registry once
# each change has been applied, as the query of the table does.
# Needs wal_level = logical: runs in the current cluster (PGHOST etc. set,
# a superuser) when it has it, else in a throwaway cluster of the same
# server (pg_config on the PATH) that it starts and removes.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(psql -X -A -t -c 'SHOW wal_level')" != logical ]; then
	[ -z "${ZM_REPLICATION_INNER:-}" ] || { echo "wal_level is not logical"; exit 1; }
	bindir=$(pg_config --bindir)
	runas=()
	[ "$(id -u)" -eq 0 ] && runas=(runuser -u postgres --)
	dir=$(mktemp -d /tmp/zeromile-repl.XXXXXX)
	chmod 755 "$dir"
	mkdir "$dir/data" "$dir/sock"
	[ ${#runas[@]} -eq 0 ] || chown postgres: "$dir/data" "$dir/sock" "$dir"
	trap '"${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
	"${runas[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 \
		--locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
	"${runas[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
		-o "-k $dir/sock -p 54321 -c listen_addresses= -c fsync=off -c wal_level=logical" \
		start >/dev/null || { cat "$dir/server.log"; exit 1; }
	rc=0
	PGHOST=$dir/sock PGPORT=54321 PGUSER=postgres PGDATABASE=postgres ZM_REPLICATION_INNER=1 \
		bash "$0" "$@" || rc=$?
	[ $rc -eq 0 ] || tail -n 40 "$dir/server.log"
	exit $rc
fi

tmp=$(mktemp -d)
pub=zm_repl_pub
sub=zm_repl_sub
cleanup() {
	[ -n "${session_pid:-}" ] && kill "$session_pid" 2>/dev/null || true
	psql -X -q -d "$sub" -c 'ALTER SUBSCRIPTION zm_sub DISABLE' \
		-c 'ALTER SUBSCRIPTION zm_sub SET (slot_name = NONE)' -c 'DROP SUBSCRIPTION zm_sub' >/dev/null 2>&1 || true
	psql -X -q -d "$pub" -c "SELECT pg_drop_replication_slot('zm_sub')" >/dev/null 2>&1 || true
	for db in "$pub" "$sub"; do dropdb --if-exists --force "$db" >/dev/null 2>&1 || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

. test/lib/session.sh
# Wait until the subscriber's table answers query $1 with $2 (the change
# has been applied), at most 30 s.
applied() {
	for _ in $(seq 300); do
		[ "$(psql -X -A -t -d "$sub" -c "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	echo "# the subscriber did not apply the change in 30 s"
	return 1
}
read_makers="SELECT coalesce(vin_manufacturer(v), '-') || '|' || coalesce((vin_decode(v, date '2025-06-30')).manufacturer, '-') || '|' || coalesce(vin_vehicle_type(v), '-') || '|' || coalesce((SELECT manufacturer FROM wmi_registry WHERE wmi = vin_wmi(v)), '-') FROM (VALUES ('LXAAB12C3PA123456'::vin)) x(v);"
lxa="SELECT coalesce((SELECT manufacturer FROM wmi_registry WHERE wmi = 'LXA'), '-')"

for db in "$pub" "$sub"; do
	dropdb --if-exists --force "$db" >/dev/null 2>&1
	createdb "$db"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE EXTENSION zeromile'
done
# Only the user rows travel: both sides have the shipped ones already.
psql -X -q -v ON_ERROR_STOP=1 -d "$pub" -c 'CREATE PUBLICATION zm_pub FOR TABLE wmi_registry' \
	-c "SELECT pg_create_logical_replication_slot('zm_sub', 'pgoutput')" >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -d "$sub" -c "CREATE SUBSCRIPTION zm_sub
	CONNECTION 'host=$PGHOST port=$PGPORT user=$PGUSER dbname=$pub'
	PUBLICATION zm_pub WITH (create_slot = false, slot_name = 'zm_sub', copy_data = false)"

open_session "$sub"
check "subscriber, before any change: unknown" "-|-|-|-" "$(ask "$read_makers")"
check "and in a REPEATABLE READ transaction left open" "-|-|-|-" \
	"$(ask "BEGIN ISOLATION LEVEL REPEATABLE READ; $read_makers")"

psql -X -q -v ON_ERROR_STOP=1 -d "$pub" \
	-c "INSERT INTO wmi_registry (wmi, manufacturer, vehicle_type) VALUES ('LXA', 'Replicated maker', 'bus')"
applied "$lxa" "Replicated maker"
check "replicated INSERT: the open REPEATABLE READ transaction keeps its snapshot's registry" \
	"-|-|-|-" "$(ask "$read_makers")"
check "replicated INSERT: seen by the open session's next transaction" \
	"Replicated maker|Replicated maker|bus|Replicated maker" "$(ask "COMMIT; $read_makers")"

psql -X -q -v ON_ERROR_STOP=1 -d "$pub" \
	-c "UPDATE wmi_registry SET manufacturer = 'Renamed on the publisher', vehicle_type = 'truck' WHERE wmi = 'LXA'"
applied "$lxa" "Renamed on the publisher"
check "replicated UPDATE: seen by the open session" \
	"Renamed on the publisher|Renamed on the publisher|truck|Renamed on the publisher" "$(ask "$read_makers")"

psql -X -q -v ON_ERROR_STOP=1 -d "$pub" -c "DELETE FROM wmi_registry WHERE wmi = 'LXA'"
applied "$lxa" "-"
check "replicated DELETE: seen by the open session" "-|-|-|-" "$(ask "$read_makers")"

# Several changes in one replicated transaction, then a TRUNCATE (the
# publisher's superuser lifts its guard; the apply worker fires only
# triggers enabled ALWAYS or REPLICA, so the subscriber's guard stays out)
psql -X -q -v ON_ERROR_STOP=1 -d "$pub" -c "BEGIN" \
	-c "INSERT INTO wmi_registry (wmi, manufacturer) VALUES ('LXA', 'First'), ('LXB', 'Second')" \
	-c "UPDATE wmi_registry SET manufacturer = 'First, amended' WHERE wmi = 'LXA'" -c "COMMIT"
applied "$lxa" "First, amended"
check "a replicated transaction of several changes" "First, amended|First, amended|-|First, amended" \
	"$(ask "$read_makers")"
check "shipped rows still known" "SAIC MG" "$(ask "SELECT vin_manufacturer('LSJA24U62JG269225');")"
psql -X -q -v ON_ERROR_STOP=1 -d "$pub" -c "BEGIN" \
	-c "ALTER TABLE wmi_registry DISABLE TRIGGER wmi_registry_guard_truncate" \
	-c "TRUNCATE wmi_registry" -c "COMMIT"
applied "SELECT count(*) FROM wmi_registry" "0"
check "replicated TRUNCATE: seen by the open session" "-|-|-|-" "$(ask "$read_makers")"
check "replicated TRUNCATE: shipped rows gone too" "-" \
	"$(ask "SELECT coalesce(vin_manufacturer('LSJA24U62JG269225'), '-');")"
check "the subscriber counted each applied transaction once, its TRUNCATE too" "6" \
	"$(psql -X -A -t -d "$sub" -c 'SELECT generation FROM wmi_registry_generation')"

echo "replication: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
