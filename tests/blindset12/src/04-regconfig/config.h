#pragma once
#include <ntddk.h>

#define MEMPEEK_TAG 'kePM'

//
// Values read from HKLM\SYSTEM\CurrentControlSet\Services\MemPeek\Parameters.
// Anything absent keeps the default below.
//
typedef struct _MEMPEEK_CONFIG {
    ULONG BufferSize;       // bytes of scratch buffer for copies
    ULONG MaxReadSize;      // largest single read the client may ask for
    ULONG VerboseLog;       // 0/1
    ULONG DeviceExclusive;  // 0/1
} MEMPEEK_CONFIG;

extern MEMPEEK_CONFIG g_Config;

#define CFG_DEFAULT_BUFFER   (64 * 1024)
#define CFG_DEFAULT_MAXREAD  (16 * 1024)

#define VLOG(...) \
    do { if (g_Config.VerboseLog) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, __VA_ARGS__); } while (0)

NTSTATUS CfgLoad(_In_ PUNICODE_STRING RegistryPath);
NTSTATUS CfgApplyToDevice(_In_ PDEVICE_OBJECT DeviceObject);
