/*++

Module Name:

    heartbeat.c

Abstract:

    Periodic watchdog experiment. A KTIMER with a DPC fires every
    HB_PERIOD_MS milliseconds and signals a worker thread, which then
    samples the interrupt time at PASSIVE_LEVEL and warns when the
    tick was delivered much later than expected (e.g. a CPU starved
    by a misbehaving driver or a hypervisor pause).

Environment:

    Kernel mode only.

--*/

#include <ntddk.h>

#define HB_PERIOD_MS        1000
#define HB_LATE_THRESHOLD   (250 * 10000LL)     // 250 ms in 100ns units

typedef struct _HB_GLOBALS {
    KTIMER      Timer;
    KDPC        TimerDpc;
    KEVENT      TickEvent;
    KEVENT      StopEvent;
    ULONGLONG   LastTick;
    ULONG       Ticks;
    ULONG       LateTicks;
} HB_GLOBALS, *PHB_GLOBALS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;
KDEFERRED_ROUTINE HbTimerDpc;
KSTART_ROUTINE HbWorkerThread;

HB_GLOBALS g_Hb;

_Use_decl_annotations_
VOID
HbTimerDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PHB_GLOBALS hb = (PHB_GLOBALS)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeSetEvent(&hb->TickEvent, IO_NO_INCREMENT, FALSE);
}

_Use_decl_annotations_
VOID
HbWorkerThread(
    PVOID StartContext
    )
{
    PHB_GLOBALS hb = (PHB_GLOBALS)StartContext;
    PVOID waitObjects[2];
    NTSTATUS status;
    ULONGLONG now;
    LONGLONG delta;

    waitObjects[0] = &hb->StopEvent;
    waitObjects[1] = &hb->TickEvent;

    hb->LastTick = KeQueryInterruptTime();

    for (;;) {
        status = KeWaitForMultipleObjects(2,
                                          waitObjects,
                                          WaitAny,
                                          Executive,
                                          KernelMode,
                                          FALSE,
                                          NULL,
                                          NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }

        if (status != STATUS_WAIT_1) {
            DbgPrint("heartbeat: unexpected wait status 0x%08X\n", status);
            continue;
        }

        now = KeQueryInterruptTime();
        delta = (LONGLONG)(now - hb->LastTick) - (HB_PERIOD_MS * 10000LL);
        hb->LastTick = now;
        hb->Ticks++;

        if (delta > HB_LATE_THRESHOLD) {
            hb->LateTicks++;
            DbgPrint("heartbeat: tick %lu late by %lld ms\n",
                     hb->Ticks, delta / 10000);
        }
    }

    DbgPrint("heartbeat: worker exiting after %lu ticks (%lu late)\n",
             hb->Ticks, hb->LateTicks);

    PsTerminateSystemThread(STATUS_SUCCESS);
}

VOID
HbUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeCancelTimer(&g_Hb.Timer);
    KeFlushQueuedDpcs();

    KeSetEvent(&g_Hb.StopEvent, IO_NO_INCREMENT, FALSE);

    DbgPrint("heartbeat: unloaded\n");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    HANDLE threadHandle;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));

    KeInitializeEvent(&g_Hb.TickEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&g_Hb.StopEvent, NotificationEvent, FALSE);
    KeInitializeTimerEx(&g_Hb.Timer, NotificationTimer);
    KeInitializeDpc(&g_Hb.TimerDpc, HbTimerDpc, &g_Hb);

    due.QuadPart = -(HB_PERIOD_MS * 10000LL);
    KeSetTimerEx(&g_Hb.Timer, due, HB_PERIOD_MS, &g_Hb.TimerDpc);

    status = PsCreateSystemThread(&threadHandle,
                                  THREAD_ALL_ACCESS,
                                  NULL,
                                  NULL,
                                  NULL,
                                  HbWorkerThread,
                                  &g_Hb);
    if (!NT_SUCCESS(status)) {
        DbgPrint("heartbeat: PsCreateSystemThread failed 0x%08X\n", status);
        return status;
    }

    // we never need the handle, the thread exits on its own
    ZwClose(threadHandle);

    DriverObject->DriverUnload = HbUnload;

    DbgPrint("heartbeat: running, period %u ms\n", HB_PERIOD_MS);
    return STATUS_SUCCESS;
}
