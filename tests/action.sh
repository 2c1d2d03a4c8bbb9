#!/usr/bin/env bash
# The composite action's caches (action.yml), its steps run here as a runner
# would run them (bash -eo pipefail, GitHub's variables set by hand):
# - the key step on two action trees (two pins), two runner images and two
#   libclang versions (a fake llvm-config): all eight build keys differ, and the
#   same inputs give the same keys; entrycheck's cache key changes with the
#   tree's build files and not with its sources, and its restore keys are
#   prefixes of it;
# - the cache steps use the key step's outputs (no hashFiles(), no action_ref)
#   and restore and save in steps of their own (actions/cache saves nothing
#   when the job fails, as it does on findings), in order;
# - the run step passes the cache directory the cache step keeps: run twice on a
#   corpus copy with the built entrycheck, the second run is warm.
#   tests/action.sh ENTRYCHECK SOURCE-ROOT
# Exit 77 (skipped) without Python's yaml module, unless CI is set.
. "$(dirname "$0")/lib.sh"
# shellcheck disable=SC2016 # the ${{ }} expressions are GitHub's, compared as written
use_binary "$1"
use_root "$2"
python=
for p in python3 /usr/bin/python3; do
	"$p" -c 'import yaml' 2>/dev/null && { python=$p; break; }
done
[ -n "$python" ] || skip_outside_ci "Python's yaml module" "python3-yaml, which pre-commit brings"

# step ID FIELD [KEY]: a field of the step with that id (or name) in action.yml:
# run, uses, if, with KEY, env (NAME=VALUE lines), index (its position among the steps).
step() {
	"$python" - "$root/action.yml" "$@" <<'EOF'
import sys, yaml
steps = yaml.safe_load(open(sys.argv[1]))["runs"]["steps"]
ident, field = sys.argv[2], sys.argv[3]
for i, s in enumerate(steps):
    if s.get("id") == ident or s.get("name") == ident:
        if field == "run": print(s["run"], end="")
        elif field == "uses": print(s.get("uses", ""), end="")
        elif field == "if": print(s.get("if", ""), end="")
        elif field == "with": print(s.get("with", {}).get(sys.argv[4], ""), end="")
        elif field == "env":
            for k, v in s.get("env", {}).items(): print(f"{k}={v}")
        elif field == "index": print(i)
        sys.exit(0)
sys.exit(f"action.yml: no step {ident}")
EOF
}
step keys run >"$scratch/keys.sh" || exit 1
[ "$(step keys env)" = 'ENTRYCHECK_CACHE_DIR=${{ inputs.cache-dir }}' ] ||
	fail "the key step's env is not the cache-dir input: $(step keys env)"
default_dir=$("$python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["inputs"]["cache-dir"]["default"])' "$root/action.yml")

# Two pins: the action's tree, and the same with one source changed.
tar -C "$root" --exclude=./build --exclude='./build-*' --exclude=./.git -cf - . | (mkdir -p "$scratch/pin1" && tar -C "$scratch/pin1" -xf -)
cp -a "$scratch/pin1" "$scratch/pin2"
echo '/* another pin */' >>"$scratch/pin2/analyzer/base/alloc.c"
# Two libclang versions: llvm-config as Debian's llvm and llvm-19 would answer.
for v in 14.0.6 19.1.7; do
	mkdir -p "$scratch/llvm-$v"
	printf '#!/bin/sh\necho %s\n' "$v" >"$scratch/llvm-$v/llvm-config"
	chmod +x "$scratch/llvm-$v/llvm-config"
done
# The user's tree: a driver and its project file.
mkdir -p "$scratch/ws/src" "$scratch/home"
cp "$root/corpus/kmdf/"*.c "$scratch/ws/src/"
printf '<Project><PropertyGroup><DriverType>KMDF</DriverType></PropertyGroup></Project>\n' >"$scratch/ws/src/drv.vcxproj"

# keys PIN IMAGE LLVM [CACHE-DIR [RUN-ID]]: runs the key step; its outputs in $scratch/out.
keys() {
	: >"$scratch/out"
	(cd "$scratch/ws" && env -i PATH="$scratch/llvm-$3:/usr/bin:/bin" HOME="$scratch/home" \
		GITHUB_ACTION_PATH="$scratch/$1" GITHUB_WORKSPACE="$scratch/ws" GITHUB_OUTPUT="$scratch/out" \
		GITHUB_RUN_ID="${5:-1000}" GITHUB_RUN_ATTEMPT=1 RUNNER_OS=Linux RUNNER_ARCH=X64 \
		ImageOS="${2%@*}" ImageVersion="${2#*@}" ENTRYCHECK_CACHE_DIR="${4:-$default_dir}" \
		bash --noprofile --norc -eo pipefail "$scratch/keys.sh" >"$scratch/keys.log" 2>&1) ||
		{ fail "the key step failed: $(cat "$scratch/keys.log")"; return 1; }
}
# out NAME: an output of the last key step (multi-line ones written with a delimiter).
out() {
	awk -v name="$1" 'on { if ($0 == d) exit; print; next }
	     index($0, name "<<") == 1 { d = substr($0, length(name) + 3); on = 1; next }
	     index($0, name "=") == 1 { print substr($0, length(name) + 2); exit }' "$scratch/out"
}

: >"$scratch/builds"
: >"$scratch/caches"
for pin in pin1 pin2; do
	for image in ubuntu22@20241117.1.0 ubuntu24@20241117.1.0; do
		for llvm in 14.0.6 19.1.7; do
			keys "$pin" "$image" "$llvm" || continue
			echo "$(out build-key) $pin $image $llvm" >>"$scratch/builds"
			out cache-key >>"$scratch/caches"
			case $(out build-key) in *"llvm$llvm"*"$image"* | *"${image%@*}-${image#*@}"*"llvm$llvm"*) ;;
			*) fail "build key '$(out build-key)' does not name image $image and libclang $llvm" ;; esac
		done
	done
