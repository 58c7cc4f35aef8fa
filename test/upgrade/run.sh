#!/usr/bin/env bash
# Upgrade test: for every released version (a frozen zeromile--X.sql other
# than the control file's default_version), a database made under it and
# filled with user data is updated with ALTER EXTENSION zeromile UPDATE and
# compared with a fresh install of the default version:
#   (a) the catalogue snapshot (test/upgrade/snapshot.sql) is identical;
#   (b) the data and stored summaries read back identically (checksums of
#       text and binary forms, accessors, indexes, partitions);
#   (c) the triggers set up before the update behave as on a fresh install.
# Also: the update in a non-default schema, and a self-check that the
# snapshot does notice a changed volatility, comment, grant or object.
# Runs inside pg_virtualenv (PGHOST etc. set); see doc/upgrading.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
. test/upgrade/fingerprint.sh

new=$(sed -n "s/^default_version *= *'\([^']*\)'.*/\1/p" zeromile.control)
olds=()
for f in zeromile--*.sql; do
	v=${f#zeromile--}
	v=${v%.sql}
	# Upgrade scripts (A--B) and the current version's built script are
	# not versions to upgrade from.
	[[ $v == *--* || $v == "$new" ]] && continue
	olds+=("$v")
done

# The extension is trusted: databases are owned, and the extension created
# and updated, by non-superusers, as a database owner would; two of them,
# so that the snapshot's owner placeholders are exercised.
up_owner=zm_upgrade_up
fresh_owner=zm_upgrade_fresh
dbs=()
tmp=$(mktemp -d)
cleanup() {
	for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
	psql -X -q -c "DROP ROLE IF EXISTS $up_owner" -c "DROP ROLE IF EXISTS $fresh_owner" >/dev/null 2>&1 || true
	# UPGRADE_KEEP=1 keeps the snapshots and outputs for a look.
	if [ -n "${UPGRADE_KEEP:-}" ]; then echo "outputs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; }
finish() {
	echo "upgrade: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
# Two outputs that must be equal; the difference is printed.
same() {
	if diff -u --label "$2" --label "$3" "$tmp/$2" "$tmp/$3" >"$tmp/diff"; then
		ok "$1"
	else
		not_ok "$1"
		head -n 200 "$tmp/diff"
	fi
}
# A step whose output is not needed: on failure it is a failed check, its
# error is printed, and it returns non-zero.
step() {
	if "${@:2}" >"$tmp/step.out" 2>&1; then
		return 0
	fi
	not_ok "$1"
	cat "$tmp/step.out"
	return 1
}
# Output into $tmp/$1, compared later; a failure is a failed check of its
# own (else two equally broken outputs would compare equal).
capture() {
	if ! "${@:2}" >"$tmp/$1" 2>"$tmp/$1.err"; then
		not_ok "$1: $2 failed"
		cat "$tmp/$1.err"
	fi
}

# psql as the superuser of pg_virtualenv, or as a role (the session user
# stays the superuser, so the roles need no password).
su_sql() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"; }
as_sql() {
	local role=$1
	shift
	PGOPTIONS="-c role=$role" psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"
}
newdb() {
	dbs+=("$1")
	dropdb --if-exists "$1" 2>/dev/null
	createdb ${2:+-O "$2"} "$1"
}
snapshot() { su_sql "$1" -f test/upgrade/snapshot.sql; }
fingerprint() { su_sql "$1" -f test/upgrade/fingerprint.sql; }
# after.sql's notifications name the backend's PID.  Their order is
# compared too: resale_track sends them in VIN order (doc/triggers.md).
after() { as_sql "$2" "$1" -f test/upgrade/after.sql | sed 's/server process with PID [0-9]*/server process/'; }
version() { su_sql "$1" -c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'"; }

psql -X -q -c 'SET client_min_messages = warning' \
	-c "DROP ROLE IF EXISTS $up_owner" -c "DROP ROLE IF EXISTS $fresh_owner" \
	-c "CREATE ROLE $up_owner" -c "CREATE ROLE $fresh_owner" >/dev/null

if [ ${#olds[@]} -eq 0 ]; then
	echo "no released version to upgrade from (default_version $new)"
fi
echo "upgrading to $new from: ${olds[*]:-none}"

# The fresh install, once: what every update must end up as.
fresh=zeromile_upgrade_fresh
newdb $fresh $fresh_owner
step "fresh $new install with the user data" \
	as_sql $fresh_owner $fresh -c 'CREATE EXTENSION zeromile' -f test/upgrade/setup.sql &&
	step "fresh $new install: superuser's user data" su_sql $fresh -f test/upgrade/setup-superuser.sql ||
	finish
capture fresh.snapshot snapshot $fresh
capture fresh.data fingerprint $fresh
capture fresh.after after $fresh $fresh_owner
capture fresh.data-after fingerprint $fresh
echo "fresh $new install: $(wc -l <"$tmp/fresh.snapshot") catalogue facts"

fresh_schema=zeromile_upgrade_fresh_schema
newdb $fresh_schema
step "fresh $new install in schema zm" \
	su_sql $fresh_schema -c 'CREATE SCHEMA zm' -c 'CREATE EXTENSION zeromile SCHEMA zm' || finish
capture fresh-schema.snapshot snapshot $fresh_schema

for old in "${olds[@]}"; do
	echo "-- from $old"
	db=zeromile_upgrade_from_$old
	db=${db//[^a-zA-Z0-9_]/_}
	newdb "$db" $up_owner
	step "$old: install with the user data" \
		as_sql $up_owner "$db" -c "CREATE EXTENSION zeromile VERSION '$old'" -f test/upgrade/setup.sql &&
		step "$old: superuser's user data" su_sql "$db" -f test/upgrade/setup-superuser.sql ||
		continue
	capture "$old.data-before" fingerprint "$db"
	# setup-superuser.sql's user rows LNB and L1N, where $old does not ship them
	replaced=$(su_sql "$db" -c "SELECT string_agg(wmi, ' ' ORDER BY wmi) FROM wmi_registry WHERE wmi IN ('LNB', 'L1N') AND NOT shipped")

	# The extension's owner updates it, as a database owner would.
	step "$old: ALTER EXTENSION zeromile UPDATE" as_sql $up_owner "$db" -c 'ALTER EXTENSION zeromile UPDATE' ||
		continue
	# A user row for a WMI the new version ships gives way to the shipped
	# row, with a warning that gives what it said (doc/upgrading.md).
	for wmi in $replaced; do
		now=$(su_sql "$db" -c "SELECT concat_ws('|', shipped, manufacturer, source, manufacturer_zh) FROM wmi_registry WHERE wmi = '$wmi'")
		fresh_row=$(su_sql $fresh -c "SELECT concat_ws('|', shipped, manufacturer, source, manufacturer_zh) FROM wmi_registry WHERE wmi = '$wmi'")
		if grep -q "WARNING:  your row of WMI \"$wmi\" was replaced by the row zeromile" "$tmp/step.out" &&
			grep -q "Your row said manufacturer 'Example user-added maker'" "$tmp/step.out" &&
			[ "$now" = "$fresh_row" ] && [ "${now%%|*}" = t ]; then
			ok "$old: the user's row $wmi, a WMI that $new ships, is replaced by the shipped row, with a warning"
		else
			not_ok "$old: the user's row $wmi after the update: '$now' (fresh: '$fresh_row'); output:"
			cat "$tmp/step.out"
		fi
	done
	v=$(version "$db")
	if [ "$v" = "$new" ]; then ok "$old: ALTER EXTENSION UPDATE reaches $new"; else not_ok "$old: updated to '$v', not $new"; fi

	capture "$old.snapshot" snapshot "$db"
	same "$old: catalogue after the update equals a fresh $new install" fresh.snapshot "$old.snapshot"

	capture "$old.data" fingerprint "$db"
	same "$old: data and stored summaries read back identically after the update" "$old.data-before" "$old.data"
	same "$old: data equals that of a fresh $new install" fresh.data "$old.data"
	if fingerprint_indexes_sound "$tmp/$old.data"; then
		ok "$old: the vin indexes are used after the update, and amcheck finds them sound"
	else
		not_ok "$old: the vin indexes are not used after the update, or amcheck failed"
	fi

	capture "$old.after" after "$db" $up_owner
	same "$old: triggers set up under $old behave as on a fresh install" fresh.after "$old.after"
	capture "$old.data-after" fingerprint "$db"
	same "$old: data after the triggers' work equals the fresh install's" fresh.data-after "$old.data-after"

	# Installed off the default schema (by a superuser, as 1.0.0 was).
	sdb=${db}_schema
	newdb "$sdb"
	step "$old: install in schema zm and update" \
		su_sql "$sdb" -c 'CREATE SCHEMA zm' -c "CREATE EXTENSION zeromile SCHEMA zm VERSION '$old'" \
		-c 'CREATE TABLE t (v zm.vin PRIMARY KEY)' \
		-c "INSERT INTO t VALUES ('1HGCM82633A004352'), ('LGXCB4E20P1234567')" \
		-c 'ALTER EXTENSION zeromile UPDATE' || continue
	# vin_decode's body finds the registry and functions in zm, with zm
	# off the search_path.
	got=$(su_sql "$sdb" -c "SELECT extversion FROM pg_extension WHERE extname = 'zeromile'" \
		-c "SELECT string_agg((zm.vin_decode(v, '2026-01-01')).manufacturer, ',' ORDER BY v) FROM t" 2>&1) || true
	if [ "$got" = "$new"$'\n'"Honda,BYD Auto" ]; then
		ok "$old: update in schema zm"
	else
		not_ok "$old: update in schema zm gave: $got"
	fi
	capture "$old.schema.snapshot" snapshot "$sdb"
	same "$old: catalogue in schema zm equals a fresh install there" fresh-schema.snapshot "$old.schema.snapshot"
done

# 1.1.0 objects whose meaning 1.2.0 changes (issue 20): a BI view made by
# 1.1.0's bi_create_view is replaced by 1.2.0's; a resale_track trigger
# with a window 1.2.0 refuses ('30', read as 30 seconds) gets a warning at
# the update and an error naming it at its next firing; and before the
# update, resale_facts (the 1.1.0 type, 16 fields) works with the new
# library.
if [[ " ${olds[*]} " == *" 1.1.0 "* ]]; then
	echo "-- 1.1.0 objects under 1.2.0's rules"
	db=zeromile_upgrade_rules
	newdb $db $up_owner
	if step "1.1.0 objects: set-up" as_sql $up_owner $db -c "CREATE EXTENSION zeromile VERSION '1.1.0'" \
		-c 'CREATE TABLE fleet (vin vin PRIMARY KEY, summary resale_summary)' \
		-c "INSERT INTO fleet SELECT '1HGCM82633A004352', resale_agg(k, a, km) FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01', NULL::float8), ('listing', '2025-01-05', 10)) v(k, a, km)" \
		-c "SELECT bi_create_view('fleet')" \
		-c "CREATE TABLE old_sums AS SELECT 'registrations=1;registered_at=1735689600000000;insured_at=null;after=1;first=1736035200000000/10/export/null;known=1736035200000000/10;before=[]'::resale_summary AS summary" \
		-c 'CREATE TABLE ev (vin vin, kind vehicle_event, at timestamptz, odometer_km float8, seller text)' \
		-c 'CREATE TABLE ev_sums (vin vin PRIMARY KEY, summary resale_summary)' \
		-c "CREATE TRIGGER ev_track AFTER INSERT ON ev REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION resale_track('public.ev_sums', 'vin', 'kind', 'at', 'odometer_km', 'seller', 'zm', '30', '50')"; then
		got=$(as_sql $up_owner $db -c "SELECT (resale_facts(summary)).is_zero_mileage FROM fleet" 2>&1) || true
		if [ "$got" = t ]; then
			ok "1.1.0 objects: resale_facts of 1.1.0 works with the new library before the update"
		else
			not_ok "1.1.0 objects: resale_facts before the update gave: $got"
		fi
		if step "1.1.0 objects: ALTER EXTENSION zeromile UPDATE" as_sql $up_owner $db -c 'ALTER EXTENSION zeromile UPDATE'; then
			if grep -q 'WARNING:  trigger "ev_track" on ev notifies with a window of "30", shorter than an hour' "$tmp/step.out"; then
				ok "1.1.0 objects: the update warns of the trigger whose window is now refused"
			else
				not_ok "1.1.0 objects: no warning for trigger ev_track; output:"
				cat "$tmp/step.out"
			fi
		fi
		got=$(as_sql $up_owner $db -c "INSERT INTO ev VALUES ('1HGCM82633A004352', 'registration', '2025-01-01', NULL, NULL)" 2>&1) || true
		if [[ $got == *'zero-mileage window "30" of trigger "ev_track" is shorter than an hour'* ]]; then
			ok "1.1.0 objects: the trigger fails at its firing, naming itself"
		else
			not_ok "1.1.0 objects: inserting through the trigger gave: $got"
		fi
		got=$(as_sql $up_owner $db -c "SELECT bi_create_view('fleet')" \
			-c "SELECT vin || ' ' || zero_mileage_reason FROM fleet_bi" 2>&1) || true
		if [ "$got" = $'fleet_bi\n1HGCM82633A004352 zero_mileage' ]; then
			ok "1.1.0 objects: bi_create_view replaces the view 1.1.0 made"
		else
			not_ok "1.1.0 objects: bi_create_view over 1.1.0's view gave: $got"
		fi
		# a summary in 1.1.0's form (the library here is 1.2.0's, so it is
		# read from 1.1.0's text, as 1.1.0 would have written it) does not
		# know its exports, even when its first resale is an export:
		# unknown, never "no export"; the new BI view has the columns; the
		# same rows aggregated again know
		got=$(as_sql $up_owner $db \
			-c "SELECT exports_tracked(summary) || ' ' || coalesce(first_export_at(summary)::text, 'unknown') || ' ' || coalesce(exported_within(summary)::text, 'unknown') FROM old_sums" \
			-c "SELECT exports_tracked || ' ' || coalesce(exported_within::text, 'unknown') FROM fleet_bi" \
			-c "SELECT exports_tracked(resale_agg(k, a, km)) || ' ' || exported_within(resale_agg(k, a, km)) FROM (VALUES ('registration'::vehicle_event, timestamptz '2025-01-01', NULL::float8), ('listing', '2025-01-05', 10)) v(k, a, km)" 2>&1) || true
		if [ "$got" = $'false unknown unknown\ntrue false\ntrue false' ]; then
			ok "1.1.0 objects: a stored 1.1.0 summary reads its exports as unknown"
		else
			not_ok "1.1.0 objects: the exports of a stored 1.1.0 summary gave: $got"
		fi
	fi
fi

# Self-check: the snapshot must tell a fresh install from one with each of
# these changes (made in a transaction that is rolled back).  Each comes
# with the start of a line the difference must have ("-": fresh only).
perturbations=(
	'ALTER FUNCTION vin_wmi(vin) STABLE'
	'-function|function public.vin_wmi(public.vin)|volatility=i'
	'COMMENT ON FUNCTION vin_vds(vin) IS NULL'
	'-comment|function public.vin_vds(public.vin)|'
	'REVOKE SELECT ON wmi_registry FROM PUBLIC'
	'-acl|table public.wmi_registry|grantee=PUBLIC grantor=<bootstrap> SELECT'
	"DO \$\$ BEGIN EXECUTE format('REVOKE INSERT ON wmi_registry FROM %s', (SELECT extowner::regrole FROM pg_extension WHERE extname = 'zeromile')); END \$\$"
	'-acl|table public.wmi_registry|grantee=<extowner> grantor=<bootstrap> INSERT'
	'ALTER EXTENSION zeromile DROP FUNCTION vin_is_well_formed(text); DROP FUNCTION vin_is_well_formed(text)'
	'-member|function public.vin_is_well_formed(pg_catalog.text)|'
	'ALTER OPERATOR FAMILY vin_hash_ops USING hash DROP OPERATOR 1 (text, vin)'
	'-object|operator of access method operator 1 (pg_catalog.text, public.vin) of public.vin_hash_ops USING hash|'
	'COMMENT ON TRIGGER wmi_registry_guard ON wmi_registry IS NULL'
	'-comment|trigger wmi_registry_guard on table public.wmi_registry|'
	'ALTER FUNCTION vin_guard() SECURITY DEFINER'
	'-function|function public.vin_guard()|security definer=false'
	"SET session_replication_role = replica; DELETE FROM wmi_registry WHERE wmi = 'LGX'"
	'-shipped row|LGX|'
)
for ((i = 0; i < ${#perturbations[@]}; i += 2)); do
	change=${perturbations[i]}
	pattern=${perturbations[i + 1]}
	su_sql $fresh -c 'BEGIN' -c "$change" -f test/upgrade/snapshot.sql -c 'ROLLBACK' >"$tmp/perturbed.snapshot" 2>&1 || true
	diff "$tmp/fresh.snapshot" "$tmp/perturbed.snapshot" | sed 's/^< /-/; s/^> /+/' >"$tmp/diff" || true
	if grep -qF -- "$pattern" "$tmp/diff"; then
		ok "self-check: the snapshot notices: $change"
	else
		not_ok "self-check: the snapshot misses: $change"
		head -n 20 "$tmp/diff"
	fi
done

finish
