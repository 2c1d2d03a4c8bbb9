// tick.c -- DriverEntry / Unload / DPC for the TickDpc sampler
//
// Every TICK_PERIOD_MS the DPC records KeQueryInterruptTime() and the
// current processor into a small ring. User mode pulls a snapshot.

#include "tick.h"

TICK_STATE Tick = { 0 };

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     TickUnload;

#pragma alloc_text(INIT, DriverEntry)

_Use_decl_annotations_
VOID
TickDpcRoutine(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PTICK_SAMPLE s;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLockAtDpcLevel(&Tick.RingLock);

    s = &Tick.Ring[Tick.Head & TICK_RING_MASK];
    s->InterruptTime = KeQueryInterruptTime();
    s->Processor     = KeGetCurrentProcessorNumberEx(NULL);
    s->Sequence      = (ULONG)InterlockedIncrement(&Tick.Sequence);

    Tick.Head++;
    if (Tick.Count < TICK_RING_ENTRIES) {
        Tick.Count++;
    }

    KeReleaseSpinLockFromDpcLevel(&Tick.RingLock);
}

VOID
TickUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    TickPrint(("TickDpc: unloading, %d samples taken\n", Tick.Sequence));

    IoDeleteSymbolicLink(&Tick.DosName);
    IoDeleteDevice(Tick.Device);

    // ring is only touched under the lock, and the device is gone now
    if (Tick.Ring) {
        ExFreePoolWithTag(Tick.Ring, TICK_POOL_TAG);
        Tick.Ring = NULL;
    }
}

NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS       status;
    UNICODE_STRING ntName;
    LARGE_INTEGER  due;

    UNREFERENCED_PARAMETER(RegistryPath);

    TickPrint(("TickDpc: DriverEntry\n"));

    RtlInitUnicodeString(&ntName, TICK_NT_NAME);
    RtlInitUnicodeString(&Tick.DosName, TICK_DOS_NAME);

    status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_TICK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &Tick.Device);
    if (!NT_SUCCESS(status)) {
        TickPrint(("TickDpc: IoCreateDevice -> %08x\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&Tick.DosName, &ntName);
    if (!NT_SUCCESS(status)) {
        TickPrint(("TickDpc: IoCreateSymbolicLink -> %08x\n", status));
        IoDeleteDevice(Tick.Device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = TickCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TickIoctl;
    DriverObject->DriverUnload                         = TickUnload;

    //
    // Start sampling right away so the first snapshot isn't empty.
    //
    KeInitializeTimerEx(&Tick.Timer, SynchronizationTimer);
    KeInitializeDpc(&Tick.Dpc, TickDpcRoutine, NULL);

    due.QuadPart = -10000LL * TICK_PERIOD_MS;   // relative, 100ns units
    KeSetTimerEx(&Tick.Timer, due, TICK_PERIOD_MS, &Tick.Dpc);

    KeInitializeSpinLock(&Tick.RingLock);
    Tick.Ring = (PTICK_SAMPLE)ExAllocatePoolWithTag(NonPagedPoolNx,
                                     TICK_RING_ENTRIES * sizeof(TICK_SAMPLE),
                                     TICK_POOL_TAG);
    if (Tick.Ring == NULL) {
        TickPrint(("TickDpc: ring allocation failed\n"));
        KeCancelTimer(&Tick.Timer);
        KeFlushQueuedDpcs();
        IoDeleteSymbolicLink(&Tick.DosName);
        IoDeleteDevice(Tick.Device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(Tick.Ring, TICK_RING_ENTRIES * sizeof(TICK_SAMPLE));

    Tick.Device->Flags |= DO_BUFFERED_IO;

    TickPrint(("TickDpc: sampling every %d ms\n", TICK_PERIOD_MS));
    return STATUS_SUCCESS;
}
