# zeromile: PGXS build, plus the project's own targets (test, bench).
#
#   make test    installs missing Debian packages, builds with -Werror,
#                installs, and runs every suite on a throwaway cluster
#   make bench   benchmarks on a throwaway cluster (not part of make test)
#   make test PG=18, make bench PG=18
#                the same against a private build of that PostgreSQL major,
#                made from Debian's source package on first use
#   make test PG=17, make bench PG=17
#                the same against Debian trixie's postgresql-17 package, in
#                a chroot made by mmdebstrap on first use
#   make test PG=19, make bench PG=19
#                likewise on experimental's postgresql-19 (release
#                candidate), in a sid chroot
#   make test-all
#                make test on 15, 17, 18 and 19, then a dump taken on 15
#                restored into 18 (doc/versions.md)
#   make test-pg-upgrade
#                a populated 15 cluster upgraded by pg_upgrade to 17 and 18

EXTENSION = zeromile
EXTVERSION = 1.2.0

MODULE_big = zeromile
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

# The install script of the current version is assembled from one part per
# concern, in this order.  Released versions are frozen, committed files
# (zeromile--1.0.0.sql, zeromile--1.1.0.sql) and are never edited; each
# later release adds an upgrade script zeromile--OLD--NEW.sql.
SQL_PARTS = src/sql/vin_type.sql \
	src/sql/validate.sql \
	src/sql/vin_link.sql \
	src/sql/decode.sql \
	src/sql/resale.sql \
	src/sql/bi.sql \
	src/sql/triggers.sql \
	src/sql/plates.sql
DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --load-extension=$(EXTENSION)
ISOLATION = $(patsubst specs/%.spec,%,$(sort $(wildcard specs/*.spec)))
ISOLATION_OPTS = --load-extension=$(EXTENSION)

EXTRA_CLEAN = test/core/vin_core_test test/core/plate_core_test regression.diffs regression.out results output_iso

PG_CPPFLAGS = -I$(srcdir)/src

# The PostgreSQL major to build and test against: 15 is bookworm's package;
# 18 is a private build in a cache outside the tree (test/versions/pg-build.sh,
# doc/versions.md), whose pg_config is used whatever the environment says;
# 17 and 19 are Debian's packages in chroots in that cache (test/versions/pg-chroot.sh),
# whose pg_config does not run outside it (so no PGXS here: nothing is built
# in the tree for a major other than 15).
PG ?= 15
ifeq ($(PG),15)
# Debian keeps one pg_config per major version; prefer 15's.
PG_CONFIG ?= $(firstword $(wildcard /usr/lib/postgresql/15/bin/pg_config) pg_config)
else
PG_CONFIG = $(shell bash test/versions/pg-build.sh --prefix $(PG))/bin/pg_config
endif
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

ifneq ($(PGXS),)
include $(PGXS)
endif

# PGXS tracks no header dependencies: rebuild every object when a header
# changes (the headers are few and shared).  After the include, so that
# PGXS's "all" stays the default goal.
$(OBJS): $(wildcard src/*.h)

$(EXTENSION)--$(EXTVERSION).sql: $(SQL_PARTS)
	cat $^ > $@

.PHONY: test bench deps core-test

# Installing into the server's directories needs root.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

deps:
	@bash test/lib/setup-deps.sh
ifneq ($(PG),15)
	@bash test/versions/pg-build.sh $(PG)
endif

# What the suites and benchmarks run on: for 15, build (with BUILD_FLAGS,
# set per target) and install into bookworm's server.  Re-enter make after
# deps so that PGXS (absent before the packages are installed) is included
# in the build.  Other majors than 15 are built in a copy of the tree by the
# scripts (test/run-tests.sh, test/citus/run.sh), so that the objects here stay
# 15's.
.PHONY: build-install
build-install: deps
ifeq ($(PG),15)
	@$(MAKE) --no-print-directory all $(BUILD_FLAGS)
	@$(SUDO) $(MAKE) --no-print-directory install
endif

test test-citus test-clients: BUILD_FLAGS = PG_CFLAGS="-Werror"

test: build-install
	@PG=$(PG) bash test/run-tests.sh

bench: build-install
	@PG=$(PG) bash test/run-tests.sh --bench

# make test on every major of the matrix in turn, then the cross-version
# dump/restore; one closing line per version and "versions: N passed, N
# failed" (doc/versions.md; part of .ci/run).
.PHONY: test-all
test-all:
	@bash test/versions/test-all.sh

# Every SQL example of README.md and doc/*.md, run in order in a fresh
# database per file, the output the docs show compared (test/docs/README.md;
# also one of make test's suites).
.PHONY: test-docs
test-docs: build-install
	@pg_virtualenv -t -v 15 bash test/docs/run.sh

# pg_upgrade from 15 (bookworm's server, zeromile installed by this target)
# to 17 (Debian's package, in its chroot) and 18 (the private build), with
# --copy and --link: data, indexes, triggers and the extension checked after
# each (test/pg-upgrade/run.sh, doc/upgrading.md; about 4 minutes warm;
# part of .ci/run).  PGUPGRADE_OLD_PG_CONFIG names another 15 installation.
.PHONY: test-pg-upgrade
test-pg-upgrade: BUILD_FLAGS = PG_CFLAGS="-Werror"
test-pg-upgrade: build-install
	@PGUPGRADE_OLD_PG_CONFIG=$${PGUPGRADE_OLD_PG_CONFIG:-$(PG_CONFIG)} bash test/pg-upgrade/run.sh

# The validator core on its own, without PostgreSQL (also the fuzz target).
CORE_CC ?= gcc
core-test: test/core/vin_core_test test/core/plate_core_test
	@./test/core/vin_core_test
	@./test/core/plate_core_test

test/core/vin_core_test: test/core/vin_core_test.c test/core/check.h src/vin_core.c src/vin_core.h
	$(CORE_CC) -std=c99 -O2 -Wall -Wextra -Werror -Isrc -o $@ test/core/vin_core_test.c src/vin_core.c

test/core/plate_core_test: test/core/plate_core_test.c test/core/check.h src/plate_core.c src/plate_core.h src/vin_core.c src/vin_core.h
	$(CORE_CC) -std=c99 -O2 -Wall -Wextra -Werror -Isrc -o $@ test/core/plate_core_test.c src/plate_core.c src/vin_core.c

# The main job on a seeded sample market (README: make demo).  Like test:
# installs what is missing, builds, installs, runs on a throwaway cluster.
.PHONY: demo
demo: deps
	@$(MAKE) --no-print-directory all
	@$(SUDO) $(MAKE) --no-print-directory install
	@bash demo/run.sh

# libFuzzer target of the validator core (not part of make test; needs clang).
#   make fuzz && test/fuzz/vin_core_fuzz -max_total_time=60
FUZZ_CC ?= clang
EXTRA_CLEAN += test/fuzz/vin_core_fuzz
.PHONY: fuzz
fuzz: test/fuzz/vin_core_fuzz

test/fuzz/vin_core_fuzz: test/fuzz/vin_core_fuzz.c src/vin_core.c src/vin_core.h src/plate_core.c src/plate_core.h
	$(FUZZ_CC) -std=c99 -g -O1 -Wall -Wextra -Werror -fsanitize=fuzzer,address,undefined -Isrc -o $@ test/fuzz/vin_core_fuzz.c src/vin_core.c src/plate_core.c

# Packaging (doc/packaging.md).
#   make deb        builds the Debian package postgresql-15-zeromile into
#                   $DEB_OUT (default /tmp/zeromile-deb) from a copy of the tree
#   make test-deb   builds it, installs it, runs installcheck against it,
#                   removes it and restores the development build
#   make deb PG=17, make test-deb PG=17 (or 19)
#                   the same for postgresql-17-zeromile, built with
#                   pg_buildext in the major's Debian chroot (trixie's for
#                   17; test/versions/pg-chroot.sh), installed and tested
#                   in a fresh overlay of it; PG=18 in sid's chroot (19's)
#                   over a layer with sid's postgresql-18 (make test PG=18
#                   stays a private source build)
#   make test-deb-all
#                   make test-deb for every major that has a package
#   make dist       writes the PGXN release zip $(DISTZIP) from HEAD
#   make test-dist  makes the zip in a temp dir, validates it, builds from it
.PHONY: deb test-deb test-deb-all dist test-dist
# (15's build runs on this machine: it needs make test's packages; the
# chroot's majors need none of them)
DEB_DEPS = $(if $(filter 15,$(PG)),deps)
deb: $(DEB_DEPS)
	@bash test/deb/run.sh --build-only $(PG)

test-deb: $(DEB_DEPS)
	@bash test/deb/run.sh $(PG)

test-deb-all: deps
	@bash test/deb/all.sh

# A release is what is committed, so the zip is made from HEAD, not from the
# work tree.  The CI script, git's own files and the Debian packaging (built
# from the repository, see make deb) are no part of a PGXN release.
DISTNAME = $(EXTENSION)-$(EXTVERSION)
DISTZIP ?= $(DISTNAME).zip
DIST_EXCLUDE = .ci .gitignore .gitattributes debian
EXTRA_CLEAN += $(DISTNAME).zip

dist:
	@git diff --quiet HEAD -- || echo "dist: note: uncommitted changes are not in the zip (it is made from HEAD)" >&2
	git archive --format=zip --prefix=$(DISTNAME)/ -o $(DISTZIP) HEAD -- . $(foreach p,$(DIST_EXCLUDE),':(exclude)$(p)')

test-dist: deps
	@bash test/dist/run.sh

# zeromile built with -fsanitize=address,undefined in a private copy of the
# server, under the suites, a SQL fuzz pass and the libFuzzer target
# (doc/sanitizers.md; 3 to 5 minutes; part of .ci/run).
.PHONY: test-asan
test-asan: deps
	@bash test/asan/run.sh

# zeromile on a Citus cluster (a coordinator and two workers on 127.0.0.1):
# every result on distributed tables compared with local tables, as a
# superuser and as a role that is not one.  Citus is found installed, or
# built once into the cache from CITUS_SRC or ../shared/vendor
# (doc/citus.md; about 25 s warm, 90 s more when Citus must be built).
.PHONY: test-citus
test-citus: build-install
	@PG=$(PG) bash test/citus/run.sh

# The same cluster, running bench/citus.sql: distributed against local
.PHONY: bench-citus
bench-citus: build-install
	@PG=$(PG) bash test/citus/run.sh --bench

# zeromile through the drivers BI tools use: psycopg 3, psycopg2 +
# SQLAlchemy, psqlODBC, pgjdbc, node-postgres, each against a throwaway
# cluster (test/clients/run.sh, doc/bi.md; drivers from Debian packages,
# node-postgres from npm into the cache).
.PHONY: test-clients
test-clients: build-install
	@bash test/clients/run.sh

# pgindent, PostgreSQL's formatter, over the project's C files, with the
# tools built once from PostgreSQL's source (doc/formatting.md).
#   make indent         reformat in place
#   make indent-check   fail, printing the diff, if anything is not formatted
#                       (part of .ci/run)
.PHONY: indent indent-check
indent:
	@bash test/indent/run.sh

indent-check:
	@bash test/indent/run.sh --check
