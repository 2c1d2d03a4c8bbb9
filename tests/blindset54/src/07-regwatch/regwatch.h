/*
 * regwatch.h
 *
 * Watches registry writes under one key prefix (default: the Run keys)
 * and queues them for the user tool. Registry callback part follows
 * the CmRegisterCallbackEx doc page and a blog post about autorun
 * monitoring.
 */
#ifndef REGWATCH_H
#define REGWATCH_H

#include <ntddk.h>

#define RW_TAG              'hWgR'
#define RW_ALTITUDE         L"380010"
#define RW_DEVICE_NAME      L"\\Device\\RegWatch"
#define RW_LINK_NAME        L"\\DosDevices\\RegWatch"
#define RW_DEFAULT_PREFIX   L"\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"

#define RW_MAX_QUEUED       512
#define RW_NAME_CHARS       200
#define RW_VALUE_CHARS      64

#define RW_PRINT(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "regwatch: " fmt "\n", __VA_ARGS__)
#define RW_INFO(fmt, ...)   RW_PRINT(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define RW_ERROR(fmt, ...)  RW_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define RW_FAIL_IF(cond, st, label) \
    if (cond) { status = (st); RW_ERROR("%s: 0x%08X", #cond, status); goto label; }

typedef struct _RW_RECORD {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         Type;         /* REG_* type of the value written */
    WCHAR         KeyName[RW_NAME_CHARS];
    WCHAR         ValueName[RW_VALUE_CHARS];
} RW_RECORD, *PRW_RECORD;

typedef struct _RW_ENTRY {
    LIST_ENTRY Link;
    RW_RECORD  Rec;
} RW_ENTRY, *PRW_ENTRY;

typedef struct _RW_GLOBALS {
    PDEVICE_OBJECT          Device;
    LARGE_INTEGER           Cookie;
    UNICODE_STRING          Prefix;         /* pool, RW_TAG */

    /* event queue */
    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              Queue;
    ULONG                   Queued;
    ULONG                   Dropped;
    NPAGED_LOOKASIDE_LIST   Lookaside;
} RW_GLOBALS, *PRW_GLOBALS;

extern RW_GLOBALS g_Rw;

/* regcb.c */
EX_CALLBACK_FUNCTION RwRegistryCallback;
VOID     RwQueueInit(VOID);
VOID     RwQueueDestroy(VOID);
ULONG    RwQueueDrain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
NTSTATUS RwReadPrefix(_In_ PUNICODE_STRING RegistryPath, _Out_ PUNICODE_STRING Prefix);

#endif
