/*
 * notify.c - the three notify routines and the per-process table.
 */
#include "cbkit.h"

CB_STATE g_Cb;

NTSTATUS CbInitState(VOID)
{
    RtlZeroMemory(&g_Cb, sizeof(g_Cb));
    ExInitializeFastMutex(&g_Cb.Lock);
    return STATUS_SUCCESS;
}

/* caller holds g_Cb.Lock */
static CB_PROC_ENTRY *CbFind(HANDLE ProcessId)
{
    ULONG i;

    for (i = 0; i < g_Cb.Used; i++) {
        if (g_Cb.Procs[i].ProcessId == ProcessId) {
            return &g_Cb.Procs[i];
        }
    }
    return NULL;
}

VOID CbProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    CB_PROC_ENTRY *e;

    UNREFERENCED_PARAMETER(Process);

    ExAcquireFastMutex(&g_Cb.Lock);
    if (CreateInfo != NULL) {
        if (g_Cb.Used < CBKIT_MAX_TRACKED) {
            e = &g_Cb.Procs[g_Cb.Used++];
            e->ProcessId = ProcessId;
            e->Threads = 0;
            e->Images = 0;
        }
        LOG("process %p created by %p: %wZ", ProcessId, CreateInfo->ParentProcessId,
            CreateInfo->ImageFileName);
    } else {
        e = CbFind(ProcessId);
        if (e != NULL) {
            LOG("process %p exited: %lu threads, %lu images", ProcessId, e->Threads, e->Images);
            *e = g_Cb.Procs[--g_Cb.Used];
        }
    }
    ExReleaseFastMutex(&g_Cb.Lock);
}

VOID CbThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    CB_PROC_ENTRY *e;

    UNREFERENCED_PARAMETER(ThreadId);

    if (!Create) {
        return;
    }
    ExAcquireFastMutex(&g_Cb.Lock);
    e = CbFind(ProcessId);
    if (e != NULL) {
        e->Threads++;
    }
    ExReleaseFastMutex(&g_Cb.Lock);
}

VOID CbImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    CB_PROC_ENTRY *e;

    UNREFERENCED_PARAMETER(FullImageName);

    if (ImageInfo->SystemModeImage) {
        return;
    }
    ExAcquireFastMutex(&g_Cb.Lock);
    e = CbFind(ProcessId);
    if (e != NULL) {
        e->Images++;
    }
    ExReleaseFastMutex(&g_Cb.Lock);
}
