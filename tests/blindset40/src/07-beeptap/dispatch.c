/*
 * dispatch.c
 *
 * IRP handling.  Filter-device IRPs go straight down the beep stack;
 * control-device IRPs are handled here.
 */

#include "beeptap.h"

static
NTSTATUS
BtCompleteIrp(
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

static
NTSTATUS
BtPassDown(
    _In_ PBT_EXTENSION Ext,
    _In_ PIRP Irp
    )
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Ext->LowerDevice, Irp);
}

_Use_decl_annotations_
NTSTATUS
BtDispatchAny(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PBT_EXTENSION       ext = (PBT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);

    if (ext->Kind == BtFilterDevice) {
        return BtPassDown(ext, Irp);
    }

    //
    // Control device: only create/close/cleanup make sense.
    //

    switch (stack->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
    case IRP_MJ_CLEANUP:
        return BtCompleteIrp(Irp, STATUS_SUCCESS, 0);
    default:
        return BtCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

_Use_decl_annotations_
NTSTATUS
BtDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PBT_EXTENSION       ext = (PBT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG               code = stack->Parameters.DeviceIoControl.IoControlCode;
    ULONG               inLen = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG               outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID               buffer = Irp->AssociatedIrp.SystemBuffer;
    PBEEP_SET_PARAMETERS beep;

    if (ext->Kind == BtFilterDevice) {

        if (code != IOCTL_BEEP_SET) {
            return BtPassDown(ext, Irp);
        }

        InterlockedIncrement(&g_BeepTap.Stats.BeepsSeen);

        if (inLen >= sizeof(BEEP_SET_PARAMETERS)) {
            beep = (PBEEP_SET_PARAMETERS)buffer;
            BT_LOG("beep %lu Hz for %lu ms (pid %p)", beep->Frequency, beep->Duration,
                   PsGetCurrentProcessId());
        }

        if (g_BeepTap.Muted) {
            InterlockedIncrement(&g_BeepTap.Stats.BeepsMuted);
            return BtCompleteIrp(Irp, STATUS_SUCCESS, 0);
        }

        return BtPassDown(ext, Irp);
    }

    //
    // Control device
    //

    switch (code) {

    case IOCTL_BEEPTAP_SET_MUTE:
        if (inLen < sizeof(BOOLEAN)) {
            return BtCompleteIrp(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        g_BeepTap.Muted = (*(PBOOLEAN)buffer != FALSE);
        BT_LOG("mute %s", g_BeepTap.Muted ? "on" : "off");
        return BtCompleteIrp(Irp, STATUS_SUCCESS, 0);

    case IOCTL_BEEPTAP_GET_STATS:
        if (outLen < sizeof(BT_STATS)) {
            return BtCompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        RtlCopyMemory(buffer, &g_BeepTap.Stats, sizeof(BT_STATS));
        return BtCompleteIrp(Irp, STATUS_SUCCESS, sizeof(BT_STATS));

    default:
        return BtCompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
