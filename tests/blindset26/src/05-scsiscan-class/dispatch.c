/*
 * dispatch.c - IRP handlers
 */
#include "scsiscn.h"

static NTSTATUS SsCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS SsDispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSCSISCN_DEVICE_EXTENSION ext = (PSCSISCN_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS SsDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSCSISCN_DEVICE_EXTENSION ext = (PSCSISCN_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->Removed) {
        return SsCompleteIrp(Irp, STATUS_DELETE_PENDING, 0);
    }
    return SsCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS SsDoCommand(PSCSISCN_DEVICE_EXTENSION Ext, PIRP Irp, PIO_STACK_LOCATION Sp, PULONG_PTR Info)
{
    PSCSISCN_CMD cmd = (PSCSISCN_CMD)Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = Sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = Sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG dataLen;
    PUCHAR data;
    NTSTATUS status;

    if (inLen < sizeof(SCSISCN_CMD) || outLen < sizeof(SCSISCN_CMD)) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (cmd->CdbLength == 0 || cmd->CdbLength > 16) {
        return STATUS_INVALID_PARAMETER;
    }

    dataLen = cmd->DataLength;
    if (dataLen > Ext->MaxTransfer) {
        return STATUS_INVALID_PARAMETER;
    }
    if ((cmd->Direction == SS_DATA_IN && dataLen > outLen - sizeof(SCSISCN_CMD)) ||
        (cmd->Direction == SS_DATA_OUT && dataLen > inLen - sizeof(SCSISCN_CMD))) {
        return STATUS_BUFFER_TOO_SMALL;
    }
    if (cmd->Direction != SS_DATA_IN && cmd->Direction != SS_DATA_OUT) {
        dataLen = 0;
    }

    data = (dataLen != 0) ? (PUCHAR)(cmd + 1) : NULL;

    ExAcquireFastMutex(&Ext->CommandLock);
    status = SsSendSrb(Ext, Ext->LowerDevice, SRB_FUNCTION_EXECUTE_SCSI,
                       cmd->Cdb, cmd->CdbLength,
                       data, dataLen, cmd->Direction,
                       &cmd->ScsiStatus, cmd->Sense, &cmd->SenseLength, NULL);
    ExReleaseFastMutex(&Ext->CommandLock);

    /* check condition is still a "successful" ioctl, the app looks at the sense */
    if (!NT_SUCCESS(status) && cmd->SenseLength != 0) {
        status = STATUS_SUCCESS;
    }

    if (NT_SUCCESS(status)) {
        *Info = sizeof(SCSISCN_CMD) + ((cmd->Direction == SS_DATA_IN) ? dataLen : 0);
    }
    return status;
}

NTSTATUS SsDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSCSISCN_DEVICE_EXTENSION ext = (PSCSISCN_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG_PTR info = 0;

    if (ext->Removed || !ext->Started) {
        return SsCompleteIrp(Irp, STATUS_DEVICE_NOT_READY, 0);
    }

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SCSISCN_CMD:
        status = SsDoCommand(ext, Irp, sp, &info);
        break;

    default:
        /* let the port driver handle standard storage ioctls */
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->LowerDevice, Irp);
    }

    return SsCompleteIrp(Irp, status, info);
}

NTSTATUS SsDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PSCSISCN_DEVICE_EXTENSION ext = (PSCSISCN_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->LowerDevice;
    NTSTATUS status;

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        if (IoForwardIrpSynchronously(lower, Irp)) {
            status = Irp->IoStatus.Status;
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        if (NT_SUCCESS(status)) {
            status = IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
            ext->Started = NT_SUCCESS(status);
        }
        return SsCompleteIrp(Irp, status, Irp->IoStatus.Information);

    case IRP_MN_SURPRISE_REMOVAL:
        if (ext->Started) {
            IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
            ext->Started = FALSE;
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        ext->Removed = TRUE;
        if (ext->Started) {
            IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
            ext->Started = FALSE;
        }
        if (ext->Claimed) {
            (VOID)SsSendSrb(ext, ext->PortDevice, SRB_FUNCTION_RELEASE_DEVICE,
                            NULL, 0, NULL, 0, 0, NULL, NULL, NULL, NULL);
            ext->Claimed = FALSE;
        }

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);

        IoDetachDevice(lower);
        ObDereferenceObject(ext->PortDevice);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_STOP_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}
