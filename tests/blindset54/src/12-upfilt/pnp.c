/*
 * pnp.c - dispatch routines for upfilt
 */
#include "upfilt.h"

static const char* const MajorNames[] = {
    "CREATE", "CREATE_NAMED_PIPE", "CLOSE", "READ", "WRITE", "QUERY_INFORMATION",
    "SET_INFORMATION", "QUERY_EA", "SET_EA", "FLUSH_BUFFERS", "QUERY_VOLUME_INFORMATION",
    "SET_VOLUME_INFORMATION", "DIRECTORY_CONTROL", "FILE_SYSTEM_CONTROL", "DEVICE_CONTROL",
    "INTERNAL_DEVICE_CONTROL", "SHUTDOWN", "LOCK_CONTROL", "CLEANUP", "CREATE_MAILSLOT",
    "QUERY_SECURITY", "SET_SECURITY", "POWER", "SYSTEM_CONTROL", "DEVICE_CHANGE",
    "QUERY_QUOTA", "SET_QUOTA", "PNP",
};
C_ASSERT(ARRAYSIZE(MajorNames) == IRP_MJ_MAXIMUM_FUNCTION + 1);

#define COUNT_IRP(ext, sp) InterlockedIncrement(&(ext)->Counts[(sp)->MajorFunction])

static NTSTATUS
UfFail(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static VOID
UfDumpCounts(
    _In_ PUF_EXTENSION Ext
    )
{
    ULONG i;

    UF_PRINT("counts for %p:", Ext->Self);
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (Ext->Counts[i] != 0) {
            UF_PRINT("  %-26s %ld", MajorNames[i], Ext->Counts[i]);
        }
    }
}

NTSTATUS
UfDispatchAny(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PUF_EXTENSION ext = (PUF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return UfFail(Irp, status);
    }

    COUNT_IRP(ext, sp);
    if (ext->Verbose > 1) {
        UF_PRINT("%p %s", DeviceObject, MajorNames[sp->MajorFunction]);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
UfDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PUF_EXTENSION ext = (PUF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return UfFail(Irp, status);
    }

    COUNT_IRP(ext, IoGetCurrentIrpStackLocation(Irp));

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
UfDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PUF_EXTENSION ext = (PUF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return UfFail(Irp, status);
    }

    COUNT_IRP(ext, sp);

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        if (IoForwardIrpSynchronously(ext->Lower, Irp)) {
            status = Irp->IoStatus.Status;
            if (NT_SUCCESS(status)) {
                /* the FDO may have changed its power flags during start */
                if (!(ext->Lower->Flags & DO_POWER_PAGABLE)) {
                    DeviceObject->Flags &= ~DO_POWER_PAGABLE;
                }
            }
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        UfDumpCounts(ext);
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
