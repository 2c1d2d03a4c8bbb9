#include "proclog.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PlUnload;

PL_GLOBALS Pl;

static VOID
PlProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PPL_RECORD rec;
    KIRQL irql;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        return;
    }

    rec = (PPL_RECORD)ExAllocateFromNPagedLookasideList(&Pl.RecordPool);
    if (rec == NULL) {
        return;
    }

    RtlZeroMemory(rec, sizeof(*rec));
    KeQuerySystemTime(&rec->Time);
    rec->ProcessId = ProcessId;
    rec->ParentId = CreateInfo->ParentProcessId;
    if (CreateInfo->ImageFileName != NULL) {
        RtlStringCbCopyNW(rec->Image, sizeof(rec->Image),
                          CreateInfo->ImageFileName->Buffer,
                          CreateInfo->ImageFileName->Length);
    }

    KeAcquireSpinLock(&Pl.QueueLock, &irql);
    InsertTailList(&Pl.Queue, &rec->Link);
    Pl.QueueDepth++;
    KeReleaseSpinLock(&Pl.QueueLock, irql);

    KeSetEvent(&Pl.QueueEvent, IO_NO_INCREMENT, FALSE);
}

static VOID
PlFreeQueue(
    VOID
    )
{
    PLIST_ENTRY le;
    KIRQL irql;

    KeAcquireSpinLock(&Pl.QueueLock, &irql);
    while (!IsListEmpty(&Pl.Queue)) {
        le = RemoveHeadList(&Pl.Queue);
        ExFreeToNPagedLookasideList(&Pl.RecordPool, CONTAINING_RECORD(le, PL_RECORD, Link));
    }
    Pl.QueueDepth = 0;
    KeReleaseSpinLock(&Pl.QueueLock, irql);
}

VOID
PlUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (Pl.NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);
        Pl.NotifyRegistered = FALSE;
    }

    KeSetEvent(&Pl.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(Pl.Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(Pl.Worker);

    PlFreeQueue();
    ExDeleteNPagedLookasideList(&Pl.RecordPool);

    DbgPrint("proclog: unloaded\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PL_WORKER_CONTEXT workerContext;
    HANDLE thread;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DbgPrint("proclog: loading\n");

    RtlZeroMemory(&Pl, sizeof(Pl));

    ExInitializeNPagedLookasideList(&Pl.RecordPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(PL_RECORD), PL_TAG, 0);
    KeInitializeEvent(&Pl.StopEvent, NotificationEvent, FALSE);

    // start watching right away so nothing started during boot is missed
    status = PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        DbgPrint("proclog: notify registration failed 0x%x\n", status);
        ExDeleteNPagedLookasideList(&Pl.RecordPool);
        return status;
    }
    Pl.NotifyRegistered = TRUE;

    KeInitializeSpinLock(&Pl.QueueLock);
    InitializeListHead(&Pl.Queue);
    KeInitializeEvent(&Pl.QueueEvent, SynchronizationEvent, FALSE);

    RtlInitUnicodeString(&workerContext.LogPath, PL_LOG_PATH);
    workerContext.FlushIntervalMs = PL_FLUSH_MS;
    workerContext.MaxFileBytes = 8 * 1024 * 1024;

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  PlWorkerThread, &workerContext);
    if (!NT_SUCCESS(status)) {
        DbgPrint("proclog: PsCreateSystemThread failed 0x%x\n", status);
        PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);
        PlFreeQueue();
        ExDeleteNPagedLookasideList(&Pl.RecordPool);
        return status;
    }

    status = ObReferenceObjectByHandle(thread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&Pl.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        PsSetCreateProcessNotifyRoutineEx(PlProcessNotify, TRUE);
        KeSetEvent(&Pl.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        PlFreeQueue();
        ExDeleteNPagedLookasideList(&Pl.RecordPool);
        return status;
    }
    ZwClose(thread);

    DriverObject->DriverUnload = PlUnload;
    DbgPrint("proclog: loaded\n");
    return STATUS_SUCCESS;
}
