#!/usr/bin/env bash
# The files other tools read from this repository, checked by those tools:
# action.yml (the composite GitHub Action) and the workflows in docs/ci.md
# against GitHub's schemas (action-validator, from npm into NPM_DIR on first
# use), and .pre-commit-hooks.yaml by a real pre-commit run (`try-repo`) on a
# scratch repository holding a conforming and a violating corpus driver, with
# the built entrycheck first on PATH.
#   tests/integrations.sh ENTRYCHECK SOURCE-ROOT NPM_DIR
# Exit 77 (skipped) without node/npm or pre-commit, unless CI is set.
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
mkdir -p "$3"
npm_dir=$(cd "$3" && pwd)
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || skip_outside_ci "node and npm" ".ci/setup.sh installs them"
command -v pre-commit >/dev/null 2>&1 || skip_outside_ci "pre-commit" "apt-get install pre-commit"

validator=$npm_dir/node_modules/.bin/action-validator
if [ ! -x "$validator" ]; then
	echo "installing @action-validator/cli into $npm_dir"
	npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error \
		@action-validator/cli@0.6.0 @action-validator/core@0.6.0 >&2 || die "npm failed"
fi

# action.yml against the action metadata schema.
"$validator" "$root/action.yml" >"$scratch/action.log" 2>&1 ||
	fail "action.yml: $(cat "$scratch/action.log")"
# The validator itself rejects a broken action (a step without shell).
mkdir -p "$scratch/broken"
sed '/shell: bash/d' "$root/action.yml" >"$scratch/broken/action.yml"
"$validator" "$scratch/broken/action.yml" >/dev/null 2>&1 && fail "action-validator accepted an action whose run steps have no shell"

# The workflows docs/ci.md shows under "GitHub Actions", against the workflow schema.
awk -v dir="$scratch" '/^## GitHub Actions/ { on = 1; next } on && /^## / { exit }
     on && /^```yaml/ { n++; grab = 1; next } grab && /^```/ { grab = 0; next }
     grab { print > (dir "/workflow-" n ".yml") }' "$root/docs/ci.md"
ls "$scratch"/workflow-*.yml >/dev/null 2>&1 || fail "docs/ci.md: no workflow found under 'GitHub Actions'"
for w in "$scratch"/workflow-*.yml; do
	"$validator" "$w" >"$scratch/workflow.log" 2>&1 || fail "docs/ci.md workflow $(basename "$w"): $(cat "$scratch/workflow.log")"
done

# pre-commit: the hook as a user's repository runs it.
export PRE_COMMIT_HOME=$scratch/pre-commit-home
user=$scratch/user
mkdir -p "$user/src"
git -C "$user" init -q
git -C "$user" config user.email test@localhost
git -C "$user" config user.name test
ln -sf "$bin" "$scratch/entrycheck"
cp "$root/corpus/wdm/tscctl.c" "$user/src/"
git -C "$user" add -A && git -C "$user" commit -qm conforming
hook_run() { # the output of the hook on the scratch repository; its status in $scratch/rc
	(cd "$user" && PATH="$scratch:$PATH" pre-commit try-repo "$root" entrycheck --all-files \
		>"$scratch/hook.log" 2>&1; echo $? >"$scratch/rc")
}
hook_run
[ "$(cat "$scratch/rc")" = 0 ] || fail "pre-commit on a conforming driver: exit $(cat "$scratch/rc"): $(tail -n 20 "$scratch/hook.log")"
grep -q 'entrycheck.*Passed' "$scratch/hook.log" || fail "pre-commit: the hook did not pass: $(tail -n 20 "$scratch/hook.log")"
cp "$root/corpus/wdm/bad/tracebuf.c" "$user/src/"
git -C "$user" add -A && git -C "$user" commit -qm violating
hook_run
[ "$(cat "$scratch/rc")" = 1 ] || fail "pre-commit on a violating driver: exit $(cat "$scratch/rc")"
grep -q 'DE006' "$scratch/hook.log" || fail "pre-commit: the finding is not in the hook's output: $(tail -n 20 "$scratch/hook.log")"

finish "integrations: all checks passed"
