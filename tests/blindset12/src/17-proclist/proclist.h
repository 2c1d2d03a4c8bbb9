#pragma once
#include <ntifs.h>

#define PL_TAG          'tsLP'
#define PL_MAX_RECORDS  1024
#define PL_NAME_CHARS   64

#define PL_LOG(fmt, ...)  KdPrint(("proclist: " fmt "\n", __VA_ARGS__))

// jump to the function's Exit label with status set
#define CHECK_STATUS(expr)                   \
    do {                                     \
        status = (expr);                     \
        if (!NT_SUCCESS(status)) {           \
            PL_LOG("%s: 0x%08X", #expr, status); \
            goto Exit;                       \
        }                                    \
    } while (0)

#define IOCTL_PL_GET_RECORDS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PL_CLEAR       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _PL_RECORD_OUT {
    ULONG64 Pid;
    ULONG64 ParentPid;
    LARGE_INTEGER Time;
    WCHAR   Image[PL_NAME_CHARS];
} PL_RECORD_OUT, *PPL_RECORD_OUT;

typedef struct _PL_RECORD {
    LIST_ENTRY    Link;
    PL_RECORD_OUT Data;
} PL_RECORD, *PPL_RECORD;

#define PL_DEVICE_COUNT 2

#define PLF_NOTIFY   0x1

typedef struct _PL_STATE {
    ULONG          Flags;
    KSPIN_LOCK     Lock;
    LIST_ENTRY     Records;
    ULONG          Count;
    PDEVICE_OBJECT Devices[PL_DEVICE_COUNT];
    BOOLEAN        Linked[PL_DEVICE_COUNT];
} PL_STATE;

extern PL_STATE g_Pl;

// records.c
VOID  PlRecordProcess(_In_ HANDLE Pid, _In_ PPS_CREATE_NOTIFY_INFO Info);
ULONG PlCopyRecords(_Out_writes_(Max) PPL_RECORD_OUT Out, _In_ ULONG Max);
ULONG PlFreeAll(VOID);
