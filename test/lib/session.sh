# shellcheck shell=bash
# Sourced by the script suites that keep a psql session open across a
# change made by others (test/registry-cache/run.sh, test/replication/run.sh)
# and compare answers: needs $tmp (a private directory) set first.
#
#   check NAME EXPECTED ACTUAL   count and print one comparison
#   open_session DB              a long-lived psql session on DB (the one
#                                open before is ended)
#   ask 'SQL'                    its answer (one line, fields separated
#                                by |), read from that same connection
passed=0
failed=0
session_pid=

check() {
	if [ "$2" = "$3" ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "not ok - $1"
		echo "  expected: $2"
		echo "  got:      $3"
	fi
}

open_session() {
	[ -n "$session_pid" ] && { kill "$session_pid" 2>/dev/null || true; wait "$session_pid" 2>/dev/null || true; }
	rm -f "$tmp/in" "$tmp/out"
	mkfifo "$tmp/in" "$tmp/out"
	psql -X -q -A -t -v ON_ERROR_STOP=0 -d "$1" <"$tmp/in" >"$tmp/out" 2>&1 &
	session_pid=$!
	exec 7>"$tmp/in" 8<"$tmp/out"
}

ask() {
	local line answer=
	printf '%s\n\\echo __done__\n' "$1" >&7
	while IFS= read -r line <&8; do
		[ "$line" = __done__ ] && break
		answer+="$line"
	done
	printf '%s' "$answer"
}
