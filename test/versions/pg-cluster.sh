#!/usr/bin/env bash
# A throwaway cluster of PostgreSQL MAJOR for one command, in the manner of
# pg_virtualenv: bookworm's server for 15, the private build for 17 and 18
# (test/versions/pg-build.sh).  The command runs with PGHOST, PGPORT, PGUSER,
# PGDATABASE, PG_CONFIG and PATH set; the server is stopped and its
# directory removed however it ends.
#   bash test/versions/pg-cluster.sh MAJOR [-o guc=value]... command [args]
set -euo pipefail
. "$(dirname "$0")/../lib/pg-lib.sh"
[ $# -ge 2 ] || zm_die "usage: $0 MAJOR [-o guc=value]... command [args]"
ZM_LOG_TAG=$1
zm_with_cluster "$@"
