# Sourced by the script suites that count pass/fail checks themselves
# (test/deb/run.sh, test/dist/run.sh, test/encodings/run.sh).  Set checks_name
# first: it names the suite in the closing line "NAME: N passed, N failed".
passed=0
failed=0
checks_started=${checks_started:-$SECONDS}

# check WHAT COMMAND...: run COMMAND, count and print its outcome
check() {
	local what=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok: $what"
	else
		failed=$((failed + 1))
		echo "FAIL: $what"
	fi
}

# The closing lines; its status is the suite's
finish() {
	echo "$checks_name: wall time $((SECONDS - checks_started)) s"
	echo "$checks_name: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
