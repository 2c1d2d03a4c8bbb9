#pragma once
#include <ntddk.h>

#ifdef __cplusplus
extern "C" {
#endif

VOID  AcCrc32Init(VOID);
ULONG AcCrc32(_In_reads_bytes_(Length) const VOID* Data, _In_ SIZE_T Length);
SIZE_T AcFirstDifference(_In_reads_bytes_(Length) const VOID* A,
                         _In_reads_bytes_(Length) const VOID* B,
                         _In_ SIZE_T Length);

#ifdef __cplusplus
}
#endif
