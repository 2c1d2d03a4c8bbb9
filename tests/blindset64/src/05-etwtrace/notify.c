//
// notify.c - process / image / thread notify routines + a tiny pid->parent cache
//
#include "etwtrace.h"

typedef struct _PID_SLOT {
    ULONG Pid;
    ULONG ParentPid;
} PID_SLOT, *PPID_SLOT;

static PPID_SLOT  g_PidTable = NULL;
static KSPIN_LOCK g_PidLock;

#define PID_HASH(p) (((p) >> 2) & (ET_PID_BUCKETS - 1))

BOOLEAN
PidCacheInit(VOID)
{
    KeInitializeSpinLock(&g_PidLock);

    g_PidTable = (PPID_SLOT)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                            ET_PID_BUCKETS * sizeof(PID_SLOT),
                                            ET_TAG);
    return g_PidTable != NULL;
}

VOID
PidCacheFree(VOID)
{
    if (g_PidTable != NULL) {
        ExFreePoolWithTag(g_PidTable, ET_TAG);
        g_PidTable = NULL;
    }
}

static VOID
PidCacheSet(ULONG Pid, ULONG ParentPid)
{
    KIRQL irql;
    KeAcquireSpinLock(&g_PidLock, &irql);
    g_PidTable[PID_HASH(Pid)].Pid = Pid;
    g_PidTable[PID_HASH(Pid)].ParentPid = ParentPid;
    KeReleaseSpinLock(&g_PidLock, irql);
}

static ULONG
PidCacheParent(ULONG Pid)
{
    KIRQL irql;
    ULONG parent = 0;

    KeAcquireSpinLock(&g_PidLock, &irql);
    if (g_PidTable[PID_HASH(Pid)].Pid == Pid) {
        parent = g_PidTable[PID_HASH(Pid)].ParentPid;
    }
    KeReleaseSpinLock(&g_PidLock, irql);
    return parent;
}

VOID
EtProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    ULONG pid = HandleToULong(ProcessId);

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        ULONG ppid = HandleToULong(CreateInfo->ParentProcessId);
        PidCacheSet(pid, ppid);
        EtTraceProcess(pid, ppid, CreateInfo->ImageFileName, TRUE);
    } else {
        EtTraceProcess(pid, PidCacheParent(pid), NULL, FALSE);
        PidCacheSet(pid, 0);
    }
}

VOID
EtImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    ULONG pid = HandleToULong(ProcessId);

    if (ImageInfo->SystemModeImage) {
        EtTraceImage(0, 0, FullImageName, ImageInfo->ImageBase);
        return;
    }
    EtTraceImage(pid, PidCacheParent(pid), FullImageName, ImageInfo->ImageBase);
}

VOID
EtThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    HANDLE creator;

    if (!Create) {
        return;
    }

    creator = PsGetCurrentProcessId();
    if (creator != ProcessId && HandleToULong(creator) > 4) {
        EtTraceRemoteThread(HandleToULong(ProcessId), HandleToULong(creator), HandleToULong(ThreadId));
    }
}
