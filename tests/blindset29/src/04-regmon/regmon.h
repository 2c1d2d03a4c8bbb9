//
// regmon - registry persistence watcher (research tool)
//
// Logs every value written under the usual autorun locations (Run/RunOnce,
// Services, IFEO, Winlogon) to C:\ProgramData\regmon\regmon.log.
// The registry callback only queues records; a dedicated system thread does
// the file I/O at PASSIVE_LEVEL.
//
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define RM_TAG          'noMR'
#define RM_ALTITUDE     L"385201"
#define RM_LOG_PATH     L"\\??\\C:\\ProgramData\\regmon\\regmon.log"
#define RM_DEVICE_NAME  L"\\Device\\RegMon"
#define RM_LINK_NAME    L"\\DosDevices\\RegMon"
#define RM_MAX_PENDING  2048

#if DBG
#define RM_TRACE(...)  DbgPrint("regmon: " __VA_ARGS__)
#else
#define RM_TRACE(...)  ((void)0)
#endif

#define RM_BAIL_IF_FAILED(st, what)                                   \
    if (!NT_SUCCESS(st)) {                                            \
        DbgPrint("regmon: %s failed (0x%08X)\n", what, (st));         \
        goto Exit;                                                    \
    }

typedef struct _RM_RECORD {
    LIST_ENTRY     Link;
    LARGE_INTEGER  Time;
    ULONG          ProcessId;
    ULONG          ValueType;
    ULONG          DataSize;
    USHORT         KeyChars;
    USHORT         ValueChars;
    WCHAR          Text[1];         // key path, then value name
} RM_RECORD, *PRM_RECORD;

typedef struct _RM_GLOBALS {
    PDEVICE_OBJECT  ControlDevice;
    LARGE_INTEGER   Cookie;

    // logger
    LIST_ENTRY      Pending;
    KSPIN_LOCK      PendingLock;
    LONG            PendingCount;
    KEVENT          WakeEvent;
    volatile LONG   StopLogger;
    LONG            Dropped;
} RM_GLOBALS;

extern RM_GLOBALS g_Rm;

// regcb.c
EX_CALLBACK_FUNCTION RmRegistryCallback;

// logger.c
NTSTATUS RmStartLogger(VOID);
VOID     RmStopLogger(VOID);
VOID     RmQueueRecord(_In_ PRM_RECORD Record);
VOID     RmDrainPending(VOID);
