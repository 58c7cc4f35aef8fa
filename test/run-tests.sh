#!/usr/bin/env bash
# Runs every test suite against a throwaway PostgreSQL 15 cluster made by
# pg_virtualenv, which removes the cluster again however the suites end.
# Called by "make test" after the extension is built and installed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec pg_virtualenv -t -v 15 bash test/run-suites.sh
