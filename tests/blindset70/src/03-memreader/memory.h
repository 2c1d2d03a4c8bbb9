#pragma once
#include <ntifs.h>
#include "shared.h"

#define MR_TAG 'RmeM'
#define dprint(...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[memreader] " __VA_ARGS__)

typedef struct _MR_CONFIG {
    ULONG AllowWrite;
    ULONG MaxChunk;
} MR_CONFIG;

extern MR_CONFIG      g_Config;
extern UNICODE_STRING g_RegPath;

NTSTATUS MrReadConfig(VOID);
NTSTATUS MrCopyFromProcess(ULONG Pid, ULONG64 Address, PVOID Out, ULONG Size);
NTSTATUS MrCopyToProcess(ULONG Pid, ULONG64 Address, PVOID In, ULONG Size);
