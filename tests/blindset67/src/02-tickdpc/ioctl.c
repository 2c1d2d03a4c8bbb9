// ioctl.c -- create/close and the two IOCTLs for TickDpc

#include "tick.h"

NTSTATUS
TickCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static ULONG
TickCopySnapshot(
    PTICK_SNAPSHOT Out,
    ULONG          MaxSamples
    )
{
    KIRQL oldIrql;
    ULONG n, i, start;

    KeAcquireSpinLock(&Tick.RingLock, &oldIrql);

    n = min(Tick.Count, MaxSamples);
    start = Tick.Head - n;
    for (i = 0; i < n; i++) {
        Out->Samples[i] = Tick.Ring[(start + i) & TICK_RING_MASK];
    }
    Out->Count = n;
    Out->Head  = Tick.Head;

    KeReleaseSpinLock(&Tick.RingLock, oldIrql);
    return n;
}

NTSTATUS
TickIoctl(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    ULONG              outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS           status = STATUS_SUCCESS;
    ULONG_PTR          info = 0;
    KIRQL              oldIrql;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TICK_SNAPSHOT:
    {
        PTICK_SNAPSHOT snap = (PTICK_SNAPSHOT)Irp->AssociatedIrp.SystemBuffer;
        ULONG          room;
        ULONG          n;

        if (outLen < FIELD_OFFSET(TICK_SNAPSHOT, Samples)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        room = (outLen - FIELD_OFFSET(TICK_SNAPSHOT, Samples)) / sizeof(TICK_SAMPLE);
        n = TickCopySnapshot(snap, room);
        info = FIELD_OFFSET(TICK_SNAPSHOT, Samples) + n * sizeof(TICK_SAMPLE);
        break;
    }

    case IOCTL_TICK_RESET:
        KeAcquireSpinLock(&Tick.RingLock, &oldIrql);
        Tick.Head = 0;
        Tick.Count = 0;
        KeReleaseSpinLock(&Tick.RingLock, oldIrql);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
