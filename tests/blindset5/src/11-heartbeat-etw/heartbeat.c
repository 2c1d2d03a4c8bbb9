/*++

Module Name:

    heartbeat.c

Abstract:

    DriverEntry, Unload, timer DPC and worker thread of the Heartbeat driver.

--*/
#include "heartbeat.h"

static HB_GLOBALS g_Hb;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HbUnload)
#pragma alloc_text(PAGE, HbWorker)
#endif

static
ULONG
HbReadPeriod(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG period = HB_DEFAULT_PERIOD;
    ULONG defaultPeriod = HB_DEFAULT_PERIOD;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"PeriodMs";
    table[0].EntryContext = &period;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &defaultPeriod;
    table[0].DefaultLength = sizeof(ULONG);

    //
    // RegistryPath is only used here, during DriverEntry.
    //
    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL))) {
        period = HB_DEFAULT_PERIOD;
    }

    if (period < 500) {
        period = 500;
    }
    return period;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES oa;
    HANDLE threadHandle;
    LARGE_INTEGER due;
    NTSTATUS status;
    ULONG stage = 0;

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));
    g_Hb.PeriodMs = HbReadPeriod(RegistryPath);

    KeInitializeEvent(&g_Hb.BeatEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&g_Hb.StopEvent, NotificationEvent, FALSE);
    KeInitializeTimerEx(&g_Hb.Timer, NotificationTimer);
    KeInitializeDpc(&g_Hb.Dpc, HbTimerDpc, &g_Hb);

    status = EtwRegister(&HbProviderGuid, NULL, NULL, &g_Hb.EtwHandle);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }
    stage = 1;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa,
                                  NULL, NULL, HbWorker, &g_Hb);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }
    // stage 2: worker running, not yet referenced
    stage = 2;

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType,
                                       KernelMode, (PVOID *)&g_Hb.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        //
        // We still hold the handle: stop the worker and wait on the handle
        // itself before the image can go away.
        //
        KeSetEvent(&g_Hb.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        goto Cleanup;
    }
    ZwClose(threadHandle);
    stage = 3;

    //
    // Start beating only once the worker exists.
    //
    due.QuadPart = -10000LL * g_Hb.PeriodMs;
    KeSetTimerEx(&g_Hb.Timer, due, (LONG)g_Hb.PeriodMs, &g_Hb.Dpc);

    EtwWrite(g_Hb.EtwHandle, &HbEventStart, NULL, 0, NULL);

    DriverObject->DriverUnload = HbUnload;
    return STATUS_SUCCESS;

Cleanup:
    switch (stage) {
    case 3:
        //
        // Not reached today (nothing can fail after stage 3), kept so that
        // a later step can use the same unwinding.
        //
        KeSetEvent(&g_Hb.StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(g_Hb.Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(g_Hb.Worker);
        g_Hb.Worker = NULL;
        __fallthrough;
    case 2:
        // worker already stopped and waited for above
        __fallthrough;
    case 1:
        EtwUnregister(g_Hb.EtwHandle);
        g_Hb.EtwHandle = 0;
        __fallthrough;
    case 0:
    default:
        break;
    }
    return status;
}

VOID
HbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    //
    // Stop the timer first so no new DPC is queued, then wait for a DPC
    // that may already be running on another processor.
    //
    KeCancelTimer(&g_Hb.Timer);
    KeFlushQueuedDpcs();

    KeSetEvent(&g_Hb.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Hb.Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Hb.Worker);
    g_Hb.Worker = NULL;

    EtwUnregister(g_Hb.EtwHandle);
    g_Hb.EtwHandle = 0;
}

VOID
HbTimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    HB_GLOBALS *hb = (HB_GLOBALS *)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    InterlockedIncrement(&hb->BeatCount);
    KeSetEvent(&hb->BeatEvent, IO_NO_INCREMENT, FALSE);
}

VOID
HbWorker(
    _In_ PVOID StartContext
    )
{
    HB_GLOBALS *hb = (HB_GLOBALS *)StartContext;
    PVOID waits[2];
    EVENT_DATA_DESCRIPTOR data[1];
    LONG beat;
    NTSTATUS wait;

    PAGED_CODE();

    waits[0] = &hb->StopEvent;
    waits[1] = &hb->BeatEvent;

    for (;;) {
        wait = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode,
                                        FALSE, NULL, NULL);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        beat = hb->BeatCount;
        EventDataDescCreate(&data[0], &beat, sizeof(beat));
        EtwWrite(hb->EtwHandle, &HbEventBeat, NULL, 1, data);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}
