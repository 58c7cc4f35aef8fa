#!/usr/bin/env bash
# Builds the Debian package postgresql-15-zeromile (debian/, pg_buildext)
# with dpkg-buildpackage from a copy of the work tree in a temp dir, checks
# its contents, installs it, runs the regression suite against the installed
# package in a throwaway cluster, removes it again and puts back the zeromile
# files that were installed before (the development build of "make test").
#
#   bash test/deb/run.sh               what "make test-deb" runs
#   bash test/deb/run.sh --build-only  what "make deb" runs: only builds, and
#                                  copies the .deb files to $DEB_OUT
#
# Ends with "deb: N passed, N failed"; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
top=$PWD
checks_started=$SECONDS

build_only=""
[ "${1:-}" = "--build-only" ] && build_only=1

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

# What a package build needs beyond what "make test" installs.
bash test/lib/setup-deps.sh --only dpkg-dev debhelper postgresql-server-dev-all binutils

pgv=15
pg_config=/usr/lib/postgresql/$pgv/bin/pg_config
pkglibdir=$($pg_config --pkglibdir)
extdir=$($pg_config --sharedir)/extension
pkg=postgresql-$pgv-zeromile
extversion=$(sed -n 's/^EXTVERSION *= *//p' Makefile)
debversion=$(dpkg-parsechangelog -l debian/changelog -SVersion)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=${pkg}_${debversion}_${arch}.deb

checks_name=deb
. test/lib/checks.sh

