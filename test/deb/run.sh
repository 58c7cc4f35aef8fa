#!/usr/bin/env bash
# Builds the Debian package postgresql-N-zeromile (debian/, pg_buildext) for
# PostgreSQL major N with dpkg-buildpackage from a copy of the work tree,
# checks its contents, installs it, runs the regression suite against the
# installed package in a throwaway cluster (the autopkgtest,
# debian/tests/installcheck) and removes it again.  Where it is built and
# tested depends on the major (doc/packaging.md):
#   15  on this machine, against bookworm's postgresql-15; the zeromile files
#       a development build ("make test") installed there are set aside while
#       the package is installed and put back afterwards;
#   a major tested on Debian's packages in a chroot (test/versions/pg-chroot.sh:
#       17 in trixie, 19 in sid with experimental's server): in an overlay of
#       that chroot with a cached layer holding the package's Build-Depends
#       (apt-get build-dep), then installed into a fresh overlay of the same
#       chroot and layer (no build tree) and tested there;
#   18  (whose "make test" is a private source build here, left as it is):
#       in sid's chroot, that of 19 (test/versions/pg-chroot.sh 19), with a
#       cached layer of its own (deb18) holding sid's postgresql-18 and
#       postgresql-server-dev-18 and the Build-Depends, then installed into a
#       fresh overlay of that chroot and layer and tested there as above;
#   any other: refused, no Debian suite here ships its server.
#
#   bash test/deb/run.sh [N]               what "make test-deb PG=N" runs (N: 15)
#   bash test/deb/run.sh --build-only [N]  what "make deb PG=N" runs: builds,
#                                          checks the contents, and copies the
#                                          .deb files to $DEB_OUT
#   bash test/deb/run.sh --inside build|test N
#                                          the parts that run in N's chroot
#
# Ends with "deb N: N passed, N failed"; exits non-zero on any failure, 3
# when the major's chroot cannot be had, 4 when the major has no package.
set -euo pipefail
cd "$(dirname "$0")/../.."
checks_started=$SECONDS
. test/lib/pg-lib.sh

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

inside=""
if [ "${1:-}" = --inside ]; then
	inside=$2
	shift 2
fi
build_only=""
if [ "${1:-}" = --build-only ]; then
	build_only=1
	shift
fi
pgv=${1:-15}
ZM_LOG_TAG=$pgv
case $pgv in
'' | *[!0-9]*) zm_die "usage: $0 [--build-only] [MAJOR]" ;;
esac

# Debian's layout, the same for every major.
pkglibdir=/usr/lib/postgresql/$pgv/lib
extdir=/usr/share/postgresql/$pgv/extension
pkg=postgresql-$pgv-zeromile
extversion=$(sed -n 's/^EXTVERSION *= *//p' Makefile)
debversion=$(sed -n '1s/^zeromile (\([^)]*\)).*/\1/p' debian/changelog)
arch=$(dpkg --print-architecture)
deb=${pkg}_${debversion}_${arch}.deb

checks_name="deb $pgv"
. test/lib/checks.sh

# ---- the parts shared by every major ----