done
[ "$(awk '{print $1}' "$scratch/builds" | sort -u | wc -l)" = 8 ] ||
	fail "two pins, two images and two libclang versions give $(awk '{print $1}' "$scratch/builds" | sort -u | wc -l) build keys, not 8:
$(cat "$scratch/builds")"
[ "$(sort -u "$scratch/caches" | wc -l)" = 8 ] || fail "entrycheck's cache key does not follow the build: $(cat "$scratch/caches")"
# A new image version of the same image rebuilds too.
keys pin1 ubuntu22@20241124.1.0 14.0.6 && grep -q "^$(out build-key) " "$scratch/builds" &&
	fail "a new ImageVersion keeps the build key $(out build-key)"
# Off GitHub's images, the distribution names the image.
keys pin1 @ 14.0.6 && case $(out build-key) in *-Linux-X64--*) fail "without ImageOS the key names no image: $(out build-key)" ;; esac

# The same inputs, the same keys; another run saves under a key of its own and restores the same.
keys pin1 ubuntu22@20241117.1.0 14.0.6 "" 1000
build=$(out build-key) cache=$(out cache-key) restore=$(out cache-restore-keys)
grep -q "^$build pin1 ubuntu22@20241117.1.0 14.0.6$" "$scratch/builds" || fail "the build key is not reproducible: $build"
keys pin1 ubuntu22@20241117.1.0 14.0.6 "" 1001
[ "$(out build-key)" = "$build" ] || fail "another run changes the build key"
[ "$(out cache-key)" != "$cache" ] || fail "another run saves entrycheck's cache under the key it restored ($cache)"
[ "$(out cache-restore-keys)" = "$restore" ] || fail "another run restores from other keys"
[ "$(printf '%s\n' "$restore" | wc -l)" = 2 ] || fail "not two restore keys: $restore"
while IFS= read -r r; do
	case $cache in "$r"*) ;; *) fail "restore key '$r' is not a prefix of the cache key '$cache'" ;; esac
done <<<"$restore"
for k in "$build" "$cache" $restore; do
	case $k in *,* | *' '*) fail "key '$k' holds a comma or a space" ;; esac
	[ "${#k}" -le 512 ] || fail "key '$k' is longer than actions/cache's 512 characters"
done
case $cache in entrycheck-cache-0.[0-9]*) ;; *) fail "entrycheck's cache key does not start with its version: $cache" ;; esac
# The tree's sources do not change the key; its build files do, under the same second restore key.
sources=("$scratch/ws/src/"*.c)
echo '/* edited */' >>"${sources[0]}"
keys pin1 ubuntu22@20241117.1.0 14.0.6 "" 1000
[ "$(out cache-key)" = "$cache" ] || fail "an edited source changes entrycheck's cache key"
echo '<!-- edited -->' >>"$scratch/ws/src/drv.vcxproj"
keys pin1 ubuntu22@20241117.1.0 14.0.6 "" 1000
[ "$(out cache-key)" != "$cache" ] || fail "an edited .vcxproj keeps entrycheck's cache key"
[ "$(out cache-restore-keys | tail -n 1)" = "$(printf '%s\n' "$restore" | tail -n 1)" ] ||
	fail "an edited .vcxproj changes the last restore key"
[ "$(out build-key)" = "$build" ] || fail "an edited .vcxproj changes the build key"

# The cache directory: the default, one under the workspace, an absolute one.
keys pin1 ubuntu22@20241117.1.0 14.0.6
[ "$(out cache-dir)" = "$scratch/home/.cache/entrycheck" ] || fail "default cache-dir is '$(out cache-dir)'"
keys pin1 ubuntu22@20241117.1.0 14.0.6 .ec-cache
[ "$(out cache-dir)" = "$scratch/ws/.ec-cache" ] || fail "cache-dir .ec-cache is '$(out cache-dir)'"
keys pin1 ubuntu22@20241117.1.0 14.0.6 /var/tmp/ec
[ "$(out cache-dir)" = /var/tmp/ec ] || fail "cache-dir /var/tmp/ec is '$(out cache-dir)'"
keys pin1 ubuntu22@20241117.1.0 14.0.6 "$scratch/tool-cache"

