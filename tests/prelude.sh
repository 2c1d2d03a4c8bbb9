#!/usr/bin/env bash
# The precompiled prelude serves files that define selection macros before
# their first include: INITGUID (which only makes DEFINE_GUID define instead of
# declare) must not make the prelude fail, a version macro (NDIS630) gets a
# prelude of its own, and user-mode (UMDF 2) files get theirs. A prelude that
# cannot be built names the user's file and clang's reason.
#   tests/prelude.sh BINARY
set -uo pipefail
bin=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch" || exit 2
failed=0
fail() { echo "FAIL $*" >&2; failed=$((failed + 1)); }

body='DRIVER_INITIALIZE DriverEntry;
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	UNREFERENCED_PARAMETER(DriverObject);
	UNREFERENCED_PARAMETER(RegistryPath);
	return STATUS_SUCCESS;
}'
printf '#define INITGUID\n#include <ntddk.h>\n#include <wdmguid.h>\n%s\n' "$body" >guids.c
printf '#define NDIS630 1\n#include <ndis.h>\n%s\n' "$body" >ndis.c
printf '#include <windows.h>\n#include <wdf.h>\n%s\n' "$body" >umdf.c
for f in guids.c ndis.c umdf.c; do
	"$bin" entries -v "$f" >out.txt 2>err.txt || fail "$f: exit $?: $(cat err.txt)"
	grep -q "(1 against the precompiled prelude" err.txt || fail "$f parsed without the prelude: $(cat err.txt)"
	grep -q "cannot precompile" err.txt && fail "$f: $(grep 'cannot precompile' err.txt)"
done

[ "$failed" = 0 ] && echo "prelude: every check passed"
exit $((failed > 0))
