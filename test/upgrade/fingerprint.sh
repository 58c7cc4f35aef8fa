# Sourced by test/upgrade/run.sh and test/cross-version/run.sh, which both read the
# output of test/upgrade/fingerprint.sql.

# fingerprint_indexes_sound FILE: the fingerprint's plans (sequential scans
# off) use the vin indexes - an equality lookup by text through a vin
# index, a nested loop through the hash index - and amcheck found the vin
# btree sound.  Equal to another database's plans is not enough.
fingerprint_indexes_sound() {
	grep -Eq 'Index (Only )?Scan using vins_(hash|v_key) on vins' "$1" &&
		grep -q 'Index Scan using hashonly_v on hashonly' "$1" &&
		grep -q '^amcheck vins_v_key|ok$' "$1"
}
