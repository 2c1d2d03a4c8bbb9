/*
 * reqcache.h - keeps the last N "requests" sent by the test tool in memory
 */
#ifndef _REQCACHE_H_
#define _REQCACHE_H_

#include <ntddk.h>

#define RC_TAG              'cqeR'
#define RC_DEVICE_NAME      L"\\Device\\ReqCache"
#define RC_LINK_NAME        L"\\DosDevices\\ReqCache"

#define RC_MAX_RECORDS      1024
#define RC_PAYLOAD          120

/* records are only touched at PASSIVE_LEVEL, paged pool is fine */
#define RC_USE_PAGED_LOOKASIDE  1

#define IOCTL_RC_ADD        CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RC_COUNT      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RC_CLEAR      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RC_INIT_DEVICE      0x00000001
#define RC_INIT_LINK        0x00000002
#define RC_INIT_LOOKASIDE   0x00000004
#define RC_INIT_RESOURCE    0x00000008

#define RC_CHECK(_st, _what)                                            \
    if (!NT_SUCCESS(_st)) {                                             \
        DbgPrint("reqcache: %s failed 0x%08X (line %d)\n",              \
                 _what, _st, __LINE__);                                 \
        goto Exit;                                                      \
    }

typedef struct _RC_RECORD {
    LIST_ENTRY      Link;
    ULONG           ProcessId;
    ULONG           Length;
    LARGE_INTEGER   Time;
    UCHAR           Data[RC_PAYLOAD];
} RC_RECORD, *PRC_RECORD;

/* paged or nonpaged, decided at init time */
typedef union _RC_LOOKASIDE {
    PAGED_LOOKASIDE_LIST    Paged;
    NPAGED_LOOKASIDE_LIST   NonPaged;
} RC_LOOKASIDE;

typedef struct _RC_GLOBALS {
    PDEVICE_OBJECT  Device;
    ULONG           InitFlags;
    BOOLEAN         UsePaged;
    RC_LOOKASIDE    Lookaside;
    ERESOURCE       Lock;           /* protects Records/Count */
    LIST_ENTRY      Records;
    ULONG           Count;
} RC_GLOBALS;

extern RC_GLOBALS Rc;

/* cache.c */
NTSTATUS RcCacheInit(BOOLEAN UsePaged);
NTSTATUS RcCacheAdd(ULONG ProcessId, PVOID Data, ULONG Length);
ULONG    RcCacheCount(VOID);
VOID     RcCacheFlush(VOID);

/* driver.c */
VOID Cleanup(VOID);

#endif
