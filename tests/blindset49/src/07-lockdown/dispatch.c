/*
 * dispatch.c - LockDown IRP handlers
 */
#include "lockdown.h"

static IO_COMPLETION_ROUTINE LdMountCompletion;

static NTSTATUS
LdComplete(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS
LdControlDeviceIrp(
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLEANUP:
    case IRP_MJ_CLOSE:
        return LdComplete(Irp, STATUS_SUCCESS, 0);

    case IRP_MJ_DEVICE_CONTROL:
        if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_LD_SET_LOCK &&
            sp->Parameters.DeviceIoControl.InputBufferLength >= sizeof(ULONG)) {
            InterlockedExchange(&g_Ld.Locked, *(PULONG)Irp->AssociatedIrp.SystemBuffer ? 1 : 0);
            LDTRACE(("LockDown: %s\n", g_Ld.Locked ? "locked" : "unlocked"));
            return LdComplete(Irp, STATUS_SUCCESS, 0);
        }
        return LdComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);

    default:
        return LdComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

NTSTATUS
LdDispatchPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    if (LD_IS_CDO(DeviceObject)) {
        return LdControlDeviceIrp(Irp);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(LD_EXT(DeviceObject)->Lower, Irp);
}

NTSTATUS
LdDispatchCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (!LD_IS_CDO(DeviceObject) &&
        LD_EXT(DeviceObject)->Kind == LdKindVolume &&
        g_Ld.Locked &&
        FlagOn(sp->Parameters.Create.Options, FILE_DELETE_ON_CLOSE)) {
        return LdComplete(Irp, STATUS_ACCESS_DENIED, 0);
    }
    return LdDispatchPass(DeviceObject, Irp);
}

NTSTATUS
LdDispatchSetInfo(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (!LD_IS_CDO(DeviceObject) && LD_EXT(DeviceObject)->Kind == LdKindVolume && g_Ld.Locked) {
        switch (sp->Parameters.SetFile.FileInformationClass) {
        case FileDispositionInformation:
        case FileDispositionInformationEx:
        case FileRenameInformation:
        case FileRenameInformationEx:
        case FileLinkInformation:
            return LdComplete(Irp, STATUS_ACCESS_DENIED, 0);
        default:
            break;
        }
    }
    return LdDispatchPass(DeviceObject, Irp);
}

static NTSTATUS
LdMountCompletion(
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

NTSTATUS
LdDispatchFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT realDevice;
    KEVENT event;
    NTSTATUS status;

    if (LD_IS_CDO(DeviceObject) ||
        LD_EXT(DeviceObject)->Kind != LdKindFsCdo ||
        sp->MinorFunction != IRP_MN_MOUNT_VOLUME) {
        return LdDispatchPass(DeviceObject, Irp);
    }

    /* the VPB can be swapped during mount, keep the storage device instead */
    realDevice = sp->Parameters.MountVolume.Vpb->RealDevice;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, LdMountCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(LD_EXT(DeviceObject)->Lower, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
    }

    status = Irp->IoStatus.Status;
    if (NT_SUCCESS(status) && realDevice->Vpb != NULL && realDevice->Vpb->DeviceObject != NULL) {
        if (!LdAttachToMountedVolume(realDevice->Vpb->DeviceObject, realDevice)) {
            LDTRACE(("LockDown: volume on %p left unprotected\n", realDevice));
        }
    }

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
