# shellcheck shell=bash
# Shared by .ci/reports and .ci/run (sourced, not run): installs the system
# packages entrycheck needs when they are missing, then configures and builds.
# As root it installs them with apt-get; otherwise it prints the command.
# Each step says what it does and how long it took.

# Building and running entrycheck.
ENTRYCHECK_BUILD_PACKAGES="cmake make gcc pkg-config libclang-dev llvm libcjson-dev libxml2-dev mingw-w64-common"
# The test suite only: Check (unit tests), clang (the header model's self-test
# and the fuzzers), chromium (the HTML report rendered headless), pre-commit
# (the hook this repository offers, run for real), groff-base (the manual page
# rendered), jq (driverscope compares reports field by field), lintian (the .deb
# checked as Debian checks packages; it brings dpkg-dev) and, unless a
# Node.js is there, nodejs and npm (the SARIF and
# GitHub Actions validators, installed from npm into the build directory on
# first use; the HTML test's comparison).
ENTRYCHECK_TEST_PACKAGES="check clang chromium pre-commit groff-base jq lintian"

# entrycheck_missing_packages build|test: the packages of that set not installed.
entrycheck_missing_packages() {
	local packages=$ENTRYCHECK_BUILD_PACKAGES
	if [ "$1" = test ]; then
		packages="$packages $ENTRYCHECK_TEST_PACKAGES"
		command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
			packages="$packages nodejs npm"
	fi
	packages="$packages ${ENTRYCHECK_EXTRA_PACKAGES:-}"
	local missing="" p
	for p in $packages; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	echo "$missing"
}

# entrycheck_install build|test
entrycheck_install() {
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "entrycheck: not a Debian or Ubuntu system: install CMake, libclang (with llvm-config)," >&2
		echo "cJSON, Check and mingw-w64's headers yourself (docs/building.md, 'Building elsewhere')." >&2
		return 0
	fi
	local missing
	missing=$(entrycheck_missing_packages "$1")
	if [ -z "$missing" ]; then
		echo "entrycheck: every package needed to $1 is installed"
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		echo "entrycheck: error: missing packages:$missing" >&2
		echo "install them with:" >&2
		echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
		return 1
	fi
	echo "entrycheck: installing with apt-get:$missing"
	local start=$SECONDS
	export DEBIAN_FRONTEND=noninteractive
	# One line per package set up, so a long install shows progress.
	# shellcheck disable=SC2086
	{ apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } 2>&1 |
		grep --line-buffered -E '^(Setting up|E:|[0-9]+ upgraded)' | sed 's/^/  /'
	if [ "${PIPESTATUS[0]}" -ne 0 ]; then
		echo "entrycheck: error: apt-get could not install:$missing" >&2
		return 1
	fi
	echo "entrycheck: installed in $((SECONDS - start)) s"
}

# entrycheck_build BUILD-DIR EXTRA-CMAKE-ARGUMENTS
entrycheck_build() {
	local dir=$1 start=$SECONDS log
	log=$(mktemp)
	echo "entrycheck: building in $dir"
	# shellcheck disable=SC2086
	if ! cmake -S "$ENTRYCHECK_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo $2 >"$log" 2>&1 ||
		! grep -E '^-- libclang' "$log" | sed 's/^-- /  /' ||
		! cmake --build "$dir" -j "$(nproc 2>/dev/null || echo 2)" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		rm -f "$log"
		echo "entrycheck: error: the build failed" >&2
		return 1
	fi
	rm -f "$log"
	echo "entrycheck: built $dir/entrycheck in $((SECONDS - start)) s"
}
