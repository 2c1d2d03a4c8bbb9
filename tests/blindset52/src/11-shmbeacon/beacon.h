/*
 * beacon.h
 *
 * Publishes process start/exit events and a heartbeat through a named
 * section the anti-cheat service maps read-only (Global\AcBeacon).
 */
#pragma once

#include <ntifs.h>

#define BC_TAG              'nocB'
#define BC_SECTION_NAME     L"\\BaseNamedObjects\\AcBeacon"
#define BC_SECTION_SIZE     (128 * 1024)
#define BC_MAGIC            'NCBA'
#define BC_VERSION          1
#define BC_IMAGE_CHARS      64
#define BC_BEAT_MS          1000

#define BCLOG(fmt, ...)     KdPrint(("[beacon] " fmt, __VA_ARGS__))
#define BCERR(fmt, ...)     DbgPrint("[beacon] !! " fmt, __VA_ARGS__)

typedef struct _BC_EVENT {
    volatile LONG64 Seq;                    /* written last; 0 = empty */
    LARGE_INTEGER   Time;
    ULONG           ProcessId;
    ULONG           ParentId;
    ULONG           Created;                /* 1 = start, 0 = exit */
    ULONG           Reserved;
    WCHAR           Image[BC_IMAGE_CHARS];
} BC_EVENT, *PBC_EVENT;

typedef struct _BC_HEADER {
    ULONG           Magic;
    ULONG           Version;
    ULONG           RingEntries;
    ULONG           HeaderSize;
    volatile LONG64 Heartbeat;
    volatile LONG64 WriteSeq;
    BC_EVENT        Ring[1];                /* RingEntries of them */
} BC_HEADER, *PBC_HEADER;

typedef struct _BC_CONTEXT {
    /* shm.c */
    HANDLE      SectionHandle;
    PVOID       SectionObject;
    PBC_HEADER  Header;
    SIZE_T      ViewSize;

    /* worker.c */
    PKTHREAD    Worker;
    KEVENT      StopEvent;

    BOOLEAN     NotifyRegistered;
} BC_CONTEXT;

extern BC_CONTEXT g_Bc;

/* shm.c */
NTSTATUS BcShmCreate(VOID);
VOID     BcShmDestroy(VOID);
VOID     BcShmPublish(_In_ HANDLE ProcessId, _In_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

/* worker.c */
NTSTATUS BcWorkerStart(VOID);
VOID     BcWorkerStop(VOID);
