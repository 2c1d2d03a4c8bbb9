/*
 * ioctl.c - create/close and the two LED IOCTLs
 */
#include "ledpanel.h"

static NTSTATUS
LedComplete(
    _In_ PIRP       Irp,
    _In_ NTSTATUS   Status,
    _In_ ULONG_PTR  Info
    )
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
LedDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PLED_EXTENSION ext = (PLED_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS       status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return LedComplete(Irp, status, 0);
    }

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_CREATE &&
        ext->State != LedStarted) {
        status = STATUS_DEVICE_NOT_READY;
    }

    LedComplete(Irp, status, 0);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

static VOID
LedRecord(
    _In_ PLED_EXTENSION Ext,
    _In_ UCHAR          Pattern
    )
{
    PLED_CMD    cmd, old = NULL;
    KIRQL       irql;

    cmd = (PLED_CMD)ExAllocateFromNPagedLookasideList(&Globals.CmdLookaside);

    KeAcquireSpinLock(&Ext->Lock, &irql);
    Ext->Pattern = Pattern;
    if (cmd != NULL) {
        cmd->Pattern = Pattern;
        KeQuerySystemTime(&cmd->When);
        InsertTailList(&Ext->History, &cmd->Link);
        if (++Ext->HistoryCount > LED_MAX_HISTORY) {
            old = CONTAINING_RECORD(RemoveHeadList(&Ext->History), LED_CMD, Link);
            Ext->HistoryCount--;
        }
    }
    KeReleaseSpinLock(&Ext->Lock, irql);

    if (old != NULL) {
        ExFreeToNPagedLookasideList(&Globals.CmdLookaside, old);
    }
}

VOID
LedFlushHistory(
    _In_ PLED_EXTENSION Ext
    )
{
    PLIST_ENTRY e;
    KIRQL       irql;

    KeAcquireSpinLock(&Ext->Lock, &irql);
    while (!IsListEmpty(&Ext->History)) {
        e = RemoveHeadList(&Ext->History);
        ExFreeToNPagedLookasideList(&Globals.CmdLookaside, CONTAINING_RECORD(e, LED_CMD, Link));
    }
    Ext->HistoryCount = 0;
    KeReleaseSpinLock(&Ext->Lock, irql);
}

NTSTATUS
LedDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PLED_EXTENSION     ext   = (PLED_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR             buf   = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG_PTR          info  = 0;
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return LedComplete(Irp, status, 0);
    }

    if (ext->State != LedStarted) {
        status = STATUS_DEVICE_NOT_READY;
        goto done;
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_LED_SET_PATTERN:
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(UCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        LedRecord(ext, buf[0]);
        LedTrace(("LedPanel: pattern %02x\n", buf[0]));
        break;

    case IOCTL_LED_GET_PATTERN:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(UCHAR)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        buf[0] = ext->Pattern;
        info   = sizeof(UCHAR);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

done:
    LedComplete(Irp, status, info);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
