#!/usr/bin/env bash
# make test-clients: zeromile through the drivers BI tools use, on a
# throwaway cluster (pg_virtualenv) with the installed extension.
#   psycopg 3 (text and binary), psycopg2 + SQLAlchemy, psqlODBC (unixODBC +
#   pyodbc): test/clients/drivers.py, with Debian's python3 packages
#   pgjdbc (default, stringtype=unspecified, binaryTransfer=true):
#   test/clients/Jdbc.java, with Debian's libpostgresql-jdbc-java
#   node-postgres: test/clients/node-pg.js, pg from the npm registry,
#   installed once into the cache ($(zm_cache)/node, outside the tree)
# The database is test/clients/fixture.sql.  Each driver prints ok/FAIL lines
# and its own count; the suite counts drivers and ends with
# "clients: N passed, N failed" (doc/bi.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
source test/lib/pg-lib.sh

NODE_PG_VERSION=8.23.1

if [ -z "${ZEROMILE_CLIENTS_INNER:-}" ]; then
	bash test/lib/setup-deps.sh --only python3-psycopg python3-psycopg2 \
		python3-sqlalchemy libpostgresql-jdbc-java odbc-postgresql unixodbc \
		python3-pyodbc
	# a JDK and Node.js with npm are the machine's (not installed here)
	for tool in java javac node npm; do
		command -v "$tool" >/dev/null ||
			{ echo "test-clients: $tool not found (a JDK and Node.js with npm are needed)" >&2; exit 1; }
	done
	node_dir=$(zm_cache)/node
	if [ ! -f "$node_dir/node_modules/pg/package.json" ] ||
		[ "$(node -p "require('$node_dir/node_modules/pg/package.json').version")" != "$NODE_PG_VERSION" ]; then
		echo "test-clients: installing pg@$NODE_PG_VERSION from npm into $node_dir"
		mkdir -p "$node_dir"
		(cd "$node_dir" && npm install --no-audit --no-fund --silent "pg@$NODE_PG_VERSION")
	fi
	export ZEROMILE_CLIENTS_INNER=1 NODE_PATH=$node_dir/node_modules
	exec pg_virtualenv -t -v 15 bash "$0" "$@"
fi

checks_name=clients
source test/lib/checks.sh

# pg_virtualenv: PGHOST (localhost), PGPORT, PGUSER, PGPASSWORD
export PGDATABASE=zm_clients
dropdb --if-exists "$PGDATABASE" >/dev/null
createdb "$PGDATABASE"
psql -X -q -v ON_ERROR_STOP=1 -f test/clients/fixture.sql >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"; dropdb --if-exists "$PGDATABASE" >/dev/null 2>&1 || true' EXIT

# Debian's python3, whose packages the drivers are (not a pyenv's)
check "psycopg 3, psycopg2 + SQLAlchemy, psqlODBC" \
	/usr/bin/python3 -W ignore::DeprecationWarning test/clients/drivers.py
check "pgjdbc: compiles" javac -d "$work" -cp /usr/share/java/postgresql.jar test/clients/Jdbc.java
check "pgjdbc" java -cp "$work:/usr/share/java/postgresql.jar" Jdbc
check "node-postgres" node test/clients/node-pg.js

finish
