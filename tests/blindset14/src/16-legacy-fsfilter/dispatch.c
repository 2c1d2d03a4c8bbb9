/*
 * dispatch.c - FsPeek IRP handlers
 */
#include "fsflt.h"

static NTSTATUS FsfCompleteControl(PIRP Irp)
{
    UCHAR major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    if (major == IRP_MJ_CREATE || major == IRP_MJ_CLEANUP || major == IRP_MJ_CLOSE) {
        status = STATUS_SUCCESS;
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS FsfPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFSF_EXTENSION ext = FSF_EXT(DeviceObject);

    if (ext->Kind == FsfControl) {
        return FsfCompleteControl(Irp);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS FsfCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFSF_EXTENSION ext = FSF_EXT(DeviceObject);
    PFILE_OBJECT fileObject;

    if (ext->Kind == FsfControl) {
        return FsfCompleteControl(Irp);
    }

    if (ext->Kind == FsfVolume) {
        InterlockedIncrement(&FSF_GLOBALS()->Creates);
        fileObject = IoGetCurrentIrpStackLocation(Irp)->FileObject;
        if (fileObject != NULL && fileObject->FileName.Length > 0) {
            KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "FsPeek: open %wZ\n", &fileObject->FileName));
        }
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static NTSTATUS FsfMountCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;     /* FsfFsControl finishes the IRP */
}

NTSTATUS FsfFsControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFSF_EXTENSION ext = FSF_EXT(DeviceObject);
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT storage;
    KEVENT done;
    NTSTATUS status;

    if (ext->Kind == FsfControl) {
        return FsfCompleteControl(Irp);
    }

    if (ext->Kind != FsfFsCdo || sp->MinorFunction != IRP_MN_MOUNT_VOLUME) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    /*
     * Mount: let the file system do it, then join the new volume's stack.
     * The VPB in the stack location can be swapped by the file system, so
     * remember the real device and read its VPB afterwards.
     */
    storage = sp->Parameters.MountVolume.Vpb->RealDevice;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FsfMountCompletion, &done, TRUE, TRUE, TRUE);

    status = IoCallDriver(ext->Lower, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }

    status = Irp->IoStatus.Status;
    if (NT_SUCCESS(status) && storage->Vpb != NULL && storage->Vpb->DeviceObject != NULL) {
        /* not being able to watch a volume is no reason to fail its mount */
        (VOID)FsfAttachToVolume(storage->Vpb->DeviceObject, storage);
    }

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
