#!/usr/bin/env bash
# Trusted install: zeromile created and used by roles that are not
# superusers.  A database owner (zm_owner: NOSUPERUSER NOCREATEDB) creates
# the extension, a plain role (zm_user) uses every function, operator,
# cast, aggregate and trigger, and roles without the needed privileges get
# 42501.  Each step is a psql script in test/trusted/ run as one role in one
# database; its output (errors with their SQLSTATE) is compared with
# test/trusted/expected/<step>.out.  The last step fails if a function of
# the extension was not called by a non-superuser (pg_stat_user_functions
# with track_functions = all), so a new function needs a test here.
# Runs inside pg_virtualenv (PGHOST, PGPORT, PGUSER: a superuser).
# TRUSTED_RESULTS=dir keeps each step's output there (to review, and to
# copy to expected/ after a deliberate change).
set -euo pipefail
cd "$(dirname "$0")/../.."

dir=test/trusted
out=
ts=
dbs="zm_trusted zm_trusted_pub zm_trusted_copy"
roles="zm_owner zm_user zm_other"
passed=0
failed=0
failures=()

# Leave the cluster as found: later suites share it.
cleanup() {
	for db in $dbs; do
		dropdb --if-exists --force "$db" >/dev/null 2>&1 || true
	done
	for r in $roles; do
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1 || true
	done
	psql -X -q -d postgres -c "DROP TABLESPACE IF EXISTS zm_trusted_ts" >/dev/null 2>&1 || true
	[ -z "$out" ] || rm -rf "$out"
	[ -z "$ts" ] || rm -rf "$ts"
}
trap cleanup EXIT
cleanup
out=$(mktemp -d)

# step NAME ROLE DB: run test/trusted/NAME.sql as ROLE in DB and compare.
# psql reads the script on stdin (as pg_regress does, so messages carry no
# file name) in a scratch directory (binary COPY files go there).  LOCATION
# lines name PostgreSQL source lines and PIDs vary: both are masked.  A
# failed connection is a difference like any other, not an abort.
step() {
	local name=$1 role=$2 db=$3
	local sql=$PWD/$dir/$name.sql exp=$PWD/$dir/expected/$name.out
	local res=$out/$name.out
	echo "-- $name (as $role in $db)"
	(cd "$out" && psql -X -a -q -U "$role" -d "$db" \
		-v VERBOSITY=verbose -v SHOW_CONTEXT=never \
		<"$sql" 2>&1) |
		sed -e '/^LOCATION:  /d' \
			-e 's/server process with PID [0-9]*/server process with PID N/' >"$res" ||
		true
	[ -z "${TRUSTED_RESULTS:-}" ] || cp "$res" "$TRUSTED_RESULTS/"
	# a new step without expected output shows all of its output
	[ -f "$exp" ] || exp=/dev/null
	if diff -u "$exp" "$res" >"$out/$name.diff"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$name")
		cat "$out/$name.diff"
	fi
}

# A pass/fail check that is not a psql script.
check() {
	local name=$1
	shift
	echo "-- $name"
	if "$@"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$name")
	fi
}

su=$PGUSER

# Roles and databases (superuser).
step 01-setup "$su" postgres
# pg_virtualenv authenticates TCP connections by password: give the roles
# the session's (kept out of the compared output).
if [ -n "${PGPASSWORD:-}" ]; then
	for r in $roles; do
		psql -X -q -v ON_ERROR_STOP=1 -d postgres -v r="$r" -v pw="$PGPASSWORD" \
			<<<"ALTER ROLE :\"r\" PASSWORD :'pw'"
	done
fi

# Creation in public: not without CREATE on the database (02); by its owner,
# 1.0.0 then the update (03).  Later (06-09): CREATE on the database, not
# owning it, is what counts, and only the extension's owner may drop it.
step 02-create-other zm_other zm_trusted_pub
step 03-create-owner zm_owner zm_trusted_pub

# The owner's WMI rows survive pg_dump/pg_restore done by the owner alone.
dump_restore() {
	pg_dump -U zm_owner -Fc -d zm_trusted_pub -f "$out/pub.dump" &&
		pg_restore -U zm_owner --exit-on-error -d zm_trusted_copy "$out/pub.dump"
}
check 04-dump-restore-as-owner dump_restore
step 05-restored zm_owner zm_trusted_copy
step 06-other-no-drop zm_other zm_trusted_pub
step 07-drop-owner zm_owner zm_trusted_pub
step 08-create-granted zm_other zm_trusted_pub
step 09-owner-not-extowner zm_owner zm_trusted_pub

# Every feature, extension in a schema zm_owner owns (zm_trusted counts
# function calls: track_functions = all).
step 10-owner zm_owner zm_trusted
step 11-user-functions zm_user zm_trusted
step 12-user-triggers zm_user zm_trusted
step 13-owner-triggers zm_owner zm_trusted
step 14-user-shared-table zm_user zm_trusted
step 15-owner-after zm_owner zm_trusted
step 16-bi zm_user zm_trusted
step 17-plates zm_user zm_trusted
step 18-link zm_user zm_trusted

# Coverage: every function called by a non-superuser (superuser only reads
# the statistics; it calls none of the extension's functions there).
step 20-coverage "$su" zm_trusted
step 21-drop zm_owner zm_trusted

# A superuser's update of a 1.0.0 extension a database owner created (22);
# the owner's default_tablespace, set to a tablespace it may not use (23:
# the server's OS user must own the directory).
step 22-superuser-update "$su" zm_trusted_pub
ts=$(mktemp -d)
datadir=$(psql -X -At -d postgres -c 'SHOW data_directory')
chown "$(stat -c %U "$datadir")" "$ts" 2>/dev/null || true
psql -X -q -v ON_ERROR_STOP=1 -d postgres -v loc="$ts" \
	<<<"CREATE TABLESPACE zm_trusted_ts LOCATION :'loc'"
step 23-tablespace zm_owner zm_trusted_copy

echo "trusted: $passed passed, $failed failed"
if [ "$failed" -ne 0 ]; then
	echo "FAILED: ${failures[*]}"
	exit 1
fi
