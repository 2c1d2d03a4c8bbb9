#ifndef REGAUDIT_H
#define REGAUDIT_H

#include <ntddk.h>

#define RA_TAG              'tdAR'
#define RA_TAG_PATH         'pdAR'
#define RA_ALTITUDE         L"360455"
#define RA_DEVICE_NAME      L"\\Device\\RegAudit"
#define RA_DOS_NAME         L"\\DosDevices\\RegAudit"
#define RA_QUEUE_LIMIT      2048

#define IOCTL_RA_FETCH      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x8A0, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RA_PRINT(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "regaudit: " _fmt "\n", __VA_ARGS__)
#define RA_FAIL(_what, _st) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "regaudit: %s -> 0x%08X\n", (_what), (_st))

typedef struct _RA_RECORD {
    ULONG           Class;          /* REG_NOTIFY_CLASS */
    ULONG           ProcessId;
    NTSTATUS        Result;
    ULONG           DataType;
    LARGE_INTEGER   Timestamp;
    WCHAR           KeyPath[256];
    WCHAR           ValueName[64];
} RA_RECORD, *PRA_RECORD;

typedef struct _RA_NODE {
    LIST_ENTRY  Entry;
    RA_RECORD   Record;
} RA_NODE, *PRA_NODE;

typedef struct _RA_CONTEXT {
    PDEVICE_OBJECT      Device;
    BOOLEAN             SymlinkCreated;

    UNICODE_STRING      ServiceKey;         /* deep copy of RegistryPath */

    LARGE_INTEGER       Cookie;
    BOOLEAN             CallbackRegistered;

    NPAGED_LOOKASIDE_LIST NodeCache;
    BOOLEAN             NodeCacheReady;
    KSPIN_LOCK          QueueLock;
    LIST_ENTRY          Queue;
    ULONG               QueueLength;
    ULONG               Audited;
} RA_CONTEXT, *PRA_CONTEXT;

extern RA_CONTEXT g_Ra;

/* regcb.c */
NTSTATUS RaStartMonitor(_In_ PDRIVER_OBJECT DriverObject);
VOID     RaStopMonitor(VOID);
VOID     RaFlushQueue(VOID);
ULONG    RaFetch(_Out_writes_(Max) PRA_RECORD Out, _In_ ULONG Max);

#endif /* REGAUDIT_H */
