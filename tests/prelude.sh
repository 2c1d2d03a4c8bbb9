#!/usr/bin/env bash
# The precompiled prelude serves files that define selection macros before
# their first include: INITGUID (which only makes DEFINE_GUID define instead of
# declare) must not make the prelude fail, a version macro (NDIS630) gets a
# prelude of its own, user-mode (UMDF 2) files get theirs, and so does a
# build for a Windows before Vista. A prelude that
# cannot be built names the user's file and clang's reason. Projects whose
# flags differ only in what the prelude's headers never name (a project macro,
# an include directory without a header of the model's names) share one
# prelude; a directory that shadows a model header keeps its own.
#   tests/prelude.sh BINARY
. "$(dirname "$0")/lib.sh"
use_binary "$1"
cd "$scratch" || exit 2

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

# Builds for a Windows before Vista still get the prelude: mingw-w64's wdm.h
# and windot11.h fail before Vista, its fltuserstructures.h declares nothing
# where the Filter Manager did not ship (Windows 2000 before SP4, XP before
# SP2, Server 2003 SP0), and its classpnp.h has a test with one parenthesis too
# many that only a Windows 2000 SP0 build reads, unless the model repairs them.
printf '#include <ntddk.h>\n#include <fltKernel.h>\n%s\n' "$body" >old.c
for v in 0x0500:0x05000000 0x0501:0x05010000 0x0501:0x05010200 0x0502:0x05020000 0x0502:0x05020100; do
	"$bin" entries -v -D_WIN32_WINNT=${v%%:*} -DNTDDI_VERSION=${v#*:} old.c >out.txt 2>err.txt ||
		fail "old.c for ${v#*:}: exit $?: $(cat err.txt)"
	grep -q "(1 against the precompiled prelude" err.txt || fail "old.c for ${v#*:} parsed without the prelude: $(cat err.txt)"
done

# One prelude for three projects; a fourth whose include directory holds a
# wdf.h of its own gets another; a macro the headers test gets another.
mkdir -p p1/inc p2/inc p3 shadow/inc cache
printf '#include <ntddk.h>\n%s\n' "$body" >p1/a.c
cp p1/a.c p2/a.c
cp p1/a.c p3/a.c
cp p1/a.c shadow/a.c
touch p1/inc/p1.h p2/inc/p2.h shadow/inc/Wdf.h
for p in p1 p2 p3; do
	"$bin" entries --cache-dir cache -I $p/inc -DPROJECT_$p=1 -DSAMPLE_TAG=7 $p/a.c >/dev/null 2>err.txt ||
		fail "$p: $(cat err.txt)"
done
[ "$(ls cache/pch | wc -l)" = 1 ] || fail "three projects with their own macros and directories: $(ls cache/pch | wc -l) preludes, not 1"
"$bin" entries --cache-dir cache -I shadow/inc shadow/a.c >/dev/null 2>err.txt || fail "shadow: $(cat err.txt)"
[ "$(ls cache/pch | wc -l)" = 2 ] || fail "a directory with a wdf.h shares the prelude"
"$bin" entries --cache-dir cache -DNDIS630_MINIPORT=1 p1/a.c >/dev/null 2>err.txt || fail "ndis: $(cat err.txt)"
[ "$(ls cache/pch | wc -l)" = 3 ] || fail "NDIS630_MINIPORT, which the headers test, shares the prelude"

finish "prelude: every check passed"
