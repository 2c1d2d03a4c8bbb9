//
// pacer.c - DriverEntry / unload / dispatch
//
#include "pacer.h"

PACER_GLOBALS G;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     PacerUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   PacerCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   PacerIoctl;

NTSTATUS
PacerCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
PacerIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG written = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_PACER_SNAPSHOT:
        status = PacerCopySnapshot(Irp->AssociatedIrp.SystemBuffer,
                                   sp->Parameters.DeviceIoControl.OutputBufferLength,
                                   &written);
        break;
    case IOCTL_PACER_KICK:
        PacerArmWatchdog();
        status = STATUS_SUCCESS;
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = written;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
PacerUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    TRACE("unload, %lu samples dropped", G.Dropped);

    InterlockedExchange(&G.Sampling, 0);

    KeCancelTimer(&G.WatchdogTimer);
    KeFlushQueuedDpcs();

    IoDeleteSymbolicLink(&G.LinkName);
    IoDeleteDevice(G.Device);

    if (G.Ring != NULL) {
        ExFreePoolWithTag(G.Ring, PACER_TAG);
        G.Ring = NULL;
    }
}

static NTSTATUS
PacerStartSampling(VOID)
{
    LARGE_INTEGER due;
    LARGE_INTEGER freq;

    G.Ring = (PPACER_RING)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PACER_RING), PACER_TAG);
    if (G.Ring == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeQueryPerformanceCounter(&freq);
    G.Ring->QpcFrequency = freq.QuadPart;

    KeInitializeSpinLock(&G.RingLock);

    KeInitializeTimerEx(&G.SampleTimer, NotificationTimer);
    KeInitializeDpc(&G.SampleDpc, PacerSampleDpc, G.Ring);
    KeInitializeTimerEx(&G.WatchdogTimer, NotificationTimer);
    KeInitializeDpc(&G.WatchdogDpc, PacerWatchdogDpc, NULL);

    // start right away so the first snapshot already has data in it
    due.QuadPart = RELATIVE_MS(SAMPLE_PERIOD_MS);
    KeSetTimerEx(&G.SampleTimer, due, SAMPLE_PERIOD_MS, &G.SampleDpc);
    PacerArmWatchdog();

    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&G, sizeof(G));
    RtlInitUnicodeString(&devName, PACER_DEVICE);
    RtlInitUnicodeString(&G.LinkName, PACER_LINK);

    status = PacerStartSampling();
    if (!NT_SUCCESS(status)) {
        TRACE("PacerStartSampling failed %08X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &G.Device);
    if (!NT_SUCCESS(status)) {
        TRACE("IoCreateDevice failed %08X", status);
        ExFreePoolWithTag(G.Ring, PACER_TAG);
        G.Ring = NULL;
        return status;
    }

    status = IoCreateSymbolicLink(&G.LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        TRACE("IoCreateSymbolicLink failed %08X", status);
        IoDeleteDevice(G.Device);
        KeCancelTimer(&G.SampleTimer);
        KeCancelTimer(&G.WatchdogTimer);
        KeFlushQueuedDpcs();
        ExFreePoolWithTag(G.Ring, PACER_TAG);
        G.Ring = NULL;
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PacerCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PacerCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PacerIoctl;
    DriverObject->DriverUnload = PacerUnload;

    G.Device->Flags |= DO_BUFFERED_IO;
    G.Device->Flags &= ~DO_DEVICE_INITIALIZING;

    TRACE("loaded, sampling every %d ms", SAMPLE_PERIOD_MS);
    return STATUS_SUCCESS;
}
