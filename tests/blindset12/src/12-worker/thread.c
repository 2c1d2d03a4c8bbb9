#include "worker.h"

static struct {
    PKTHREAD   Thread;
    KEVENT     StopEvent;
    KEVENT     WorkEvent;
    KSPIN_LOCK Lock;
    LIST_ENTRY Queue;
    PWK_STATS  Stats;        // allocated by WkStatsInit, may be NULL
} g_Wk;

static KSTART_ROUTINE WkThreadMain;

static VOID
WkThreadMain(PVOID Context)
{
    PVOID waits[2] = { &g_Wk.StopEvent, &g_Wk.WorkEvent };
    NTSTATUS status;
    KIRQL irql;
    PLIST_ENTRY e;

    UNREFERENCED_PARAMETER(Context);

    for (;;) {
        status = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }
        for (;;) {
            KeAcquireSpinLock(&g_Wk.Lock, &irql);
            e = IsListEmpty(&g_Wk.Queue) ? NULL : RemoveHeadList(&g_Wk.Queue);
            KeReleaseSpinLock(&g_Wk.Lock, irql);
            if (e == NULL) {
                break;
            }
            // the "work": checksum the payload and count it
            if (g_Wk.Stats != NULL) {
                InterlockedIncrement((volatile LONG*)&g_Wk.Stats->Processed);
            }
            ExFreePoolWithTag(CONTAINING_RECORD(e, WK_ITEM, Link), WK_TAG);
        }
    }

    // drain what is left so every queued item is freed
    while (!IsListEmpty(&g_Wk.Queue)) {
        e = RemoveHeadList(&g_Wk.Queue);
        ExFreePoolWithTag(CONTAINING_RECORD(e, WK_ITEM, Link), WK_TAG);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
WkThreadStart(_In_ PDRIVER_OBJECT DriverObject)
{
    HANDLE h;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    KeInitializeEvent(&g_Wk.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Wk.WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&g_Wk.Lock);
    InitializeListHead(&g_Wk.Queue);

    status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, WkThreadMain, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID*)&g_Wk.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        // no object to wait on later: stop it now, through the handle
        g_Wk.Thread = NULL;
        KeSetEvent(&g_Wk.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, NULL);
    }
    ZwClose(h);
    return status;
}

VOID
WkThreadStop(VOID)
{
    if (g_Wk.Thread == NULL) {
        return;
    }
    KeSetEvent(&g_Wk.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Wk.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Wk.Thread);
    g_Wk.Thread = NULL;
}

NTSTATUS
WkSubmit(_In_ ULONG Payload)
{
    PWK_ITEM item;

    item = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*item), WK_TAG);
    if (item == NULL) {
        if (g_Wk.Stats != NULL) {
            InterlockedIncrement((volatile LONG*)&g_Wk.Stats->Dropped);
        }
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    item->Payload = Payload;
    ExInterlockedInsertTailList(&g_Wk.Queue, &item->Link, &g_Wk.Lock);
    if (g_Wk.Stats != NULL) {
        InterlockedIncrement((volatile LONG*)&g_Wk.Stats->Submitted);
    }
    KeSetEvent(&g_Wk.WorkEvent, IO_NO_INCREMENT, FALSE);
    return STATUS_SUCCESS;
}

NTSTATUS
WkStatsInit(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    g_Wk.Stats = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WK_STATS), WK_TAG);
    return g_Wk.Stats ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

VOID
WkStatsFini(VOID)
{
    PWK_STATS s = g_Wk.Stats;
    g_Wk.Stats = NULL;
    if (s != NULL) {
        ExFreePoolWithTag(s, WK_TAG);
    }
}

VOID
WkStatsSnapshot(_Out_ PWK_STATS Out)
{
    if (g_Wk.Stats != NULL) {
        *Out = *g_Wk.Stats;
    } else {
        RtlZeroMemory(Out, sizeof(*Out));
    }
}
