#!/usr/bin/env bash
# The result cache changes nothing but the time: on a copy of the corpus, a
# warm run parses nothing and reports byte for byte what a run without the
# cache reports; after an edit to a header, to a source, and after a file
# is added where a missing include may be found, exactly the files that
# depend on it are parsed again and the report is still the uncached one;
# corrupt or torn entries are misses; -j and runs in parallel do not matter.
#   tests/results.sh BINARY SRCROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"

copy_corpus "$root" "$scratch/tree" || exit 2
cd "$scratch/tree" || exit 2
# NAME [STATE]: the run with the cache equals one without it (STATE-ref), on the
# tree as it is now. STATE names an earlier run made on the tree as it is now,
# whose uncached reference is reused (uncached runs are most of this test's time).
same() {
	local ref=${2:-$1}
	[ -f "$scratch/$ref-ref.json" ] || corpus_report "$ref-ref" --no-cache
	same_report "$1" "$ref-ref"
}
analyzed() { sed -n 's/.*note: analyzed \([0-9]*\) of.*/\1/p' "$scratch/$1.err"; }
unchanged() { sed -n 's/.*files, \([0-9]*\) of them unchanged.*/\1/p' "$scratch/$1.err"; }
cache=(--cache-dir "$scratch/c")

corpus_report cold "${cache[@]}"
same cold
[ "$(unchanged cold)" = 0 ] || fail "cold: $(unchanged cold) files from an empty cache"
total=$(analyzed cold)
[ "$total" -gt 50 ] || fail "cold: only $total files analyzed"
ls "$scratch/c/results" | grep -q 'tmp-' && fail "cold: a temporary file was left in the cache"

corpus_report warm "${cache[@]}"
same warm cold
[ "$(unchanged warm)" = "$total" ] || fail "warm: $(unchanged warm) of $total files came from the cache"

# Other flags are other entries; -j does not matter.
corpus_report flags "${cache[@]}" -DENTRYCHECK_RESULTS_TEST=1
[ "$(unchanged flags)" = 0 ] || fail "flags: $(unchanged flags) files taken from entries made with other flags"
corpus_report j1 "${cache[@]}" -j 1
cmp -s "$scratch/warm.json" "$scratch/j1.json" || fail "-j 1: the report differs"

# A header edited: the files that include it are parsed again (driver.c, and
# device.c, which defines the EvtDriverDeviceAdd routine driver.c hands the
# framework).
header=corpus/kmdf/fpgabar/driver.h
printf '\n#define ENTRYCHECK_EDITED 1\n' >>"$header"
corpus_report header "${cache[@]}"
same header
[ "$(unchanged header)" = $((total - 2)) ] ||
	fail "header: $(unchanged header) unchanged, expected $((total - 2)) (driver.c and device.c of corpus/kmdf/fpgabar include $header)"

# An ETW manifest edited: the file including the header mc.exe generates
# from it (entrycheck's model of it) is parsed again.
manifest=corpus/wdm/bad/etwlog/thermlog.man
printf '<!-- edited -->\n' >>"$manifest"
corpus_report manifest "${cache[@]}"
same manifest
[ "$(unchanged manifest)" = $((total - 1)) ] ||
	fail "manifest: $(unchanged manifest) unchanged, expected $((total - 1)) (corpus/wdm/bad/etwlog/thermlog.c includes its header)"

# A source replaced by one with findings: parsed again, its findings reported.
cp corpus/kmdf/bad/latetrace.c corpus/kmdf/hwrng/entrycheck-replaced.c
corpus_report source "${cache[@]}"
same source
[ "$(analyzed source)" = $((total + 1)) ] && [ "$(unchanged source)" = "$total" ] ||
	fail "source: $(unchanged source) of $(analyzed source) unchanged, expected $total of $((total + 1))"

# A file added where a missing include may now be found (a stub is made from
# the nearest file of that name): the files that missed it are parsed again.
missing=$(grep -l "'latetrace.tmh' not found" "$scratch/source.err" >/dev/null && echo latetrace.tmh)
[ -n "$missing" ] || fail "expected corpus/kmdf/bad/latetrace.c to miss latetrace.tmh"
mkdir -p corpus/kmdf/bad/gen
printf '/* generated */\n#define WPP_INIT_TRACING(d, r)\n#define WPP_CLEANUP(d)\n' >corpus/kmdf/bad/gen/latetrace.tmh
corpus_report added "${cache[@]}"
same added
[ "$(unchanged added)" -lt "$(analyzed added)" ] || fail "added: every file came from the cache after latetrace.tmh appeared"

# Corrupt and torn entries are misses (their MAC does not hold: -v counts
# them), and are written again.
rejected() { sed -n 's/.*note: \([0-9]*\) cache entr.* failed authentication.*/\1/p' "$scratch/$1.err"; }
n=$(ls "$scratch"/c/results | grep -c '^unit-')
for f in "$scratch"/c/results/unit-*; do head -c 512 /dev/urandom >"$f"; done
corpus_report corrupt "${cache[@]}"
same corrupt added
[ "$(unchanged corrupt)" = 0 ] || fail "corrupt: $(unchanged corrupt) files taken from corrupt entries"
[ "$(rejected corrupt)" -ge "$(analyzed corrupt)" ] ||
	fail "corrupt: -v counts $(rejected corrupt) rejected entries of the $n corrupted, $(analyzed corrupt) of them read"
