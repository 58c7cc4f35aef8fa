#!/usr/bin/env bash
# make demo: generate the sample market, load it through the guarded and
# tracked tables, print the report.  Runs on a throwaway cluster made by
# pg_virtualenv (removed however the demo ends).
#
#   bash demo/run.sh [scale [seed]]     (defaults 120000 and 20250527)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PGHOST:-}" ] || [ -z "${ZEROMILE_DEMO_INNER:-}" ]; then
	export ZEROMILE_DEMO_INNER=1
	exec pg_virtualenv -t -v 15 -o max_parallel_workers_per_gather=0 bash "$0" "$@"
fi
scale="${1:-120000}"
seed="${2:-20250527}"
db=zeromile_demo
export PGTZ=Asia/Shanghai PGDATABASE="$db"
psql_q=(psql -X -q -v ON_ERROR_STOP=1)

start=$(date +%s)
dropdb --if-exists "$db" >/dev/null
createdb "$db"
"${psql_q[@]}" -c "ALTER DATABASE $db SET timezone = 'Asia/Shanghai'" \
	-c 'CREATE EXTENSION zeromile'

echo "generating the market: $scale vehicles, seed $seed"
"${psql_q[@]}" -v scale="$scale" -v seed="$seed" -f demo/generate.sql
"${psql_q[@]}" -f demo/schema.sql >/dev/null

# The feed arrives as one COPY per calendar year, in feed order, so that
# resale_track merges each year into the summaries of the years before.
for year in 2022 2023 2024 2025 2026; do
	"${psql_q[@]}" -c "\\copy (SELECT vin, kind, at, odometer_km, seller, platform, plate FROM demo.feed WHERE at >= '$year-01-01' AND at < '$((year + 1))-01-01' ORDER BY seq) TO PSTDOUT" |
		"${psql_q[@]}" -c "\\copy market_events (vin, kind, at, odometer_km, seller, platform, plate) FROM PSTDIN"
done
feed=$("${psql_q[@]}" -At -c 'SELECT count(*) FROM demo.feed')
loaded=$("${psql_q[@]}" -At -c 'SELECT (SELECT count(*) FROM market_events) + (SELECT count(*) FROM market_quarantine)')
if [ "$feed" != "$loaded" ]; then
	echo "demo: $feed feed rows but $loaded loaded or quarantined" >&2
	exit 1
fi
echo "loaded $feed feed rows in $(( $(date +%s) - start )) s"

psql -X -v ON_ERROR_STOP=1 -P pager=off -f demo/report.sql
echo
echo "demo finished in $(( $(date +%s) - start )) s"
