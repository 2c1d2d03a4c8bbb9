/*
 * shmchan.h - kernel <-> service shared memory channel
 *
 * The service opens Global\AcShmChannel and watches Heartbeat; if it stops
 * moving the service assumes the driver was tampered with. The service
 * bumps ClientAck so we know it's still alive as well.
 */
#pragma once

#include <ntifs.h>

#define SHM_TAG             'mhSA'
#define SHM_SECTION_NAME    L"\\BaseNamedObjects\\AcShmChannel"
#define SHM_SIZE            (64 * 1024)
#define SHM_MAGIC           0x4D485341      /* 'ASHM' */
#define SHM_VERSION         2

#define HB_PERIOD_MS        500
#define HB_MAX_MISSES       10              /* 5 s without ClientAck -> complain */

#define SHM_DBG(fmt, ...)   DbgPrint("[shmchan] " fmt, __VA_ARGS__)
#define SHM_ERR(fmt, ...)   DbgPrint("[shmchan] ERROR " fmt, __VA_ARGS__)

#pragma pack(push, 8)
typedef struct _SHM_HEADER {
    ULONG           Magic;
    ULONG           Version;
    ULONG           Size;
    ULONG           Flags;
    volatile LONG64 Heartbeat;          /* driver -> service */
    volatile LONG   ClientAck;          /* service -> driver */
    volatile LONG   ClientLate;         /* set by the driver when acks stop */
    LARGE_INTEGER   LastBeat;
    UCHAR           Reserved[64];
    /* free-form payload follows up to SHM_SIZE */
} SHM_HEADER, *PSHM_HEADER;
#pragma pack(pop)

typedef struct _SHM_STATE {
    HANDLE      SectionHandle;
    PVOID       SectionObject;
    PVOID       View;
    SIZE_T      ViewSize;

    KEVENT      StopEvent;
    PKTHREAD    Thread;
} SHM_STATE, *PSHM_STATE;

extern SHM_STATE g_Shm;

/* section.c */
NTSTATUS ShmCreate(VOID);
VOID     ShmDestroy(VOID);

/* heartbeat.c */
NTSTATUS HbStart(VOID);
VOID     HbStop(VOID);
