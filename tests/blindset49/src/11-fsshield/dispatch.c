/*
 * dispatch.c - FsShield IRP handling
 */
#include "fsshield.h"

static IO_COMPLETION_ROUTINE FssSyncCompletion;

static NTSTATUS
FssCompleteIrp(_Inout_ PIRP Irp, _In_ NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
FssPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    if (DeviceObject == g_Fss.ControlDevice) {
        UCHAR mj = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
        return FssCompleteIrp(Irp, (mj == IRP_MJ_CREATE || mj == IRP_MJ_CLEANUP || mj == IRP_MJ_CLOSE)
                                   ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_REQUEST);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(FSS_EXT(DeviceObject)->NextLower, Irp);
}

static BOOLEAN
FssIsBlockedName(_In_ PCUNICODE_STRING Name)
{
    UNICODE_STRING blocked = RTL_CONSTANT_STRING(FSS_BLOCKED_NAME);
    UNICODE_STRING tail;

    if (Name->Length < blocked.Length) {
        return FALSE;
    }
    tail.Buffer = (PWCH)((PUCHAR)Name->Buffer + Name->Length - blocked.Length);
    tail.Length = tail.MaximumLength = blocked.Length;

    if (!RtlEqualUnicodeString(&tail, &blocked, TRUE)) {
        return FALSE;
    }
    /* must be the whole final component */
    return Name->Length == blocked.Length || tail.Buffer[-1] == L'\\';
}

NTSTATUS
FssCreate(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG disposition;
    ACCESS_MASK access;

    if (DeviceObject != g_Fss.ControlDevice && FSS_EXT(DeviceObject)->IsVolume && sp->FileObject != NULL) {
        disposition = sp->Parameters.Create.Options >> 24;
        access = sp->Parameters.Create.SecurityContext->DesiredAccess;

        if ((disposition != FILE_OPEN || FlagOn(access, FILE_WRITE_DATA | FILE_APPEND_DATA)) &&
            FssIsBlockedName(&sp->FileObject->FileName)) {
            InterlockedIncrement(&g_Fss.Blocked);
            return FssCompleteIrp(Irp, STATUS_ACCESS_DENIED);
        }
    }
    return FssPassThrough(DeviceObject, Irp);
}

static NTSTATUS
FssSyncCompletion(
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
FssFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT realDevice, volumeFilter = NULL;
    KEVENT done;
    NTSTATUS status;

    if (DeviceObject == g_Fss.ControlDevice || FSS_EXT(DeviceObject)->IsVolume ||
        sp->MinorFunction != IRP_MN_MOUNT_VOLUME) {
        return FssPassThrough(DeviceObject, Irp);
    }

    realDevice = sp->Parameters.MountVolume.Vpb->RealDevice;
    if (!FlagOn(realDevice->Characteristics, FILE_REMOVABLE_MEDIA) ||
        !NT_SUCCESS(FssCreateFilterDevice(DeviceObject, TRUE, &volumeFilter))) {
        return FssPassThrough(DeviceObject, Irp);
    }

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, FssSyncCompletion, &done, TRUE, TRUE, TRUE);

    if (IoCallDriver(FSS_EXT(DeviceObject)->NextLower, Irp) == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
    }

    status = Irp->IoStatus.Status;
    if (!NT_SUCCESS(status) || realDevice->Vpb == NULL || realDevice->Vpb->DeviceObject == NULL ||
        !NT_SUCCESS(FssAttach(volumeFilter, realDevice->Vpb->DeviceObject))) {
        /* mount failed or we could not get on top of the new volume */
        IoDeleteDevice(volumeFilter);
    }

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
