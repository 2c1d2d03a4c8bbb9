#ifndef PROCMON_RING_H
#define PROCMON_RING_H

#include <ntddk.h>

#define PM_TAG          'nmPP'
#define RING_CAPACITY   1024
#define PM_NAME_CHARS   120

typedef enum _PM_EVENT_KIND {
    PmProcessCreate = 1,
    PmProcessExit,
    PmThreadCreate,
    PmThreadExit,
    PmImageLoad
} PM_EVENT_KIND;

/* one record as user mode reads it with ReadFile() */
typedef struct _PM_EVENT {
    LARGE_INTEGER   Time;
    ULONG           Kind;
    ULONG           ProcessId;
    ULONG           ThreadId;       /* thread events */
    ULONG           ParentId;       /* process create */
    ULONG_PTR       ImageBase;      /* image load */
    WCHAR           Name[PM_NAME_CHARS];
} PM_EVENT, *PPM_EVENT;

typedef struct _PM_RING {
    KSPIN_LOCK  Lock;
    PPM_EVENT   Entries;
    ULONG       Capacity;
    ULONG       Head;       /* next write */
    ULONG       Tail;       /* next read  */
    ULONG       Count;
    ULONG       Dropped;
} PM_RING, *PPM_RING;

NTSTATUS RingInit(_Out_ PPM_RING Ring, _In_ ULONG Capacity);
VOID     RingFree(_Inout_ PPM_RING Ring);
VOID     RingPush(_Inout_ PPM_RING Ring, _In_ const PM_EVENT *Event);
ULONG    RingPop(_Inout_ PPM_RING Ring, _Out_writes_(MaxCount) PPM_EVENT Out, _In_ ULONG MaxCount);

#endif
