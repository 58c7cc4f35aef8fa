#!/usr/bin/env bash
# make test-asan: zeromile built with AddressSanitizer and UBSan, loaded into
# a private copy of the PostgreSQL 15 server, under the pg_regress,
# isolation and pgTAP suites and a bounded SQL fuzz pass; then the libFuzzer
# target of the core.  Fails on any failed part, any sanitizer report or any
# backend crash.  How and why: doc/sanitizers.md.
#
# Environment: ZEROMILE_ASAN_CACHE (the server copy; default
# $ZEROMILE_CACHE/asan-pg15), ZEROMILE_ASAN_FUZZ_CASES
# (SQL fuzz inputs per kind), ZEROMILE_ASAN_LIBFUZZER_SECONDS,
# ZEROMILE_ASAN_KEEP=1 (keep the run directory even when all passed).
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
started=$SECONDS

fuzz_cases=${ZEROMILE_ASAN_FUZZ_CASES:-12000}
libfuzzer_seconds=${ZEROMILE_ASAN_LIBFUZZER_SECONDS:-60}
port=${ZEROMILE_ASAN_PORT:-54329}

step() {
	echo "== asan: $* ($((SECONDS - started)) s) =="
}

# gcc's sanitizer runtimes, clang with libFuzzer, python3 for the fuzz driver
bash test/lib/setup-deps.sh libasan8 libubsan1 clang libclang-rt-14-dev python3

# The server refuses to run as root, so root runs it as postgres; then every
# file it reads must be outside root's private home.  Same cache as the
# version-matrix scripts (ZEROMILE_CACHE).
if [ "$(id -u)" -eq 0 ]; then
	runas=(runuser -u postgres --)
	cache=${ZEROMILE_ASAN_CACHE:-${ZEROMILE_CACHE:-/var/cache/zeromile}/asan-pg15}
else
	runas=()
	cache=${ZEROMILE_ASAN_CACHE:-${ZEROMILE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zeromile}/asan-pg15}
fi
mkdir -p "$cache"
chmod 755 "$cache"
cache=$(realpath "$cache")

# One run at a time per copy: each installs its own build into it.
exec 9>"$cache.lock"
if ! flock -n 9; then
	echo "asan: waiting for another make test-asan using $cache"
	flock 9
fi

# The private copy, laid out like Debian's (PREFIX/lib/postgresql/15/bin,
# PREFIX/share/postgresql/15) so that PostgreSQL's relative path logic finds
# share and lib beside the copied binaries; rebuilt when the packages change.
bin=$cache/lib/postgresql/15/bin
stamp=$(dpkg-query -W -f='${Package}=${Version}\n' postgresql-15 postgresql-client-15 \
	postgresql-15-pgtap postgresql-server-dev-15 2>/dev/null)
if [ ! -f "$cache/stamp" ] || [ "$(cat "$cache/stamp")" != "$stamp" ]; then
	step "copying PostgreSQL 15 into $cache"
	rm -rf "${cache:?}/lib" "${cache:?}/share" "${cache:?}/include" "$cache/stamp"
	mkdir -p "$cache/lib/postgresql" "$cache/share/postgresql" "$cache/include"
	cp -a /usr/lib/postgresql/15 "$cache/lib/postgresql/"
	cp -a /usr/share/postgresql/15 "$cache/share/postgresql/"
	# headers are only read (PGXS looks for them relative to pg_config too)
	ln -s /usr/include/postgresql "$cache/include/postgresql"
	echo "$stamp" >"$cache/stamp"
fi
pg_config=$bin/pg_config
sharedir=$("$pg_config" --sharedir)
pkglibdir=$("$pg_config" --pkglibdir)
if [ "$sharedir" != "$cache/share/postgresql/15" ] || [ "$pkglibdir" != "$cache/lib/postgresql/15/lib" ]; then
	echo "asan: the copy's pg_config points outside it ($sharedir, $pkglibdir)" >&2
	exit 1
fi
# Whatever a previous run or the system package left there is not this build.
rm -f "$sharedir"/extension/zeromile[-.]* "$pkglibdir/zeromile.so"
rm -rf "$pkglibdir/bitcode/zeromile" "$pkglibdir/bitcode/zeromile.index.bc"

