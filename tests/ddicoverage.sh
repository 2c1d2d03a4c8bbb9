#!/usr/bin/env bash
# The header model declares every DDI of analyzer/wdk/ddi-coverage.txt (the
# routines the development set's DriverEntry paths call): a file that takes
# the address of each (or finds it a macro) parses with no name assumed, no
# header missing and no error.
#   tests/ddicoverage.sh BINARY ROOT
. "$(dirname "$0")/lib.sh"
use_binary "$1"
use_root "$2"
list=$root/analyzer/wdk/ddi-coverage.txt
{
	for h in ntifs.h ntstrsafe.h wdmsec.h fltKernel.h wdf.h ndis.h storport.h TraceLoggingProvider.h; do
		printf '#include <%s>\n' "$h"
	done
	grep -v '^#' "$list" | while read -r name; do
		[ -n "$name" ] && printf '#ifndef %s\nvoid *const ec_%s = (void *)&%s;\n#endif\n' "$name" "$name" "$name"
	done
} >"$scratch/coverage.c"
"$bin" entries -v --parse-all "$scratch/coverage.c" >"$scratch/out.txt" 2>"$scratch/err.txt"
missing=$(grep -E "declared by no header|not found|clang error" "$scratch/err.txt")
if [ -n "$missing" ]; then
	fail "the header model lacks DDIs the development set uses:"
	echo "$missing" >&2
fi
finish "ddicoverage: $(grep -vc '^#' "$list") DDIs declared"
