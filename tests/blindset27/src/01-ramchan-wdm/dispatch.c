/*
 * dispatch.c - IRP handlers for the RAM channels.
 */
#include "ramchan.h"

static NTSTATUS
RcComplete(
    _In_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
RcDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RcComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
RcDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PRC_CHANNEL ch = (PRC_CHANNEL)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG want = sp->Parameters.Read.Length;
    ULONG got;
    KIRQL irql;

    if (want == 0) {
        return RcComplete(Irp, STATUS_SUCCESS, 0);
    }

    KeAcquireSpinLock(&ch->Lock, &irql);
    got = (want < ch->Used) ? want : ch->Used;
    RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, ch->Data, got);
    ch->Stats.Reads++;
    ch->Stats.SecondsIdle = 0;
    KeReleaseSpinLock(&ch->Lock, irql);

    return RcComplete(Irp, STATUS_SUCCESS, got);
}

NTSTATUS
RcDispatchWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PRC_CHANNEL ch = (PRC_CHANNEL)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = sp->Parameters.Write.Length;
    NTSTATUS status = STATUS_SUCCESS;
    KIRQL irql;

    if (len == 0) {
        return RcComplete(Irp, STATUS_SUCCESS, 0);
    }

    KeAcquireSpinLock(&ch->Lock, &irql);
    if (len > RC_CHANNEL_BYTES - ch->Used) {
        status = STATUS_DISK_FULL;
        len = 0;
    } else {
        RtlCopyMemory(ch->Data + ch->Used, Irp->AssociatedIrp.SystemBuffer, len);
        ch->Used += len;
        ch->Stats.BytesStored = ch->Used;
        ch->Stats.Writes++;
        ch->Stats.SecondsIdle = 0;
    }
    KeReleaseSpinLock(&ch->Lock, irql);

    return RcComplete(Irp, status, len);
}

NTSTATUS
RcDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PRC_CHANNEL ch = (PRC_CHANNEL)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    KIRQL irql;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_RC_GET_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(RC_STATS)) {
            return RcComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        KeAcquireSpinLock(&ch->Lock, &irql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ch->Stats, sizeof(RC_STATS));
        KeReleaseSpinLock(&ch->Lock, irql);
        return RcComplete(Irp, STATUS_SUCCESS, sizeof(RC_STATS));

    case IOCTL_RC_CLEAR:
        KeAcquireSpinLock(&ch->Lock, &irql);
        ch->Used = 0;
        RtlZeroMemory(&ch->Stats, sizeof(ch->Stats));
        KeReleaseSpinLock(&ch->Lock, irql);
        return RcComplete(Irp, STATUS_SUCCESS, 0);

    default:
        return RcComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