work=$(mktemp -d "${TMPDIR:-/tmp}/zeromile-deb.XXXXXX")
installed_pkg=""
backup=""
cleanup() {
	local rc=$?
	set +e
	if [ -n "$installed_pkg" ]; then
		echo "== removing $pkg and restoring what was installed before =="
		$sudo dpkg -r "$pkg" >/dev/null
	fi
	if [ -n "$backup" ]; then
		$sudo tar -x -p -f "$backup" -C /
	fi
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
	echo "deb: $pkg is installed already; remove it first (dpkg -r $pkg)" >&2
	exit 1
fi

# dpkg-buildpackage writes next to the source tree, so build from a copy in
# the temp dir: the files git tracks or would track, as they are now
# (uncommitted edits included), without build products.
echo "== copying the work tree to $work =="
src=$work/zeromile-$extversion
mkdir "$src"
git ls-files -z -c -o --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar -c --null -T - | tar -x -C "$src"

# nocheck: the build-time test (dh_pgxs_test) runs the same installcheck
# against debian/<pkg>; here it runs below against the installed package.
echo "== dpkg-buildpackage -us -uc -b (nocheck) =="
t0=$SECONDS
if (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" DEB_BUILD_PROFILES=nocheck \
	dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	check "dpkg-buildpackage ($((SECONDS - t0)) s)" true
else
	tail -40 "$work/build.log"
	check "dpkg-buildpackage (log above)" false
	finish
fi
check "compiled without warnings" bash -c "! grep -n 'warning:' '$work/build.log'"
check "$deb built" test -f "$work/$deb"
[ -f "$work/$deb" ] || finish

if [ -n "$build_only" ]; then
	out=${DEB_OUT:-${TMPDIR:-/tmp}/zeromile-deb}
	mkdir -p "$out"
	cp "$work"/*.deb "$out"/
	echo "deb: packages in $out:"
	ls -1 "$out"/*.deb
	finish
	exit
fi

echo "== package metadata and contents =="
field() { dpkg-deb -f "$work/$deb" "$1"; }
check "Package is $pkg" test "$(field Package)" = "$pkg"
check "Version $debversion is upstream $extversion" \
	test "$(field Version)" = "$debversion" -a "${debversion%-*}" = "$extversion"
check "Architecture is $arch" test "$(field Architecture)" = "$arch"
check "Depends on postgresql-$pgv" bash -c "grep -Eq '(^|, )postgresql-$pgv( |,|$)' <<<'$(field Depends)'"

dpkg-deb -c "$work/$deb" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' >"$work/contents"
# The released (frozen) scripts and the upgrade scripts are committed files.
frozen=$(cd "$src" && ls zeromile--*.sql)
for f in "$pkglibdir/zeromile.so" "$extdir/zeromile.control" "$extdir/zeromile--$extversion.sql" \
	$(for s in $frozen; do echo "$extdir/$s"; done) \
	/usr/share/doc/$pkg/copyright /usr/share/doc/$pkg/changelog.Debian.gz; do
	check "contains $f" grep -qxF "$f" "$work/contents"
done
check "no files outside the server's and the package's directories" \
	bash -c "! grep -Ev '^($pkglibdir/(zeromile\\.so|bitcode/zeromile)|$extdir/zeromile|/usr/share/doc/$pkg/)' '$work/contents'"

# The packaged scripts are the sources, and $extversion is what the Makefile builds.
dpkg-deb -x "$work/$deb" "$work/root"
check "packaged control file is zeromile.control" cmp -s "$src/zeromile.control" "$work/root$extdir/zeromile.control"
for f in $frozen; do
	check "packaged $f is the committed file" cmp -s "$src/$f" "$work/root$extdir/$f"
done
parts=$(make -s -C "$src" --no-print-directory -f - print-parts <<-'EOF'
	include Makefile
	print-parts: ; @echo $(SQL_PARTS)
	EOF
)
check "packaged zeromile--$extversion.sql is src/sql/*.sql concatenated" \
	bash -c "cd '$src' && cat $parts | cmp -s - '$work/root$extdir/zeromile--$extversion.sql'"
so=$work/root$pkglibdir/zeromile.so
check "zeromile.so is a module for PostgreSQL (Pg_magic_func)" bash -c "nm -D --defined-only '$so' | grep -qw Pg_magic_func"
check "zeromile.so has no RPATH/RUNPATH" bash -c "! readelf -d '$so' | grep -Eq 'RPATH|RUNPATH'"

# A development build ("make install") puts unpackaged files where the
# package goes; keep them aside so the test sees the package's files only.
echo "== installing $deb =="
mapfile -t ours < <(cd / && ls -d "${pkglibdir#/}/zeromile.so" "${pkglibdir#/}/bitcode/zeromile" \
	"${pkglibdir#/}/bitcode/zeromile.index.bc" "${extdir#/}"/zeromile.control \
	"${extdir#/}"/zeromile--*.sql 2>/dev/null || true)
if [ ${#ours[@]} -ne 0 ]; then
	backup=$work/installed-before.tar
	(cd / && tar -c -p -f "$backup" "${ours[@]}")
	(cd / && $sudo rm -rf "${ours[@]}")
	echo "deb: set aside ${#ours[@]} installed zeromile files (restored at the end)"
fi
installed_pkg=1
check "dpkg -i $deb" $sudo dpkg -i "$work/$deb"
check "installed files match the package (dpkg -V)" bash -c "[ -z \"\$(dpkg -V $pkg)\" ]"

# The autopkgtest (debian/tests/installcheck: pg_buildext installcheck) in
# the copied tree: pg_regress and isolation tests in a pg_virtualenv cluster.
echo "== regression suite against the installed package (debian/tests/installcheck) =="
if (cd "$src" && sh debian/tests/installcheck); then
	check "installcheck (pg_regress and isolation)" true
else
	check "installcheck (pg_regress and isolation)" false
fi

echo "== the packaged upgrade path =="
check "CREATE EXTENSION zeromile VERSION '1.0.0', then ALTER EXTENSION UPDATE reaches $extversion" \
	pg_virtualenv -t -v $pgv bash -c "
		set -e
		v=\$(psql -X -q -At -v ON_ERROR_STOP=1 \
			-c \"CREATE EXTENSION zeromile VERSION '1.0.0'\" \
			-c 'ALTER EXTENSION zeromile UPDATE' \
			-c \"SELECT extversion FROM pg_extension WHERE extname = 'zeromile'\" \
			-c \"SELECT vin_repair('lsja24u6-2jg269225')\")
		echo \"\$v\"
		[ \"\$v\" = \"$extversion
LSJA24U62JG269225\" ]"

# A concurrent "make install" would overwrite the package's files mid-test.
check "installed files still match the package after the tests" bash -c "[ -z \"\$(dpkg -V $pkg)\" ]"

echo "== removing $pkg =="
check "dpkg -r $pkg" $sudo dpkg -r "$pkg"
installed_pkg=""
check "no zeromile files left behind" \
	bash -c "! ls -d '$pkglibdir'/zeromile* '$pkglibdir'/bitcode/zeromile* '$extdir'/zeromile* 2>/dev/null"
if [ -n "$backup" ]; then
	$sudo tar -x -p -f "$backup" -C /
	check "the files installed before are back" bash -c "cd / && tar -d -f '$backup' >/dev/null"
	backup=""
fi

finish
