#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include "procmon_ioctl.h"

#define PM_TAG              'nmPP'
#define PM_DEVICE_NAME      L"\\Device\\ProcMon"
#define PM_SYMLINK_NAME     L"\\??\\ProcMon"
#define PM_MAX_QUEUED       2048

#if DBG
#define PMLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procmon] " fmt "\n", __VA_ARGS__)
#else
#define PMLOG(fmt, ...)
#endif
#define PMERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procmon] ERR " fmt "\n", __VA_ARGS__)

typedef struct _PM_EVENT_NODE {
    LIST_ENTRY  Link;
    PM_EVENT    Event;
} PM_EVENT_NODE, *PPM_EVENT_NODE;

typedef struct _PM_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    FAST_MUTEX      QueueLock;
    LIST_ENTRY      QueueHead;
    ULONG           QueueCount;
    PM_STATS        Stats;
    BOOLEAN         NotifyRegistered;
} PM_GLOBALS, *PPM_GLOBALS;

extern PM_GLOBALS g_Pm;

//
// notify.c
//
VOID
PmOnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );

VOID    PmQueueInit(VOID);
VOID    PmQueueFlush(VOID);
ULONG   PmQueueDrain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
VOID    PmQueueGetStats(_Out_ PPM_STATS Stats);
