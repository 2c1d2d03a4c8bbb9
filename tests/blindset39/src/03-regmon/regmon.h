#ifndef _REGMON_H_
#define _REGMON_H_

#include <ntddk.h>

#define RM_DEVICE_NAME      L"\\Device\\RegMon"
#define RM_DOS_NAME         L"\\DosDevices\\RegMon"
#define RM_ALTITUDE         L"385210"
#define RM_POOL_TAG         'gRmR'
#define RM_MAX_EVENTS       1024
#define RM_KEY_CHARS        256
#define RM_VALUE_CHARS      64

#define IOCTL_RM_GET_EVENTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RM_OP_SET_VALUE     1
#define RM_OP_DELETE_VALUE  2
#define RM_OP_DELETE_KEY    3

#if DBG
#define RMLOG(...)  DbgPrint("[regmon] " __VA_ARGS__)
#else
#define RMLOG(...)  ((void)0)
#endif

#define CHECK_STATUS(s, what)                                   \
    if (!NT_SUCCESS(s)) {                                       \
        DbgPrint("[regmon] %s failed: 0x%08X\n", what, s);      \
        goto cleanup;                                           \
    }

/* what user mode receives */
typedef struct _RM_EVENT_DATA {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         Operation;
    WCHAR         Key[RM_KEY_CHARS];
    WCHAR         Value[RM_VALUE_CHARS];
} RM_EVENT_DATA, *PRM_EVENT_DATA;

typedef struct _RM_EVENT {
    LIST_ENTRY    Link;
    RM_EVENT_DATA Data;
} RM_EVENT, *PRM_EVENT;

typedef struct _RM_GLOBALS {
    PDEVICE_OBJECT          DeviceObject;
    LARGE_INTEGER           Cookie;
    BOOLEAN                 CallbackRegistered;
    UNICODE_STRING          ServiceKey;      /* our own key, ignored */

    LIST_ENTRY              EventList;
    KSPIN_LOCK              EventLock;
    ULONG                   EventCount;
    NPAGED_LOOKASIDE_LIST   EventPool;
} RM_GLOBALS;

extern RM_GLOBALS g_Rm;

/* regfilter.c */
NTSTATUS RmRegisterCallback(_In_ PDRIVER_OBJECT DriverObject);
VOID     RmUnregisterCallback(VOID);
ULONG    RmDrainEvents(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
VOID     RmFreeAllEvents(VOID);

#endif