run=$(mktemp -d /tmp/zeromile-asan.XXXXXX)
chmod 755 "$run"
build=$run/build
logs=$run/logs
data=$run/data
sock=$run/sock
mkdir -p "$build" "$logs" "$sock" "$data"
[ ${#runas[@]} -eq 0 ] || chown postgres: "$logs" "$sock" "$data"

cleanup() {
	if [ -f "$data/postmaster.pid" ]; then
		"${runas[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
	fi
	if [ "${keep:-1}" = 1 ] || [ "${ZEROMILE_ASAN_KEEP:-0}" = 1 ]; then
		echo "asan: logs and build kept in $run"
	else
		rm -rf "$run"
	fi
}
trap cleanup EXIT

# Build in a copy of the tree, so that the work tree never gets ASAN objects;
# everything below runs from the copy.  tar exits 1 when a file changed while
# it was read (others may be editing the tree): that is a snapshot too.
step "building zeromile with -fsanitize=address,undefined"
{
	tar -C "$top" --exclude-vcs --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
		--exclude=./results --exclude=./output_iso --exclude=./log --exclude=./tmp_check \
		--exclude=./bench/out --exclude=./debian --warning=no-file-changed -cf - . ||
		[ $? -eq 1 ]
} | tar -C "$build" -xf -
# with_llvm=no: no bitcode (JIT is off in the cluster).  -fno-wrapv undoes
# the server's -fwrapv for zeromile's own code, so that UBSan reports signed
# overflow there instead of letting it wrap silently.
pgxs=(PG_CONFIG="$pg_config" with_llvm=no)
make -C "$build" -s --no-print-directory "${pgxs[@]}" clean >/dev/null
make -C "$build" -s --no-print-directory "${pgxs[@]}" all \
	PG_CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -fno-wrapv" \
	PG_LDFLAGS="-fsanitize=address,undefined"
make -C "$build" -s --no-print-directory "${pgxs[@]}" install >/dev/null
libasan=$(ldd "$pkglibdir/zeromile.so" | awk '/libasan/ { print $3 }')
libubsan=$(ldd "$pkglibdir/zeromile.so" | awk '/libubsan/ { print $3 }')
if [ -z "$libasan" ] || [ -z "$libubsan" ]; then
	echo "asan: the installed zeromile.so is not linked with libasan and libubsan" >&2
	exit 1
fi
gcc -shared -fPIC -O2 -Wall -Wextra -Werror -o "$run/preload.so" "$build/test/asan/preload.c"

step "starting the server ($libasan preloaded)"
"${runas[@]}" "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
	--no-sync >"$run/initdb.log" 2>&1 || { cat "$run/initdb.log"; exit 1; }
# libasan must come first in the process (the server itself is not
# instrumented); test/asan/preload.c turns translations off, without which
# this postgres hangs in bindtextdomain(), and gives UBSan its options.
# detect_leaks=0: the server frees by memory context, and exits without
# freeing.  ASan reports go to files, one per process; UBSan's to the server
# log.
asan_env=(
	LD_PRELOAD="$libasan $run/preload.so"
	ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1:disable_coredump=1:log_path=$logs/asan"
)
"${runas[@]}" env "${asan_env[@]}" "$bin/pg_ctl" -D "$data" -l "$logs/server.log" -w -t 120 \
	-o "-k $sock -p $port -c listen_addresses= -c lc_messages=C -c jit=off -c fsync=off" \
	start >/dev/null

export PGHOST=$sock PGPORT=$port PGUSER=postgres PGDATABASE=postgres
export PATH=$bin:$PATH
# The backends must really carry the sanitizer runtime and this build.
maps=$(psql -X -q -At -c "LOAD 'zeromile'" \
	-c "SELECT string_agg(DISTINCT substring(l from '[^/ ]+\.so[.0-9]*$'), ' ')
		FROM regexp_split_to_table(pg_read_file('/proc/self/maps'), E'\n') l
		WHERE l ~ '(libasan|libubsan|zeromile|preload)'")
echo "asan: a backend maps $maps"
for lib in libasan libubsan preload zeromile; do
	case " $maps" in
	*" $lib"*) ;;
	*)
		echo "asan: the backend lacks $lib" >&2
		exit 1
		;;
	esac
done

failed=()
parts=0
part() {
	parts=$((parts + 1))
	step "$1"
}

part "pg_regress (installcheck)"
if ! make -C "$build" --no-print-directory "${pgxs[@]}" installcheck ISOLATION=; then
	[ -s "$build/regression.diffs" ] && head -n 300 "$build/regression.diffs"
	failed+=("pg_regress")
fi

part "isolation (installcheck)"
if ! make -C "$build" --no-print-directory "${pgxs[@]}" installcheck REGRESS=; then
	[ -s "$build/output_iso/regression.diffs" ] && head -n 300 "$build/output_iso/regression.diffs"
	failed+=("isolation")
fi

# As test/run-suites.sh runs them: on the search_path, and off it.
part "pgTAP (pg_prove)"
tap_ok=1
if ! { createdb zeromile_tap &&
	psql -X -q -v ON_ERROR_STOP=1 -d zeromile_tap \
		-c 'CREATE EXTENSION pgtap' -c 'CREATE EXTENSION zeromile' &&
	(cd "$build" && pg_prove -d zeromile_tap --ext .sql -r test/pgtap); }; then
	tap_ok=0
fi
if ! { createdb zeromile_tap_schema &&
	psql -X -q -v ON_ERROR_STOP=1 -d zeromile_tap_schema -c 'CREATE EXTENSION pgtap' \
		-c 'CREATE SCHEMA zm' -c 'CREATE EXTENSION zeromile SCHEMA zm' &&
	(cd "$build" && pg_prove -d zeromile_tap_schema --ext .sql -r test/pgtap-schema); }; then
	tap_ok=0
fi
[ $tap_ok = 1 ] || failed+=("pgTAP")

part "SQL fuzz pass ($fuzz_cases inputs per kind)"
if ! { createdb zeromile_fuzz &&
	psql -X -q -v ON_ERROR_STOP=1 -d zeromile_fuzz -f "$build/test/asan/fuzz.sql" &&
	python3 "$build/test/asan/fuzz.py" --db zeromile_fuzz --cases "$fuzz_cases" \
		--merges "$fuzz_cases" --failures "$logs/fuzz-failures.sql"; }; then
	failed+=("SQL fuzz")
fi

# The plate functions convert text of other encodings to UTF-8 and back:
# the encodings suite, and the fuzz pass's plates on random text of EUC_CN
# and WIN1252 databases (characters Unicode lacks included).
part "plate functions in databases of other encodings"
enc_ok=1
(cd "$build" && bash test/encodings/run.sh) || enc_ok=0
for enc in EUC_CN WIN1252; do
	bad=
	db=zeromile_fuzz_$(echo "$enc" | tr 'A-Z' 'a-z')
	if ! { createdb -E "$enc" -T template0 --locale=C "$db" &&
		psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f "$build/test/asan/fuzz.sql" &&
		bad=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "SELECT setseed(0.25)" \
			-c "SELECT input || ' ' || result FROM fz.plate_encoding_pass($((fuzz_cases / 4)))") &&
		echo "asan: $enc: $((fuzz_cases / 4)) random plates, $(grep -c . <<<"$bad") failures" &&
		[ -z "$bad" ]; }; then
		head -n 20 <<<"${bad:-}"
		enc_ok=0
	fi