# The cache steps take the keys, and restore and save in steps of their own: actions/cache saves
# only when the whole job succeeds, and a job with findings fails.
grep -v '^ *#' "$root/action.yml" | grep -q 'hashFiles(format\|action_ref' && fail "action.yml still keys a cache on hashFiles() or github.action_ref"
grep -q 'uses: actions/cache@' "$root/action.yml" && fail "action.yml uses actions/cache, which saves nothing when the job fails"
expect() { # STEP FIELD [KEY] VALUE
	local got
	got=$(step "$@" 2>&1 | head -n 20)
	[ "$got" = "${!#}" ] || fail "step '$1': $2 ${3:-} is '$got', not '${!#}'"
}
expect 'Restore the entrycheck build' uses actions/cache/restore@v4
expect 'Restore the entrycheck build' with key '${{ steps.keys.outputs.build-key }}'
expect 'Save the entrycheck build' uses actions/cache/save@v4
expect 'Save the entrycheck build' with key '${{ steps.keys.outputs.build-key }}'
expect 'Save the entrycheck build' with path "$(step 'Restore the entrycheck build' with path)"
expect 'Save the entrycheck build' if "steps.cache.outputs.cache-hit != 'true'"
expect "Restore entrycheck's cache" uses actions/cache/restore@v4
expect "Restore entrycheck's cache" with path '${{ steps.keys.outputs.cache-dir }}'
expect "Restore entrycheck's cache" with key '${{ steps.keys.outputs.cache-key }}'
expect "Restore entrycheck's cache" with restore-keys '${{ steps.keys.outputs.cache-restore-keys }}'
expect "Save entrycheck's cache" uses actions/cache/save@v4
expect "Save entrycheck's cache" with path '${{ steps.keys.outputs.cache-dir }}'
expect "Save entrycheck's cache" with key '${{ steps.keys.outputs.cache-key }}'
expect "Save entrycheck's cache" if ''
order=("Install what entrycheck needs" keys "Restore the entrycheck build" "Build entrycheck" "Save the entrycheck build"
	"Restore entrycheck's cache" check "Save entrycheck's cache" "Fail on findings")
for ((i = 1; i < ${#order[@]}; i++)); do
	[ "$(step "${order[i - 1]}" index)" -lt "$(step "${order[i]}" index)" ] ||
		fail "step '${order[i - 1]}' does not come before '${order[i]}'"
done

# The run step, with the inputs' defaults and the key step's outputs: the built entrycheck
# (behind a wrapper that records its arguments) on the user's tree, twice.
mkdir -p "$scratch/temp/entrycheck-install/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >>"%s/args"\nexec "%s" "$@"\n' "$scratch" "$bin" >"$scratch/temp/entrycheck-install/bin/entrycheck"
chmod +x "$scratch/temp/entrycheck-install/bin/entrycheck"
step check run >"$scratch/check.sh"
input() { "$python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["inputs"][sys.argv[2]]["default"])' "$root/action.yml" "$1"; }
envs=()
while IFS= read -r line; do
	value=${line#*=}
	case $value in
	'${{ inputs.'*' }}') value=$(input "${value:11:${#value}-14}") ;;
	'${{ steps.keys.outputs.'*' }}') value=$(out "${value:23:${#value}-26}") ;;
	*'${{'*) fail "the run step's $line is not one this test can evaluate" ;;
	esac
	envs+=("${line%%=*}=$value")
done < <(step check env)
run_check() {
	(cd "$scratch/ws" && env -i PATH=/usr/bin:/bin HOME="$scratch/home" RUNNER_TEMP="$scratch/temp" \
		GITHUB_OUTPUT="$scratch/check-out" "${envs[@]}" ENTRYCHECK_ARGS=-v \
		bash --noprofile --norc -eo pipefail "$scratch/check.sh" >"$scratch/check.log" 2>&1)
}
run_check || fail "the run step failed: $(tail -n 5 "$scratch/check.log")"
grep -qx -- "--cache-dir" "$scratch/args" && grep -A1 -x -- "--cache-dir" "$scratch/args" | tail -n 1 | grep -qx "$scratch/tool-cache" ||
	fail "the run step does not pass --cache-dir $scratch/tool-cache: $(tr '\n' ' ' <"$scratch/args")"
[ -d "$scratch/tool-cache/results" ] || fail "entrycheck wrote nothing to the cache directory the cache step keeps"
grep -q '0 of them unchanged since a run' "$scratch/check.log" || fail "the first run was not cold: $(grep 'analyzed' "$scratch/check.log")"
run_check
warm=$(grep -o 'analyzed [0-9]* of [0-9]* files, [0-9]* of them unchanged' "$scratch/check.log")
read -r _ analyzed _ _ _ unchanged _ <<<"$warm"
[ -n "$warm" ] && [ "$analyzed" = "$unchanged" ] && [ "$analyzed" -gt 0 ] ||
	fail "the second run on the same tree is not warm: $(grep 'analyzed' "$scratch/check.log")"
grep -q '^exit-code=[01]$' "$scratch/check-out" || fail "the run step's exit-code output: $(cat "$scratch/check-out")"

finish "action: all checks passed ($warm on the second run)"
