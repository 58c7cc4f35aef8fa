#!/usr/bin/env bash
# Install the Debian packages zeromile needs to build and test, when missing,
# and any named as arguments (what one target needs on top: make test-asan's
# sanitizer runtimes, say; with --only, just those).  Idempotent and quiet
# when everything is there; uses sudo when not root.
set -euo pipefail

# --only: just the packages named (a tool that needs none of the above)
base=1
if [ "${1:-}" = "--only" ]; then
	base=
	shift
fi

packages=(
	postgresql-15
	postgresql-server-dev-15
	postgresql-15-pgtap
	libtap-parser-sourcehandler-pgtap-perl
	postgresql-common
	make
	gcc
)
[ -n "$base" ] || packages=()
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
		missing+=("$p")
	fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	sudo="sudo"
fi

echo "setup-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
had_main=$(pg_lsclusters -h 2>/dev/null | awk '$1 == 15 && $2 == "main"' || true)
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

# Installing postgresql-15 creates and starts a "main" cluster. The tests use
# throwaway clusters only, so stop one that this script brought into being.
if [ -z "$had_main" ] && pg_lsclusters -h 2>/dev/null | awk '$1 == 15 && $2 == "main" && $4 == "online"' | grep -q .; then
	$sudo pg_ctlcluster 15 main stop || true
fi
