/*
 * notify.c - process creation / exit tracking.
 */
#include "driver.h"
#include "notify.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KmNotifyStart)
#pragma alloc_text(PAGE, KmNotifyStop)
#endif

#define KM_SYSTEM_PID   ((HANDLE)4)

static VOID
KmProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PKM_PROC_RECORD rec = NULL;
    PLIST_ENTRY     e;

    UNREFERENCED_PARAMETER(Process);

    if (g_Km.State != KmStateCollecting) {
        return;
    }

    if (CreateInfo != NULL) {
        if (g_Km.IgnoreSystem && CreateInfo->ParentProcessId == KM_SYSTEM_PID) {
            return;
        }
        rec = (PKM_PROC_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*rec), KM_TAG);
        if (rec == NULL) {
            InterlockedIncrement((volatile LONG *)&g_Km.Dropped);
            return;
        }
        rec->ProcessId = ProcessId;
        rec->ParentId = CreateInfo->ParentProcessId;
        KeQuerySystemTimePrecise(&rec->CreateTime);

        WdfSpinLockAcquire(g_Km.Lock);
        if (g_Km.RecordCount < g_Km.Capacity) {
            InsertTailList(&g_Km.Records, &rec->Link);
            g_Km.RecordCount++;
            rec = NULL;
        } else {
            g_Km.Dropped++;
        }
        WdfSpinLockRelease(g_Km.Lock);

        if (rec != NULL) {
            ExFreePoolWithTag(rec, KM_TAG);
        }
        return;
    }

    /* exit: drop the record if we have one */
    WdfSpinLockAcquire(g_Km.Lock);
    for (e = g_Km.Records.Flink; e != &g_Km.Records; e = e->Flink) {
        PKM_PROC_RECORD r = CONTAINING_RECORD(e, KM_PROC_RECORD, Link);
        if (r->ProcessId == ProcessId) {
            RemoveEntryList(&r->Link);
            g_Km.RecordCount--;
            rec = r;
            break;
        }
    }
    WdfSpinLockRelease(g_Km.Lock);

    if (rec != NULL) {
        ExFreePoolWithTag(rec, KM_TAG);
    }
}

NTSTATUS
KmNotifyStart(VOID)
{
    NTSTATUS status;

    PAGED_CODE();

    status = PsSetCreateProcessNotifyRoutineEx(KmProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        g_Km.NotifyRegistered = TRUE;
    }
    return status;
}

VOID
KmNotifyStop(VOID)
{
    PLIST_ENTRY e;

    PAGED_CODE();

    if (g_Km.NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(KmProcessNotify, TRUE);
        g_Km.NotifyRegistered = FALSE;
    }

    /* no callbacks can be running any more; no lock needed */
    while (!IsListEmpty(&g_Km.Records)) {
        e = RemoveHeadList(&g_Km.Records);
        ExFreePoolWithTag(CONTAINING_RECORD(e, KM_PROC_RECORD, Link), KM_TAG);
    }
    g_Km.RecordCount = 0;
}
