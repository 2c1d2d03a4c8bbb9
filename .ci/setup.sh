# Shared by .ci/reports and .ci/run (sourced, not run): installs the system
# packages entrycheck needs when they are missing, then configures and builds.
# As root it installs them with apt-get; otherwise it prints the command.
# Node.js and npm are needed by the tests only (the SARIF validators).

ENTRYCHECK_PACKAGES="cmake make gcc pkg-config libclang-dev llvm clang libcjson-dev libxml2-dev check mingw-w64-common"

entrycheck_missing_packages() {
	missing=""
	# The SARIF tests run Microsoft's validator from npm: Node.js from Debian unless a node is there.
	packages=$ENTRYCHECK_PACKAGES
	command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || packages="$packages nodejs npm"
	for p in $packages; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
			missing="$missing $p"
		fi
	done
	echo "$missing"
}

entrycheck_install() {
	if ! command -v dpkg-query >/dev/null 2>&1; then
		echo "entrycheck: not a Debian or Ubuntu system: install CMake, libclang (with llvm-config)," >&2
		echo "cJSON, Check and mingw-w64's headers yourself (README.md, 'Other systems')." >&2
		return 0
	fi
	missing=$(entrycheck_missing_packages)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "entrycheck: installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
			echo "entrycheck: error: apt-get could not install:$missing" >&2
			return 1
		}
	else
		echo "entrycheck: error: missing packages:$missing" >&2
		echo "install them with:" >&2
		echo "  sudo apt-get install -y$missing" >&2
		return 1
	fi
}

entrycheck_build() {
	# $1: extra CMake arguments
	cmake -S "$ENTRYCHECK_ROOT" -B "$ENTRYCHECK_ROOT/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo $1 >/dev/null &&
	cmake --build "$ENTRYCHECK_ROOT/build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
}