done
[ $enc_ok = 1 ] || failed+=("encodings")

# Stop before reading the logs: a report written at exit belongs in them.
"${runas[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null

part "libFuzzer (vin_core_fuzz, ${libfuzzer_seconds} s)"
corpus=$run/corpus
mkdir -p "$corpus"
# seed corpus: the VINs the regression tests spell out
grep -h -o "'[0-9A-Za-z]\{17\}'" "$build"/sql/*.sql | tr -d "'" | sort -u |
	while read -r v; do printf '%s' "$v" >"$corpus/$v"; done
if make -C "$build" -s --no-print-directory fuzz >/dev/null &&
	"$build/test/fuzz/vin_core_fuzz" -max_total_time="$libfuzzer_seconds" -seed=1 \
		-artifact_prefix="$logs/" -print_final_stats=1 "$corpus" >"$logs/libfuzzer.log" 2>&1; then
	grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$logs/libfuzzer.log" || true
else
	tail -n 60 "$logs/libfuzzer.log" 2>/dev/null || true
	failed+=("libFuzzer")
fi

part "sanitizer reports and crashes"
reports=$(find "$logs" -name 'asan.*' | sort)
inlog=$(grep -c -E 'runtime error:|ERROR: AddressSanitizer' "$logs/server.log" || true)
crashes=$(grep -E 'terminated by signal|was terminated by exception|server process .* exited with exit code [^0]' \
	"$logs/server.log" || true)
if [ -n "$reports" ] || [ "$inlog" -ne 0 ] || [ -n "$crashes" ]; then
	for f in $reports; do
		echo "---- $f ----"
		head -n 80 "$f"
	done
	if [ "$inlog" -ne 0 ]; then
		echo "---- sanitizer reports in $logs/server.log ----"
		# each report with the top of its stack
		awk '/runtime error:|ERROR: AddressSanitizer/ { print; frames = 8; next }
			frames > 0 && /^ +#[0-9]+ / { print; frames--; next }
			/^[^ ]/ { frames = 0 }' "$logs/server.log"
	fi
	[ -z "$crashes" ] || { echo "---- crashes in the server log ----"; echo "$crashes"; }
	failed+=("sanitizer reports")
else
	echo "asan: no sanitizer report, no backend crash"
fi

echo "asan: total $((SECONDS - started)) s"
echo "asan: $((parts - ${#failed[@]})) passed, ${#failed[@]} failed"
if [ ${#failed[@]} -ne 0 ]; then
	echo "FAILED: ${failed[*]}"
	exit 1
fi
keep=0
