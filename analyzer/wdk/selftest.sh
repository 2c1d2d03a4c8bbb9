#!/usr/bin/env bash
# entrycheck header-overlay self test.
# Parses each prelude as a header and a set of small driver snippets, in C and
# C++, with exactly the flags entrycheck uses, and fails on any error, on any
# warning in snippet code, and on any warning located in this overlay (the
# overlay is a system include dir, so those are checked with -Wsystem-headers).
# Warnings inside mingw-w64's own headers are reported but tolerated.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OVERLAY="$HERE/include"
CLANG="${CLANG:-clang}"
MINGW=/usr/share/mingw-w64/include
BASE=(--target=x86_64-w64-mingw32 -fgnuc-version=4.2.1 -fms-compatibility -fms-extensions -nostdlibinc
      -isystem "$OVERLAY" -isystem "$MINGW/ddk" -isystem "$MINGW")
CXX=(-x c++ -std=c++17 -fcxx-exceptions)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
fail=0
declare -A MINGW_WARN=()
declare -A USER_IGNORED=()

# Each case is one clang run with -Wall -Wsystem-headers: its output holds the
# errors as well as every warning, which classify() then splits into errors,
# warnings located in this overlay, warnings in snippet code and warnings inside
# mingw-w64's headers.  Cases are queued with add_case, run in parallel by
# run_cases (SELFTEST_JOBS jobs, default: number of CPUs), then classified one
# by one in the order they were added.
CASE_NAME=() CASE_LANG=()
# add_case NAME LANG FILE [extra clang args...]
add_case() {
    local name="$1" lang="$2" file="$3"; shift 3
    local i=${#CASE_NAME[@]}
    CASE_NAME+=("$name"); CASE_LANG+=("$lang")
    local langargs=()
    [ "$lang" = "c++" ] && langargs=("${CXX[@]}")
    printf '%s\0' "$CLANG" -fsyntax-only "${BASE[@]}" "${langargs[@]}" \
        -Wall -Wsystem-headers "$@" "$file" > "$WORK/case.$i.argv"
}

run_one() {   # run_one INDEX: the case's clang output and exit status
    local i="$1" argv=()
    mapfile -d '' -t argv < "$WORK/case.$i.argv"
    "${argv[@]}" > "$WORK/case.$i.out" 2>&1
    echo $? > "$WORK/case.$i.rc"
}

run_cases() {
    local jobs="${SELFTEST_JOBS:-$(nproc 2>/dev/null || echo 2)}" i running=0
    for i in "${!CASE_NAME[@]}"; do
        if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
        run_one "$i" &
        running=$((running + 1))
    done
    wait
}

passed=0 failed=0
classify() {  # classify INDEX
    local i="$1" name="${CASE_NAME[$1]}" lang="${CASE_LANG[$1]}"
    local out rc errs ours user w k
    out="$(cat "$WORK/case.$i.out" 2>/dev/null)"
    rc="$(cat "$WORK/case.$i.rc" 2>/dev/null)"
    errs="$(grep -E ': (fatal )?error:' <<<"$out")"
    # a non-zero exit without an error line (crash, signal) still fails
    if [ -z "$errs" ] && [ "${rc:-1}" != 0 ]; then
        errs="clang exited with status ${rc:-unknown}"
    fi
    ours="$(grep -E ': warning:' <<<"$out" | grep -F "$OVERLAY/")"
    # warnings in snippet code: all count except the two that real driver code
    # always triggers with clang (#pragma alloc_text; C++ string literals in
    # mingw's RTL_CONSTANT_STRING), which are counted and reported instead.
    user="$(grep -E ': warning:' <<<"$out" | grep -F "$WORK/" | grep -vE '\[-W(unknown-pragmas|writable-strings)\]')"
    while IFS= read -r k; do
        [ -n "$k" ] && USER_IGNORED["$k"]=$(( ${USER_IGNORED["$k"]:-0} + 1 ))
    done < <(grep -E ': warning:' <<<"$out" | grep -F "$WORK/" | grep -E '\[-W(unknown-pragmas|writable-strings)\]' |
             sed -E 's/.*\[(-W[a-z-]+)\]$/\1/')
    while IFS= read -r w; do
        [ -n "$w" ] && MINGW_WARN["$w"]=1
    done < <(grep -E ': warning:' <<<"$out" | grep -F "$MINGW/" | sed -E 's/:[0-9]+:[0-9]+:/:/')
    if [ -n "$errs$ours$user" ]; then
        printf 'FAIL  %-5s %s\n' "$lang" "$name"
        printf '%s\n' "$errs" "$ours" "$user" | grep -v '^$' | head -20 | sed 's/^/      /'
        fail=1; failed=$((failed + 1))
    else
        printf 'ok    %-5s %s\n' "$lang" "$name"
        passed=$((passed + 1))
    fi
}

PREAMBLE='#ifdef __cplusplus
#define EC_EXTERN_C extern "C"
#else
#define EC_EXTERN_C
#endif
'

# snippet NAME MODE(kernel|user) HEADERS... -- BODY   (BODY read from stdin)
SNIPPETS=()
snippet() {
    local name="$1" mode="$2"; shift 2
    local f="$WORK/$name.c"
    { for h in "$@"; do echo "#include <$h>"; done; printf '%s' "$PREAMBLE"; cat; } > "$f"
    SNIPPETS+=("$name:$mode")
}

. "$HERE/selftest/models.sh"
. "$HERE/selftest/classes.sh"

SECTION_AT=()   # "index:title" for the section headings printed while classifying
SECTION_AT+=("${#CASE_NAME[@]}:preludes as headers")
for p in kernel user; do
    add_case "entrycheck/$p.h" c   "$OVERLAY/entrycheck/$p.h" -x c-header
    add_case "entrycheck/$p.h" c++ "$OVERLAY/entrycheck/$p.h" -x c++-header -std=c++17
done
# Builds for a Windows before Vista read parts of mingw's headers (and of the
# overlay) that the default version skips: Windows 2000, XP, XP SP2, Server
# 2003 and Server 2003 SP1.
for v in 0x0500:0x05000000 0x0501:0x05010000 0x0501:0x05010200 0x0502:0x05020000 0x0502:0x05020100; do
    vflags=(-D_WIN32_WINNT="${v%%:*}" -DNTDDI_VERSION="${v#*:}")
    add_case "entrycheck/kernel.h NTDDI_VERSION=${v#*:}" c   "$OVERLAY/entrycheck/kernel.h" -x c-header "${vflags[@]}"
    add_case "entrycheck/kernel.h NTDDI_VERSION=${v#*:}" c++ "$OVERLAY/entrycheck/kernel.h" -x c++-header -std=c++17 "${vflags[@]}"
done

# Kernel-mode snippets get _KERNEL_MODE, as entrycheck gives kernel code
# (MSVC's /kernel defines it; front/wdkmodel.c: header_model_mode_args).
mode_flags() { [ "$1" = kernel ] && echo -D_KERNEL_MODE=1; }

SECTION_AT+=("${#CASE_NAME[@]}:snippets (own includes only)")
for s in "${SNIPPETS[@]}"; do
    n="${s%%:*}"; m="${s##*:}"
    add_case "$n" c   "$WORK/$n.c" $(mode_flags "$m")
    add_case "$n" c++ "$WORK/$n.c" $(mode_flags "$m")
done

SECTION_AT+=("${#CASE_NAME[@]}:snippets after the precompiled prelude (simulated with -include)")
for s in "${SNIPPETS[@]}"; do
    n="${s%%:*}"; m="${s##*:}"
    add_case "$n +$m.h" c   "$WORK/$n.c" $(mode_flags "$m") -include "$OVERLAY/entrycheck/$m.h"
    add_case "$n +$m.h" c++ "$WORK/$n.c" $(mode_flags "$m") -include "$OVERLAY/entrycheck/$m.h"
done

run_cases
for i in "${!CASE_NAME[@]}"; do
    for sec in "${SECTION_AT[@]}"; do
        [ "${sec%%:*}" = "$i" ] && echo "== ${sec#*:}"
    done
    classify "$i"
done

echo "== timings (seconds, /usr/bin/time -f %e)"
tm() { /usr/bin/time -f %e -o "$WORK/time.txt" "$@" >/dev/null 2>&1; cat "$WORK/time.txt"; }
echo "parse entrycheck/kernel.h (c):   $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -x c-header "$OVERLAY/entrycheck/kernel.h")"
echo "parse entrycheck/kernel.h (c++): $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -x c++-header -std=c++17 "$OVERLAY/entrycheck/kernel.h")"
echo "parse entrycheck/user.h (c):     $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -x c-header "$OVERLAY/entrycheck/user.h")"
echo "build kernel.h PCH (c):          $(tm "$CLANG" "${BASE[@]}" -x c-header "$OVERLAY/entrycheck/kernel.h" -o "$WORK/kernel.h.pch")"
echo "parse ntddk snippet + PCH (c):   $(tm "$CLANG" -fsyntax-only "${BASE[@]}" -include-pch "$WORK/kernel.h.pch" "$WORK/ntddk.c")"
echo "parse ntddk snippet alone (c):   $(tm "$CLANG" -fsyntax-only "${BASE[@]}" "$WORK/ntddk.c")"

if [ "${#USER_IGNORED[@]}" -gt 0 ]; then
    echo "== tolerated warnings in snippet code (not from the headers)"
    for k in "${!USER_IGNORED[@]}"; do echo "   $k: ${USER_IGNORED[$k]}"; done
fi

if [ "${#MINGW_WARN[@]}" -gt 0 ]; then
    echo "== tolerated -Wall warnings inside mingw-w64 headers (${#MINGW_WARN[@]} distinct)"
    printf '%s\n' "${!MINGW_WARN[@]}" | sed "s|$MINGW/||" | sort | sed 's/^/   /'
fi

if [ "$fail" -ne 0 ]; then
    echo "SELFTEST FAILED"
else
    echo "SELFTEST PASSED"
fi
echo "selftest: $passed passed, $failed failed"
[ "$fail" -eq 0 ]
