/*
 * driver.c - DriverEntry, unload and the data path of volflt
 */
#include "volflt.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD VfUnload;
DRIVER_DISPATCH VfDispatchAny;
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH VfDispatchReadWrite;
IO_COMPLETION_ROUTINE VfReadWriteDone;

NPAGED_LOOKASIDE_LIST g_VfContextList;

NTSTATUS
VfPassThrough(
    _In_ PVF_EXTENSION Ext,
    _Inout_ PIRP Irp
    )
{
    NTSTATUS status;

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(Ext->Lower, Irp);
    IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
    return status;
}

static NTSTATUS
VfFail(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
VfDispatchAny(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_EXTENSION ext = (PVF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);

    if (!NT_SUCCESS(status)) {
        return VfFail(Irp, status);
    }
    return VfPassThrough(ext, Irp);
}

NTSTATUS
VfReadWriteDone(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_opt_ PVOID Context
    )
{
    PVF_IO_CONTEXT io = (PVF_IO_CONTEXT)Context;
    PVF_EXTENSION ext = io->Ext;
    LONGLONG elapsed = KeQueryPerformanceCounter(NULL).QuadPart - io->Start.QuadPart;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedAdd64(io->IsWrite ? &ext->WriteTicks : &ext->ReadTicks, elapsed);
    InterlockedIncrement(&ext->Completed);

    ExFreeToNPagedLookasideList(&g_VfContextList, io);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
VfDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_EXTENSION ext = (PVF_EXTENSION)DeviceObject->DeviceExtension;
    PVF_IO_CONTEXT io;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return VfFail(Irp, status);
    }

    io = (PVF_IO_CONTEXT)ExAllocateFromNPagedLookasideList(&g_VfContextList);
    if (io == NULL) {
        /* no context, no statistics: still let the I/O through */
        return VfPassThrough(ext, Irp);
    }

    io->Ext = ext;
    io->Start = KeQueryPerformanceCounter(NULL);
    io->IsWrite = (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_WRITE);

    /* remove lock is released in VfReadWriteDone */
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfReadWriteDone, io, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

VOID
VfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* every filter device is gone by now (PnP removed them), so no I/O is in flight */
    ExDeleteNPagedLookasideList(&g_VfContextList);
    VF_TRACE("unloaded");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeNPagedLookasideList(&g_VfContextList, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(VF_IO_CONTEXT), VF_TAG, 0);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VfDispatchAny;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = VfDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = VfDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = VfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = VfDispatchPower;

    DriverObject->DriverExtension->AddDevice = VfAddDevice;
    DriverObject->DriverUnload = VfUnload;

    VF_TRACE("loaded");
    return STATUS_SUCCESS;
}
