#!/usr/bin/env bash
# Validates the PGXN release zip: "make dist" into a temp dir (or the zip
# given as $1), then checks it against META.json and builds it with PGXS.
# Writes nothing outside its temp dir.  Called by "make test-dist".
# Ends with "dist: N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
checks_started=$SECONDS

for c in git zip unzip perl; do
	command -v "$c" >/dev/null || { echo "dist: $c is missing (apt-get install $c)" >&2; exit 1; }
done

checks_name=dist
. test/lib/checks.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/zeromile-dist.XXXXXX")
trap 'rm -rf "$work"' EXIT

version=$(sed -n 's/^EXTVERSION *= *//p' Makefile)
name=zeromile-$version
if [ -n "${1:-}" ]; then
	zip=$(realpath "$1")
	name=$(basename "$zip" .zip)
else
	echo "== make dist =="
	zip=$work/$name.zip
	make --no-print-directory dist DISTZIP="$zip"
fi

echo "== $zip =="
check "zip is intact (unzip -t)" bash -c "unzip -tq '$zip' >/dev/null"
unzip -Z1 "$zip" >"$work/entries"
check "every entry is under $name/" bash -c "! grep -v '^$name/' '$work/entries'"
unzip -q "$zip" -d "$work/unpacked"
dir=$work/unpacked/$name
[ -d "$dir" ] || { check "top-level directory $name/" false; finish; }

# META.json: parses, and its versions are the zip's name and the control
# file's default_version; every file it names is in the zip.
meta_check() {
	perl -MJSON::PP -e '
		my ($dir, $name) = @ARGV;
		sub slurp { local (@ARGV, $/) = @_; <> }
		my $m = eval { decode_json(slurp("$dir/META.json")) } or die "META.json does not parse: $@";
		my @err;
		my $v = $m->{version} // "";
		push @err, "META.json version $v is not the zip name $name" unless "$m->{name}-$v" eq $name;
		my ($cv) = slurp("$dir/zeromile.control") =~ /default_version\s*=\s*\x27([^\x27]+)/;
		push @err, "control default_version " . ($cv // "none") . " is not $v" unless ($cv // "") eq $v;
		for my $ext (sort keys %{$m->{provides} // {}}) {
			my $p = $m->{provides}{$ext};
			push @err, "provides.$ext.version $p->{version} is not $v" if ($p->{version} // $v) ne $v;
			for my $k (qw(file docfile)) {
				next unless defined $p->{$k};
				push @err, "provides.$ext.$k $p->{$k} is not in the zip" unless -f "$dir/$p->{$k}";
			}
		}
		print "$_\n" for @err;
		exit(@err ? 1 : 0);
	' "$dir" "$name"
}
check "META.json parses; versions agree with the zip name and control file; named files exist" meta_check
check "META.json passes test/dist/meta-check.pl in the unpacked tree" bash -c "cd '$dir' && perl test/dist/meta-check.pl >/dev/null"

# The released (frozen) install scripts and every upgrade script.
frozen=$(git ls-files 'zeromile--*.sql')
for f in LICENSE CHANGES META.json README.md Makefile zeromile.control $frozen src/sql/vin_type.sql src/vin_core.c src/vin_core.h src/zeromile.c; do
	check "contains $f" test -f "$dir/$f"
done
check "contains the tests (sql/, expected/, specs/)" \
	bash -c "ls '$dir'/sql/*.sql '$dir'/expected/*.out '$dir'/specs/*.spec >/dev/null"

# Exactly what HEAD tracks, less what a release leaves out.
if [ -z "${1:-}" ]; then
	excluded=$(make --no-print-directory -s -f - print-excluded <<-'EOF'
		include Makefile
		print-excluded: ; @echo $(DIST_EXCLUDE)
		EOF
	)
	# (git ls-tree has no exclude pathspecs: filter by path prefix.)
	git ls-tree -r --name-only HEAD |
		awk -v ex="$excluded" 'BEGIN { n = split(ex, e, " ") }
			{ for (i = 1; i <= n; i++) if ($0 == e[i] || index($0, e[i] "/") == 1) next; print }' |
		sort >"$work/expected-files"
	(cd "$dir" && find . -type f | sed 's|^\./||' | sort) >"$work/zip-files"
	check "files are HEAD's, less $excluded" diff -u "$work/expected-files" "$work/zip-files"
fi
check "nothing built or left over (*.o, *.so, *.bc, zeromile--$version.sql, results/)" \
	bash -c "! grep -E '\.(o|so|bc)$|/zeromile--$version\.sql$|/(results|output_iso|tmp_check)/' '$work/entries'"
check "no .ci/, debian/ or .git* files" bash -c "! grep -E '^$name/(\.ci/|debian/|\.git)' '$work/entries'"

# Complete enough to build: PGXS build, and an install into a staging
# directory holding the module, the control file and every SQL script.
echo "== building from the unpacked zip with PGXS =="
pg_config=$(command -v /usr/lib/postgresql/15/bin/pg_config || command -v pg_config || true)
if [ -z "$pg_config" ]; then
	check "pg_config found (install postgresql-server-dev-15)" false
	finish
fi
if make -C "$dir" PG_CONFIG="$pg_config" >"$work/build.log" 2>&1; then
	check "make (PGXS) in the unpacked tree" true
else
	tail -30 "$work/build.log"
	check "make (PGXS) in the unpacked tree" false
fi
check "compiled without warnings" bash -c "! grep -n 'warning:' '$work/build.log'"
make -C "$dir" PG_CONFIG="$pg_config" install DESTDIR="$work/stage" >>"$work/build.log" 2>&1 || true
for f in "$($pg_config --pkglibdir)/zeromile.so" "$($pg_config --sharedir)/extension/zeromile.control" \
	"$($pg_config --sharedir)/extension/zeromile--$version.sql" \
	$(for s in $frozen; do echo "$($pg_config --sharedir)/extension/$s"; done); do
	check "make install DESTDIR=... installs $f" test -f "$work/stage$f"
done
check "validator core unit tests (make core-test) in the unpacked tree" \
	bash -c "make -C '$dir' -s --no-print-directory core-test >/dev/null"

finish
