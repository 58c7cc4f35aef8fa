#!/usr/bin/env bash
# pg_dump/pg_restore round trip of a database using zeromile: tables with
# vin columns, btree/hash/unique indexes and hash partitions come back with
# the same rows in the same partitions.  Runs inside pg_virtualenv.
set -euo pipefail
cd "$(dirname "$0")/../.."

src=zeromile_dump_src
dst=zeromile_dump_dst
dump=$(mktemp -d)/zeromile.dump
trap 'rm -rf "$(dirname "$dump")"; dropdb --if-exists $src; dropdb --if-exists $dst' EXIT

dropdb --if-exists $src >/dev/null
dropdb --if-exists $dst >/dev/null
createdb $src
psql -X -q -v ON_ERROR_STOP=1 -d $src -f test/dump-restore/setup.sql

pg_dump -Fc -f "$dump" $src
createdb $dst
pg_restore --exit-on-error -d $dst "$dump"

# A fingerprint of everything the setup made, compared across the two.
fingerprint() {
	psql -X -A -t -v ON_ERROR_STOP=1 -d "$1" -f test/dump-restore/check.sql
}
a=$(fingerprint $src)
b=$(fingerprint $dst)
if [ "$a" != "$b" ]; then
	echo "dump/restore: databases differ"
	diff <(echo "$a") <(echo "$b") || true
	exit 1
fi
echo "$a"
echo "dump/restore: 1 passed, 0 failed"
