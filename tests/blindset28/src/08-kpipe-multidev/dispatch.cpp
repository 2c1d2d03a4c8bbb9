#include "kpipe.h"

ULONG RingWrite(KPipeRing* ring, const UCHAR* src, ULONG len)
{
    ULONG room = ring->Capacity - ring->Used;
    ULONG n = (len < room) ? len : room;

    for (ULONG i = 0; i < n; ++i) {
        ring->Data[ring->WritePos] = src[i];
        ring->WritePos = (ring->WritePos + 1) % ring->Capacity;
    }
    ring->Used += n;
    return n;
}

ULONG RingRead(KPipeRing* ring, UCHAR* dst, ULONG len)
{
    ULONG n = (len < ring->Used) ? len : ring->Used;

    for (ULONG i = 0; i < n; ++i) {
        dst[i] = ring->Data[ring->ReadPos];
        ring->ReadPos = (ring->ReadPos + 1) % ring->Capacity;
    }
    ring->Used -= n;
    return n;
}

static NTSTATUS Finish(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

extern "C" NTSTATUS KPipeCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return Finish(Irp, STATUS_SUCCESS, 0);
}

extern "C" NTSTATUS KPipeRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<KPipeExtension*>(DeviceObject->DeviceExtension);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG want = stack->Parameters.Read.Length;
    ULONG got = 0;

    if (want == 0) {
        return Finish(Irp, STATUS_SUCCESS, 0);
    }

    {
        SpinGuard guard(&ext->Lock);
        got = RingRead(ext->Ring, static_cast<UCHAR*>(Irp->AssociatedIrp.SystemBuffer), want);
        ext->TotalOut += got;
    }

    return Finish(Irp, STATUS_SUCCESS, got);
}

extern "C" NTSTATUS KPipeWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<KPipeExtension*>(DeviceObject->DeviceExtension);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG len = stack->Parameters.Write.Length;
    ULONG put = 0;

    if (len == 0) {
        return Finish(Irp, STATUS_SUCCESS, 0);
    }

    {
        SpinGuard guard(&ext->Lock);
        put = RingWrite(ext->Ring, static_cast<const UCHAR*>(Irp->AssociatedIrp.SystemBuffer), len);
        ext->TotalIn += put;
    }

    // short write tells the caller the pipe is full
    return Finish(Irp, put ? STATUS_SUCCESS : STATUS_DEVICE_BUSY, put);
}

extern "C" NTSTATUS KPipeDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<KPipeExtension*>(DeviceObject->DeviceExtension);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& ioctl = stack->Parameters.DeviceIoControl;

    switch (ioctl.IoControlCode) {
    case IOCTL_KPIPE_QUERY: {
        if (ioctl.OutputBufferLength < sizeof(KPipeQueryInfo)) {
            return Finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        auto out = static_cast<KPipeQueryInfo*>(Irp->AssociatedIrp.SystemBuffer);
        SpinGuard guard(&ext->Lock);
        out->Index = ext->Index;
        out->Capacity = ext->Ring->Capacity;
        out->Used = ext->Ring->Used;
        out->TotalIn = ext->TotalIn;
        out->TotalOut = ext->TotalOut;
        // guard is released before Finish runs
        break;
    }
    case IOCTL_KPIPE_FLUSH: {
        SpinGuard guard(&ext->Lock);
        ext->Ring->ReadPos = ext->Ring->WritePos = ext->Ring->Used = 0;
        break;
    }
    default:
        return Finish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    ULONG_PTR info = (ioctl.IoControlCode == IOCTL_KPIPE_QUERY) ? sizeof(KPipeQueryInfo) : 0;
    return Finish(Irp, STATUS_SUCCESS, info);
}
