#ifndef _REGMON_H_
#define _REGMON_H_

#include <ntifs.h>
#include <ntstrsafe.h>

#define RM_TAG              'mgeR'
#define RM_ALTITUDE         L"385210"
#define RM_DEVICE_NAME      L"\\Device\\RegMon"
#define RM_LINK_NAME        L"\\DosDevices\\RegMon"
#define RM_MAX_RECORDS      1024
#define RM_MAX_PATH         256

#define RM_DEVICE_TYPE      0x8766
#define IOCTL_RM_READ       CTL_CODE(RM_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RM_SET_GUARD  CTL_CODE(RM_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RM_LOG(x)           KdPrint(x)

typedef enum _RM_OP {
    RmOpCreateKey = 1,
    RmOpDeleteKey,
    RmOpSetValue,
    RmOpDeleteValue,
    RmOpBlocked = 0x80,
} RM_OP;

typedef struct _RM_RECORD_DATA {
    ULONG           Op;
    ULONG           ProcessId;
    LARGE_INTEGER   Time;
    WCHAR           Path[RM_MAX_PATH];
} RM_RECORD_DATA, *PRM_RECORD_DATA;

typedef struct _RM_RECORD {
    LIST_ENTRY      Link;
    RM_RECORD_DATA  Data;
} RM_RECORD, *PRM_RECORD;

typedef struct _RM_GLOBALS {
    PDEVICE_OBJECT          Device;
    LARGE_INTEGER           Cookie;
    NPAGED_LOOKASIDE_LIST   RecordPool;
    KSPIN_LOCK              RecordLock;
    LIST_ENTRY              Records;
    ULONG                   RecordCount;
    BOOLEAN                 GuardEnabled;   // block writes under our own service key
    UNICODE_STRING          GuardPrefix;
} RM_GLOBALS, *PRM_GLOBALS;

extern RM_GLOBALS g_Rm;

/* regfilter.c */
NTSTATUS RmStartFilter(_In_ PDRIVER_OBJECT DriverObject);
VOID     RmStopFilter(VOID);
VOID     RmFreeRecords(VOID);
ULONG    RmCopyRecords(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);

#endif
