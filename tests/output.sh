#!/usr/bin/env bash
# Reports written with -o never damage anything but the report: devices and
# FIFOs are written in place, a regular file is replaced atomically keeping its
# mode (and owner as root), a symbolic link is refused (a checkout may plant one
# to a file outside it) unless it leads to a pipe or our own standard output,
# nothing else is replaced,
# and an interrupted run leaves no temporary or scratch directory behind (a
# killed one's is removed by the next run).
#   tests/output.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
src=$2/corpus/other/crc32k.c
cd "$scratch" || exit 2
run() { timeout 60 "$bin" check "$@" "$src" 2>"$scratch/err"; }

run -o /dev/null || fail "-o /dev/null exited $?"
[ -c /dev/null ] || fail "/dev/null is no longer a character device"
out=$(run -o /dev/stdout) || fail "-o /dev/stdout exited $?"
case $out in *DriverEntry*) ;; *) fail "-o /dev/stdout printed nothing: $out" ;; esac
run -o /dev/stdout >redirected.txt || fail "-o /dev/stdout into a file exited $?"
grep -q DriverEntry redirected.txt || fail "-o /dev/stdout redirected to a file lost the report"

echo old >kept.txt
chmod 640 kept.txt
if [ "$(id -u)" = 0 ]; then chown nobody kept.txt 2>/dev/null; fi
before=$(stat -c '%a %U' kept.txt)
run -o kept.txt || fail "-o kept.txt exited $?"
[ "$(stat -c '%a %U' kept.txt)" = "$before" ] || fail "mode/owner not kept: $(stat -c '%a %U' kept.txt), was $before"
grep -q DriverEntry kept.txt || fail "kept.txt not rewritten"

# A link at the report path (planted to a file outside the tree) is refused
# before any analysis, for every report written, and nothing is written.
mkdir outside && echo secret >outside/victim.txt
before=$(stat -c '%Y %s' outside/victim.txt)
ln -s outside/victim.txt entrycheck.sarif
ln -s outside/created.txt dangling.txt
for args in "-o entrycheck.sarif --format sarif" "-o dangling.txt" "--format html -o entrycheck.sarif" \
	"-o r.json --write-baseline entrycheck.sarif"; do
	run $args
	rc=$?
	[ $rc -eq 2 ] || fail "$args: a link at the report path exited $rc, want 2"
	grep -q "is a symbolic link; entrycheck never writes through a link" err ||
		fail "$args: link message: $(cat err)"
done
[ "$(cat outside/victim.txt)" = secret ] && [ "$(stat -c '%Y %s' outside/victim.txt)" = "$before" ] ||
	fail "the file a link led to was written"
[ ! -e outside/created.txt ] || fail "a dangling link's target was created"
[ -L entrycheck.sarif ] && [ -L dangling.txt ] || fail "a link was replaced"
run -o >(cat >piped.txt) || fail "-o through a pipe (/dev/fd/N) exited $?"
wait
grep -q DriverEntry piped.txt || fail "-o /dev/fd/N: nothing arrived through the pipe"

mkfifo fifo
run -o fifo
[ $? -eq 2 ] || fail "-o FIFO without a reader did not exit 2"
grep -q "FIFO has no reader" err || fail "no reader message: $(cat err)"
cat fifo >from-fifo &
reader=$!
# The reader must hold the FIFO open before entrycheck looks for one (a loaded machine may not
# have run cat yet).
for _ in $(seq 200); do
	ls -l "/proc/$reader/fd" 2>/dev/null | grep -q "$scratch/fifo" && break
	sleep 0.05
done
run -o fifo || fail "-o FIFO with a reader exited $?"
wait $reader
grep -q DriverEntry from-fifo || fail "nothing read from the FIFO"
[ -p fifo ] || fail "the FIFO was replaced"

python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' sock
run -o sock
[ $? -eq 2 ] || fail "-o SOCKET did not exit 2"
grep -q "refusing to replace it" err || fail "socket message: $(cat err)"
[ -S sock ] || fail "the socket was replaced"

mkdir dir
run -o dir
[ $? -eq 2 ] || fail "-o DIRECTORY did not exit 2"
grep -q "is a directory" err || fail "directory message: $(cat err)"

run -o missing/report.txt
[ $? -eq 2 ] || fail "-o into a missing directory did not exit 2"
grep -q "No such file or directory" err || fail "missing directory message: $(cat err)"
if [ "$(id -u)" != 0 ]; then
	mkdir locked && chmod 555 locked
	run -o locked/report.txt
	[ $? -eq 2 ] || fail "-o into an unwritable directory did not exit 2"
	grep -q "Permission denied" err || fail "unwritable directory message: $(cat err)"
fi

leftovers=$(find . -name '.entrycheck-report-*' | wc -l)
[ "$leftovers" = 0 ] || fail "$leftovers temporary report files left behind"

# An interrupted run removes its scratch directory.
mkdir tmp
TMPDIR=$scratch/tmp timeout 60 "$bin" check "$2/corpus" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do
	[ -n "$(ls tmp)" ] && break
	sleep 0.1
done
[ -n "$(ls tmp)" ] || fail "no scratch directory seen in TMPDIR"
kill -TERM $pid
wait $pid
[ $? -eq 143 ] || fail "the run did not die of SIGTERM"
[ -z "$(ls tmp)" ] || fail "scratch directory left after SIGTERM: $(ls tmp)"

# A run killed outright (SIGKILL) cannot clean up; the next run removes the
# scratch directory of a process that is gone, and only that: not a live
# run's, not another program's.
sh -c 'exit 0' &
wait $!
dead=$!
mkdir -p "tmp/entrycheck-$dead-killed/prelude" "tmp/entrycheck-$$-live" tmp/entrycheck-test-other
TMPDIR=$scratch/tmp timeout 60 "$bin" entries "$src" >/dev/null 2>&1 || fail "entries with stale scratch exited $?"
[ ! -e "tmp/entrycheck-$dead-killed" ] || fail "the killed run's scratch directory was left"
[ -d "tmp/entrycheck-$$-live" ] && [ -d tmp/entrycheck-test-other ] ||
	fail "a live run's or another program's directory was removed: $(ls tmp)"

finish "output checks passed"