for f in "$scratch"/c/results/unit-*; do truncate -s $(($(stat -c %s "$f") / 2)) "$f"; done
corpus_report torn "${cache[@]}"
same torn added
[ "$(unchanged torn)" = 0 ] || fail "torn: $(unchanged torn) files taken from half entries"
corpus_report rewritten "${cache[@]}"
[ "$(unchanged rewritten)" = "$(analyzed rewritten)" ] || fail "rewritten: corrupt entries were not written again"

# Two runs at once on an empty cache, then a run from what they left.
corpus_report par1 --cache-dir "$scratch/p" &
corpus_report par2 --cache-dir "$scratch/p" &
wait
same par1 added
cmp -s "$scratch/par1.json" "$scratch/par2.json" || fail "parallel: the two reports differ"
ls "$scratch/p/results" | grep -q 'tmp-' && fail "parallel: a temporary file was left in the cache"
corpus_report after --cache-dir "$scratch/p"
cmp -s "$scratch/par1.json" "$scratch/after.json" || fail "after parallel runs: the report differs"

# A header that appears earlier on an include's search path than the one the
# file read (beside the .c, in an earlier -I folder, beside an includer up the
# stack, which clang searches in MSVC mode) is read instead: the cached run
# must report what --no-cache reports. The new header drops the unload
# routine's IoDeleteSymbolicLink, so the right report has a DE011 the stale
# one has not.
shadow_tree() { # DIR HEADER: a driver whose src/drv.c includes "HEADER"
	mkdir -p "$1/src" "$1/inc" "$1/inc1" "$1/inc2"
	cat >"$1/src/drv.c" <<EOF
#include <ntddk.h>
#include "$2"
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SdUnload;
static UNICODE_STRING SdLink = RTL_CONSTANT_STRING(L"\\\\DosDevices\\\\Shadow");
VOID SdUnload(PDRIVER_OBJECT DriverObject)
{
    FORGET_LINK(&SdLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\\\Device\\\\Shadow");
    PDEVICE_OBJECT device;
    NTSTATUS status;
    UNREFERENCED_PARAMETER(RegistryPath);
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status))
        return status;
    status = IoCreateSymbolicLink(&SdLink, &name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }
    DriverObject->DriverUnload = SdUnload;
    return STATUS_SUCCESS;
}
EOF
}
shadow_run() { # NAME DIR ARGS...: rule IDs of the report, in $scratch/NAME.ids
	local name=$1 dir=$2
	shift 2
	(cd "$dir" && "$bin" check --format json --fail-on none "$@" src >"$scratch/$name.json" 2>"$scratch/$name.err")
	python3 -c 'import json,sys; print(" ".join(sorted(f["ruleId"] for f in json.load(open(sys.argv[1]))["findings"])))' \
		"$scratch/$name.json" >"$scratch/$name.ids" 2>/dev/null || echo broken >"$scratch/$name.ids"
}
# CASE WHERE FLAGS...: the header FORGET_LINK comes from is found through the
# flags; then a new one at WHERE shadows it.
shadow_case() {
	local case=$1 where=$2 include=$3
	shift 3
	local dir=$scratch/shadow-$case
	shadow_tree "$dir" "$include"
	case $case in
	stack) printf '#include "z.h"\n' >"$dir/inc/y.h"
	       printf '#define FORGET_LINK(l) IoDeleteSymbolicLink(l)\n' >"$dir/inc2/z.h" ;;
	*)     printf '#define FORGET_LINK(l) IoDeleteSymbolicLink(l)\n' >"$dir/inc2/x.h" ;;
	esac
	shadow_run "shadow-$case-cold" "$dir" --cache-dir "$scratch/sc" "$@"
	grep -q DE011 "$scratch/shadow-$case-cold.ids" && fail "shadow $case: DE011 before the shadowing header exists"
	printf '#define FORGET_LINK(l) ((void)(l))\n' >"$dir/$where"
	shadow_run "shadow-$case-ref" "$dir" --no-cache "$@"
	shadow_run "shadow-$case-warm" "$dir" --cache-dir "$scratch/sc" "$@"
	grep -q DE011 "$scratch/shadow-$case-ref.ids" || fail "shadow $case: no DE011 without the cache: $(cat "$scratch/shadow-$case-ref.ids")"
	cmp -s "$scratch/shadow-$case-ref.json" "$scratch/shadow-$case-warm.json" ||
		fail "shadow $case: after $where appeared the cached run reports '$(cat "$scratch/shadow-$case-warm.ids")', --no-cache '$(cat "$scratch/shadow-$case-ref.ids")'"
}
shadow_case beside src/x.h x.h -I inc2
shadow_case earlier inc1/x.h x.h -I inc1 -I inc2
shadow_case stack src/z.h y.h -I inc -I inc2
# A file beside the .c does not shadow an angled include: still a hit.
shadow_tree "$scratch/shadow-angled" x.h
sed -i 's/#include "x.h"/#include <x.h>/' "$scratch/shadow-angled/src/drv.c"
printf '#define FORGET_LINK(l) IoDeleteSymbolicLink(l)\n' >"$scratch/shadow-angled/inc2/x.h"
shadow_run shadow-angled-cold "$scratch/shadow-angled" --cache-dir "$scratch/sc" -v -I inc2
printf '#define FORGET_LINK(l) ((void)(l))\n' >"$scratch/shadow-angled/src/x.h"
shadow_run shadow-angled-warm "$scratch/shadow-angled" --cache-dir "$scratch/sc" -v -I inc2
unchanged shadow-angled-warm | grep -qx 1 || fail "angled: a file beside the .c cost the entry of <x.h>"
cmp -s "$scratch/shadow-angled-cold.ids" "$scratch/shadow-angled-warm.ids" || fail "angled: the report changed"

finish "results: all checks passed"
