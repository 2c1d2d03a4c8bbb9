//
// pnp.c - PnP / power handling and the sampling timer
//
#include "vsensor.h"

static IO_COMPLETION_ROUTINE VsSignalCompletion;

static NTSTATUS
VsSignalCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
VsForwardAndWait(
    _In_ PVS_EXTENSION Ext,
    _In_ PIRP Irp
    )
{
    KEVENT done;
    NTSTATUS status;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VsSignalCompletion, &done, TRUE, TRUE, TRUE);

    status = IoCallDriver(Ext->LowerDevice, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    return status;
}

VOID
VsSampleDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PVS_EXTENSION ext = (PVS_EXTENSION)DeferredContext;
    LONG noise;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    // cheap LCG, good enough for fake sensor noise
    ext->Seed = ext->Seed * 1103515245 + 12345;
    noise = (LONG)((ext->Seed >> 16) % 2000) - 1000;

    KeAcquireSpinLockAtDpcLevel(&ext->ReadingLock);
    ext->Reading.MilliCelsius = 42000 + noise;
    ext->Reading.Sequence++;
    KeQuerySystemTime(&ext->Reading.Timestamp);
    KeReleaseSpinLockFromDpcLevel(&ext->ReadingLock);
}

static VOID
VsStartSampling(
    _In_ PVS_EXTENSION Ext
    )
{
    LARGE_INTEGER due;

    due.QuadPart = -10000LL * g_Vs.PollIntervalMs;
    KeSetTimerEx(&Ext->SampleTimer, due, (LONG)g_Vs.PollIntervalMs, &Ext->SampleDpc);
}

static VOID
VsStopSampling(
    _In_ PVS_EXTENSION Ext
    )
{
    KeCancelTimer(&Ext->SampleTimer);
}

NTSTATUS
VsDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVS_EXTENSION ext = (PVS_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = VsForwardAndWait(ext, Irp);
        if (NT_SUCCESS(status)) {
            VsStartSampling(ext);
            IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
            ext->State = VsStarted;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
        VsStopSampling(ext);
        ext->State = VsStopped;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->State = VsSurpriseRemoved;
        VsStopSampling(ext);
        IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (ext->State != VsSurpriseRemoved) {
            VsStopSampling(ext);
            IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        }
        ext->State = VsRemoved;

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        IoDetachDevice(ext->LowerDevice);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
VsDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVS_EXTENSION ext = (PVS_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
VsDispatchSystemControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVS_EXTENSION ext = (PVS_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