# Build the package for major $pgv from the source tree $1 (copied to $2,
# where dpkg-buildpackage writes the .deb files, beside the copy); the log
# is $2/build.log.  PG_SUPPORTED_VERSIONS says which major pg_buildext builds
# for, whatever the suite's default is (sid's is 18, not experimental's 19),
# and PG_UPDATECONTROL lets it write debian/control for that major from
# debian/control.in (the committed one is bookworm's, postgresql-15-zeromile).
# nocheck: the build-time test (dh_pgxs_test) runs the same installcheck
# against debian/<pkg>; it runs later against the installed package.
deb_build() {
	local src=$1 dest=$2 b
	b=$dest/zeromile-$extversion
	rm -rf "$b"
	cp -a "$src" "$b"
	(cd "$b" && PG_SUPPORTED_VERSIONS=$pgv PG_UPDATECONTROL=yes \
		DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" DEB_BUILD_PROFILES=nocheck \
		nice dpkg-buildpackage -us -uc -b) >"$dest/build.log" 2>&1
}

# What dpkg-deb shows of the package $1, built from the source tree $2
# (extracted into $3).
deb_check_contents() {
	local d=$1 src=$2 root=$3 frozen parts so f
	field() { dpkg-deb -f "$d" "$1"; }
	check "Package is $pkg" test "$(field Package)" = "$pkg"
	check "Version $debversion is upstream $extversion" \
		test "$(field Version)" = "$debversion" -a "${debversion%-*}" = "$extversion"
	check "Architecture is $arch" test "$(field Architecture)" = "$arch"
	check "Depends on postgresql-$pgv" bash -c "grep -Eq '(^|, )postgresql-$pgv( |,|$)' <<<'$(field Depends)'"

	dpkg-deb -c "$d" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' >"$root.contents"
	# The released (frozen) scripts and the upgrade scripts are committed files.
	frozen=$(cd "$src" && ls zeromile--*.sql)
	for f in "$pkglibdir/zeromile.so" "$extdir/zeromile.control" "$extdir/zeromile--$extversion.sql" \
		$(for s in $frozen; do echo "$extdir/$s"; done) \
		/usr/share/doc/$pkg/copyright /usr/share/doc/$pkg/changelog.Debian.gz; do
		check "contains $f" grep -qxF "$f" "$root.contents"
	done
	check "no files outside the server's and the package's directories" \
		bash -c "! grep -Ev '^($pkglibdir/(zeromile\\.so|bitcode/zeromile)|$extdir/zeromile|/usr/share/doc/$pkg/)' '$root.contents'"

	# The packaged scripts are the sources, and $extversion is what the Makefile builds.
	dpkg-deb -x "$d" "$root"
	check "packaged control file is zeromile.control" cmp -s "$src/zeromile.control" "$root$extdir/zeromile.control"
	for f in $frozen; do
		check "packaged $f is the committed file" cmp -s "$src/$f" "$root$extdir/$f"
	done
	parts=$(make -s -C "$src" --no-print-directory -f - print-parts <<-'EOF'
		include Makefile
		print-parts: ; @echo $(SQL_PARTS)
		EOF
	)
	check "packaged zeromile--$extversion.sql is src/sql/*.sql concatenated" \
		bash -c "cd '$src' && cat $parts | cmp -s - '$root$extdir/zeromile--$extversion.sql'"
	so=$root$pkglibdir/zeromile.so
	check "zeromile.so is a module for PostgreSQL (Pg_magic_func)" bash -c "nm -D --defined-only '$so' | grep -qw Pg_magic_func"
	check "zeromile.so has no RPATH/RUNPATH" bash -c "! readelf -d '$so' | grep -Eq 'RPATH|RUNPATH'"
}

installed_pkg=""
backup=""
cleanup_install() {
	if [ -n "$installed_pkg" ]; then
		echo "== removing $pkg =="
		$sudo dpkg -r "$pkg" >/dev/null
		installed_pkg=""
	fi
	if [ -n "$backup" ]; then
		echo "== restoring the zeromile files installed before =="
		$sudo tar -x -p -f "$backup" -C /
		backup=""
	fi
}

# Install the package $1, run the autopkgtest in a copy of the source tree
# $2 (no build products: the tests see the installed package only) and the
# packaged upgrade path, remove it.  Files of a development build found
# where the package goes are kept aside in $3 meanwhile (on the machine's
# 15; a chroot has none).
deb_install_test() {
	local d=$1 src=$2 keep=$3 ours
	if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$'; then
		check "$pkg is not installed already (dpkg -r $pkg first)" false
		return
	fi
	mapfile -t ours < <(cd / && ls -d "${pkglibdir#/}/zeromile.so" "${pkglibdir#/}/bitcode/zeromile" \
		"${pkglibdir#/}/bitcode/zeromile.index.bc" "${extdir#/}"/zeromile.control \
		"${extdir#/}"/zeromile--*.sql 2>/dev/null || true)
	if [ ${#ours[@]} -ne 0 ]; then
		backup=$keep/installed-before.tar
		(cd / && tar -c -p -f "$backup" "${ours[@]}")
		(cd / && $sudo rm -rf "${ours[@]}")
		echo "deb: set aside ${#ours[@]} installed zeromile files (restored at the end)"
	fi
	echo "== installing $(basename "$d") =="
	installed_pkg=1
	check "dpkg -i $(basename "$d")" $sudo dpkg -i "$d"
	check "installed files match the package (dpkg -V)" bash -c "[ -z \"\$(dpkg -V $pkg)\" ]"

	# The autopkgtest (debian/tests/installcheck: pg_buildext installcheck,
	# which tests every installed postgresql-NN-zeromile): pg_regress and
	# isolation tests in a pg_virtualenv cluster.
	echo "== regression suite against the installed package (debian/tests/installcheck) =="
	rm -rf "$keep/test"
	cp -a "$src" "$keep/test"
	local t0=$SECONDS
	if (cd "$keep/test" && sh debian/tests/installcheck); then
		check "installcheck on PostgreSQL $pgv (pg_regress and isolation, $((SECONDS - t0)) s)" true
	else
		check "installcheck on PostgreSQL $pgv (pg_regress and isolation)" false
	fi

	echo "== the packaged upgrade path =="
	check "CREATE EXTENSION zeromile VERSION '1.0.0', then ALTER EXTENSION UPDATE reaches $extversion" \
		pg_virtualenv -t -v "$pgv" bash -c "
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
}

# ---- in the chroot (test/lib/pg-lib.sh, zm_chroot_run): /out is the
# caller's work directory, /out/src the source tree ----
if [ -n "$inside" ]; then
	export DEBIAN_FRONTEND=noninteractive
	case $inside in
	build)
		mkdir -p /tmp/b
		rc=0
		deb_build /out/src /tmp/b || rc=$?
		cp /tmp/b/build.log /out/
		cp /tmp/b/*.deb /out/ 2>/dev/null || true
		exit $rc
		;;
	test)
		trap 'set +e; cleanup_install' EXIT
		mkdir -p /tmp/t
		deb_install_test "/out/$deb" /out/src /tmp/t
		# the caller adds these to its tally
		echo "$passed $failed" >/out/counts
		[ "$failed" -eq 0 ]
		exit
		;;
	esac
	zm_die "unknown inside part $inside"
fi

# ---- on the machine ----
# The chroot a major's package is built and tested in (chroot_major's, of
# suite chroot_suite) and the cached layer over it (layer).  18 is packaged
# by sid, whose chroot is 19's: its layer adds sid's server of 18.  The
# matrix's "make test PG=18" keeps its private build (zm_chroot_suite_of
# has no 18): only the package is made from Debian's postgresql-18.
chroot_suite=""
chroot_major=$pgv
layer=deb
if [ "$pgv" = 18 ]; then
	chroot_major=19
	layer=deb18
fi
if [ "$pgv" != 15 ]; then
	if ! chroot_suite=$(zm_chroot_suite_of "$chroot_major"); then
		zm_log "no package for PostgreSQL $pgv: no Debian suite this machine reaches ships" \
			"its server (packaged: 15 here, 18 in sid's chroot, and the majors of" \
			"zm_chroot_suite_of in test/lib/pg-lib.sh)"
		exit 4
	fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/zeromile-deb$pgv.XXXXXX")
chmod 755 "$work"
cleanup() {
	local rc=$?
	set +e
	cleanup_install
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$chroot_suite" ]; then
	# What a package build needs beyond what "make test" installs.
	bash test/lib/setup-deps.sh --only dpkg-dev debhelper postgresql-server-dev-all binutils
else
	# the checks of the package's contents run here
	bash test/lib/setup-deps.sh --only dpkg-dev binutils
	zm_log "the chroot of PostgreSQL $chroot_major ($chroot_suite)"
	rc=0
	bash test/versions/pg-chroot.sh "$chroot_major" || rc=$?
	[ $rc -eq 0 ] || exit $rc
	# The package's Build-Depends (which hold the autopkgtest's Depends:
	# make, postgresql-server-dev-all) in a cached layer over the chroot,
	# installed by apt as a build daemon would; the chroot's recipe and
	# stamp stay as they are.  Remade when Build-Depends or the chroot change.
	t0=$SECONDS
	builddep="build-dep=$(sed -n '/^Build-Depends:/,/^[^ ]/{/^ /p}' debian/control | tr -d ' \n') profiles=nocheck"
	if [ "$pgv" = "$chroot_major" ]; then
		zm_chroot_layer_ensure "$pgv" deb "rev=1 $builddep" \
			bash -c 'apt-get -q update && apt-get -q -y --no-install-recommends -P nocheck build-dep ./ && apt-get clean && rm -rf /var/lib/apt/lists/*'
	else
		# The server of $pgv as the suite has it now (the chroot's stamp
		# tracks $chroot_major's only): a new one remakes the layer.  The
		# lists are those pg-chroot.sh has just checked the chroot with.
		pgver=$(zm_chroot_apt_cache "$(zm_cache)/apt-chroot-$chroot_major" policy "postgresql-$pgv" 2>/dev/null |
			awk '$1 == "Candidate:" { print $2 }')
		[ -n "$pgver" ] && [ "$pgver" != "(none)" ] ||
			zm_unavailable "Debian $chroot_suite has no package postgresql-$pgv"
		# No service is started (policy-rc.d), and a main cluster, should
		# postgresql-$pgv's installation make one, is dropped as the chroot's is.
		# shellcheck disable=SC2016 # expanded in the chroot
		zm_chroot_layer_ensure "$chroot_major" "$layer" \
			"rev=1 postgresql-$pgv=$pgver postgresql-server-dev-$pgv $builddep" \
			bash -c 'set -e
				printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d
				chmod 755 /usr/sbin/policy-rc.d
				apt-get -q update
				apt-get -q -y --no-install-recommends install "postgresql-$1=$2" "postgresql-server-dev-$1"
				apt-get -q -y --no-install-recommends -P nocheck build-dep ./
				pg_dropcluster --stop "$1" main 2>/dev/null || true
				rm -f /usr/sbin/policy-rc.d
				apt-get clean
				rm -rf /var/lib/apt/lists/*
				test -x "/usr/lib/postgresql/$1/bin/postgres"' zm-layer "$pgv" "$pgver"
	fi
	ZM_LOG_TAG=$pgv
	zm_log "build layer ready ($((SECONDS - t0)) s)"
fi

# dpkg-buildpackage writes next to the source tree, so build from a copy in
# the temp dir: the files git tracks or would track, as they are now
# (uncommitted edits included), without build products.
echo "== copying the work tree to $work/src =="
src=$work/src
mkdir "$src"
git ls-files -z -c -o --exclude-standard |
	while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
	tar -c --null -T - | tar -x -C "$src"

t0=$SECONDS
if [ -z "$chroot_suite" ]; then
	zm_log "dpkg-buildpackage -us -uc -b (nocheck) for PostgreSQL $pgv"
	rc=0
	deb_build "$src" "$work" || rc=$?
else
	zm_log "dpkg-buildpackage -us -uc -b (nocheck) for PostgreSQL $pgv in the $chroot_suite chroot"
	rc=0
	ZM_CHROOT_LAYER=$layer ZM_CHROOT_BINDS=$work:/out zm_chroot_run "$chroot_major" bash test/deb/run.sh --inside build "$pgv" || rc=$?
fi
if [ $rc -eq 0 ]; then
	check "dpkg-buildpackage${chroot_suite:+ in the $chroot_suite chroot} ($((SECONDS - t0)) s)" true
else
	tail -40 "$work/build.log" 2>/dev/null || true
	check "dpkg-buildpackage (log above)" false
	finish
fi
check "built without warnings (compiler, dpkg)" bash -c "! grep -n 'warning:' '$work/build.log'"
check "$deb built" test -f "$work/$deb"
[ -f "$work/$deb" ] || finish

echo "== package metadata and contents =="
deb_check_contents "$work/$deb" "$src" "$work/root"

if [ -n "$build_only" ]; then
	debout=${DEB_OUT:-${TMPDIR:-/tmp}/zeromile-deb}
	mkdir -p "$debout"
	cp "$work"/*.deb "$debout"/
	echo "deb: packages in $debout:"
	ls -1 "$debout"/postgresql-"$pgv"-zeromile*"_${debversion}_$arch.deb"
	finish
	exit
fi

t0=$SECONDS
if [ -z "$chroot_suite" ]; then
	deb_install_test "$work/$deb" "$src" "$work"
else
	zm_log "installing $deb into a fresh overlay of the $chroot_suite chroot and testing it there"
	rm -f "$work/counts"
	ZM_CHROOT_LAYER=$layer ZM_CHROOT_BINDS=$work:/out zm_chroot_run "$chroot_major" bash test/deb/run.sh --inside test "$pgv" || true
	if read -r p f <"$work/counts" 2>/dev/null; then
		passed=$((passed + p))
		failed=$((failed + f))
	else
		check "the tests in the chroot ran to the end" false
	fi
	zm_log "tests in the chroot: $((SECONDS - t0)) s"
fi

finish
