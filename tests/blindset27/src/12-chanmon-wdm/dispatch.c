/*
 * dispatch.c - IRP handlers for the channel devices.
 */
#include "chanmon.h"

static NTSTATUS
CmComplete(
    _Inout_ PIRP Irp,
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
CmDispatchCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CmComplete(Irp, STATUS_SUCCESS, 0);
}

/* Drains whole samples into the caller's buffer. */
NTSTATUS
CmDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PCM_CHANNEL_EXT ext = (PCM_CHANNEL_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PCM_SAMPLE out = (PCM_SAMPLE)Irp->AssociatedIrp.SystemBuffer;
    ULONG capacity = sp->Parameters.Read.Length / sizeof(CM_SAMPLE);
    ULONG n = 0;
    KIRQL irql;

    if (capacity == 0) {
        return CmComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    KeAcquireSpinLock(&ext->Lock, &irql);
    while (n < capacity && ext->Count > 0) {
        out[n++] = ext->Ring[ext->Head];
        ext->Head = (ext->Head + 1) % CM_RING_SAMPLES;
        ext->Count--;
    }
    KeReleaseSpinLock(&ext->Lock, irql);

    return CmComplete(Irp, STATUS_SUCCESS, (ULONG_PTR)n * sizeof(CM_SAMPLE));
}

NTSTATUS
CmDispatchIoctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PCM_CHANNEL_EXT ext = (PCM_CHANNEL_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    KIRQL irql;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_CM_RESET:
        KeAcquireSpinLock(&ext->Lock, &irql);
        ext->Head = 0;
        ext->Count = 0;
        ext->Overruns = 0;
        KeReleaseSpinLock(&ext->Lock, irql);
        return CmComplete(Irp, STATUS_SUCCESS, 0);

    default:
        return CmComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
