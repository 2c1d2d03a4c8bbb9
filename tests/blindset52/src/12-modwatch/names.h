#pragma once
#include <ntddk.h>

#ifdef __cplusplus
extern "C" {
#endif

// Name points into Path's buffer, nothing is allocated.
VOID   MwFileNamePart(_In_ PCUNICODE_STRING Path, _Out_ PUNICODE_STRING Name);

// copies at most Cap - 1 chars, always terminates; returns chars copied
USHORT MwCopyName(_Out_writes_(Cap) PWCHAR Dst, _In_ USHORT Cap, _In_opt_ PCUNICODE_STRING Src);

#ifdef __cplusplus
}
#endif
