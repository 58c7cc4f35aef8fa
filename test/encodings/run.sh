#!/usr/bin/env bash
# The plate functions, masked VINs and the WMI registry in databases of other server
# encodings than UTF8 (pg_regress runs in a UTF8 one): EUC_CN, LATIN1,
# WIN1252, SQL_ASCII, and MULE_INTERNAL (which has no conversion to UTF-8
# at all).  For each, a fresh database; lib.sql, then common.sql, then the
# encoding's own file (euc_cn.sql, ...), run with the database's encoding
# as the client's, so that the files are ASCII and build other characters
# from their bytes.  Then a second database of the encoding, where 1.0.0 is
# created and updated, whose registry must equal the fresh install's.
# Each check prints "ok - name" or "not ok - name" with what it expected
# and got; a file that stops on an error fails as a whole.  The closing
# line (test/lib/checks.sh) is "encodings: N passed, N failed".
# Runs inside a cluster (PGHOST etc. set: devtest.sh, pg_virtualenv).
set -uo pipefail
cd "$(dirname "$0")"

checks_name=encodings
. ../lib/checks.sh
encodings=(EUC_CN LATIN1 WIN1252 SQL_ASCII MULE_INTERNAL)
dbs=()
cleanup() {
	for db in "${dbs[@]}"; do dropdb --if-exists "$db" >/dev/null 2>&1 || true; done
}
trap cleanup EXIT

for enc in "${encodings[@]}"; do
	lower=$(echo "$enc" | tr 'A-Z' 'a-z')
	db=zm_enc_$lower
	dbs+=("$db")
	dropdb --if-exists "$db" >/dev/null 2>&1
	if ! createdb -E "$enc" -T template0 --locale=C "$db"; then
		echo "not ok - createdb $db ($enc)"
		failed=$((failed + 1))
		continue
	fi
	files=(common.sql)
	[ -f "$lower.sql" ] && files+=("$lower.sql")
	for f in "${files[@]}"; do
		echo "== encodings: $enc, $f =="
		out=$(PGCLIENTENCODING=$enc psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" \
			-f lib.sql -f "$f" 2>&1)
		rc=$?
		ok=$(grep -c '^ok - ' <<<"$out")
		bad=$(grep -c '^not ok - ' <<<"$out")
		passed=$((passed + ok))
		failed=$((failed + bad))
		grep -v '^ok - ' <<<"$out" | sed '/^$/d'
		if [ $rc -ne 0 ]; then
			echo "not ok - $enc $f stopped (psql exit $rc)"
			failed=$((failed + 1))
		elif [ "$ok" -eq 0 ]; then
			echo "not ok - $enc $f made no check"
			failed=$((failed + 1))
		fi
	done
	# The upgrade scripts load in this encoding too, and leave the registry
	# a fresh install has (Chinese names converted alike).
	up=${db}_up
	dbs+=("$up")
	dropdb --if-exists "$up" >/dev/null 2>&1
	if ! createdb -E "$enc" -T template0 --locale=C "$up"; then
		echo "not ok - createdb $up ($enc)"
		failed=$((failed + 1))
		continue
	fi
	registry="SELECT md5(string_agg(concat_ws('|', wmi, manufacturer, country, vehicle_type, disputed, source, shipped, manufacturer_zh), ',' ORDER BY wmi COLLATE \"C\")) FROM wmi_registry"
	if out=$(PGCLIENTENCODING=$enc psql -X -q -At -v ON_ERROR_STOP=1 -d "$up" \
		-c "SET client_min_messages = warning" \
		-c "CREATE EXTENSION zeromile VERSION '1.0.0'" \
		-c "ALTER EXTENSION zeromile UPDATE" 2>&1); then
		got=$(psql -X -At -d "$up" -c "$registry")
		want=$(psql -X -At -d "$db" -c "$registry")
		if [ -n "$want" ] && [ "$got" = "$want" ]; then
			echo "ok - $enc: update from 1.0.0 gives the fresh registry"
			passed=$((passed + 1))
		else
			echo "not ok - $enc: update from 1.0.0 gives the fresh registry"
			echo "  expected: $want"
			echo "  got:      $got"
			failed=$((failed + 1))
		fi
	else
		echo "not ok - $enc: update from 1.0.0 stopped"
		echo "$out"
		failed=$((failed + 1))
	fi
done

finish
