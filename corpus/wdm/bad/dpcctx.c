/*
 * bad/dpcctx.c - a WDM watchdog driver: a periodic timer queues a DPC that
 * counts heartbeats against the limits read from the registry. DriverEntry
 * reads the limits into a local, copies them into a global the DPC is
 * initialized with, and arms the timer; a second DPC, on DriverEntry's
 * stack with its context, is queued and flushed before the return (the
 * frame holds both, and neither is used afterwards).
 *
 * Violating: the kept DPC is initialized with the local limits as its
 * DeferredContext; the timer queues it every 500 ms after DriverEntry's
 * frame is gone (DE015).
 */

#include <ntddk.h>

typedef struct _WD_LIMITS {
    ULONG IntervalMs;
    ULONG MissedMax;
    volatile LONG Missed;
} WD_LIMITS, *PWD_LIMITS;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WdUnload;
KDEFERRED_ROUTINE WdBeat;
KDEFERRED_ROUTINE WdProbe;

static KTIMER WdTimer;
static KDPC WdDpc;

_Use_decl_annotations_
VOID
WdBeat(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
    PWD_LIMITS limits = (PWD_LIMITS)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    if ((ULONG)InterlockedIncrement(&limits->Missed) > limits->MissedMax) {
        KdPrint(("wd: %lu beats missed\n", limits->MissedMax));
    }
}

_Use_decl_annotations_
VOID
WdProbe(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
    PULONG seen = (PULONG)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);
    *seen = KeGetCurrentProcessorNumberEx(NULL);
}

_Use_decl_annotations_
VOID
WdUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KeCancelTimer(&WdTimer);
    KeFlushQueuedDpcs();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    WD_LIMITS limits;
    KDPC probe;
    ULONG seen = 0;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(RegistryPath);
    limits.IntervalMs = 500;
    limits.MissedMax = 6;
    limits.Missed = 0;

    KeInitializeDpc(&probe, WdProbe, &seen);
    KeInsertQueueDpc(&probe, NULL, NULL);
    KeFlushQueuedDpcs();

    DriverObject->DriverUnload = WdUnload;
    KeInitializeTimer(&WdTimer);
    KeInitializeDpc(&WdDpc, WdBeat, &limits);  // expect: DE015
    due.QuadPart = -10000LL * limits.IntervalMs;
    KeSetTimerEx(&WdTimer, due, (LONG)limits.IntervalMs, &WdDpc);
    return STATUS_SUCCESS;
}
