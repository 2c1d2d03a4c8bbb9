#ifndef _REGMON_H_
#define _REGMON_H_

#include <ntddk.h>

#define REGMON_TAG          'nmgR'
#define REGMON_ALTITUDE     L"385201"
#define REGMON_DEVICE       L"\\Device\\RegMon"
#define REGMON_LINK         L"\\DosDevices\\RegMon"
#define REGMON_MAX_QUEUED   4096
#define REGMON_KEY_CHARS    256
#define REGMON_VALUE_CHARS  64

#define IOCTL_REGMON_GET_RECORDS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_REGMON_SET_PROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_DATA)

#if DBG
#define DBG_PRINT(...)  DbgPrint("RegMon: " __VA_ARGS__)
#else
#define DBG_PRINT(...)  ((void)0)
#endif

#define CHECK_STATUS(_s, _what)                                         \
    if (!NT_SUCCESS(_s)) {                                              \
        DbgPrint("RegMon: %s failed with 0x%08X\n", _what, _s);         \
        goto Cleanup;                                                   \
    }

typedef enum _REGMON_OP {
    RegmonOpSetValue    = 1,
    RegmonOpDeleteValue = 2,
    RegmonOpDeleteKey   = 3,
    RegmonOpRenameKey   = 4
} REGMON_OP;

typedef struct _REGMON_RECORD {
    ULONG           Operation;
    ULONG           ProcessId;
    LARGE_INTEGER   Time;
    NTSTATUS        Result;
    WCHAR           KeyPath[REGMON_KEY_CHARS];
    WCHAR           ValueName[REGMON_VALUE_CHARS];
} REGMON_RECORD, *PREGMON_RECORD;

typedef struct _REGMON_ENTRY {
    LIST_ENTRY      ListEntry;
    REGMON_RECORD   Record;
} REGMON_ENTRY, *PREGMON_ENTRY;

typedef struct _REGMON_GLOBALS {
    PDRIVER_OBJECT          DriverObject;
    PDEVICE_OBJECT          DeviceObject;
    UNICODE_STRING          LinkName;
    BOOLEAN                 LinkCreated;

    LARGE_INTEGER           Cookie;
    BOOLEAN                 CallbackRegistered;

    UNICODE_STRING          ServiceKey;     // our own service key, for self-protection
    volatile LONG           ProtectSelf;

    KSPIN_LOCK              Lock;
    LIST_ENTRY              Records;
    ULONG                   RecordCount;
    NPAGED_LOOKASIDE_LIST   RecordPool;
    BOOLEAN                 PoolReady;
} REGMON_GLOBALS;

extern REGMON_GLOBALS g_Reg;

/* regcb.c */
EX_CALLBACK_FUNCTION RegmonCallback;

VOID  RegQueueInit(VOID);
VOID  RegQueueDestroy(VOID);
ULONG RegQueueFetch(_Out_writes_(Max) PREGMON_RECORD Out, _In_ ULONG Max);

#endif // _REGMON_H_
