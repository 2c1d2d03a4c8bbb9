/*
 * dispatch.c - KbdPeek IRP handling
 */
#include "kbdflt.h"

static NTSTATUS KfComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS KfPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->IsControl) {
        UCHAR major = IoGetCurrentIrpStackLocation(Irp)->MajorFunction;
        if (major == IRP_MJ_CREATE || major == IRP_MJ_CLOSE || major == IRP_MJ_CLEANUP) {
            return KfComplete(Irp, STATUS_SUCCESS, 0);
        }
        return KfComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static VOID KfRecord(PKEYBOARD_INPUT_DATA Keys, ULONG Count)
{
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&g_Kf.RingLock, &irql);
    if (g_Kf.Ring != NULL) {
        for (i = 0; i < Count; i++) {
            g_Kf.Ring[g_Kf.RingHead] = Keys[i];
            g_Kf.RingHead = (g_Kf.RingHead + 1) % KF_RING_ENTRIES;
            if (g_Kf.RingCount < KF_RING_ENTRIES) {
                g_Kf.RingCount++;
            }
        }
    }
    KeReleaseSpinLock(&g_Kf.RingLock, irql);
}

static NTSTATUS KfReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status) && Irp->IoStatus.Information >= sizeof(KEYBOARD_INPUT_DATA)) {
        KfRecord((PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer,
                 (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA)));
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_Kf.PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS KfRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->IsControl) {
        return KfComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    IoCopyCurrentIrpStackLocationToNext(Irp);

    /* the Ex variant keeps the driver image referenced until the routine returns */
    if (NT_SUCCESS(IoSetCompletionRoutineEx(DeviceObject, Irp, KfReadComplete, NULL, TRUE, TRUE, TRUE))) {
        InterlockedIncrement(&g_Kf.PendingReads);
    }

    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS KfPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->IsControl) {
        PoStartNextPowerIrp(Irp);
        return KfComplete(Irp, STATUS_SUCCESS, 0);
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS KfPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;
    PDEVICE_OBJECT lower;
    NTSTATUS status;

    if (ext->IsControl) {
        return KfComplete(Irp, STATUS_NOT_SUPPORTED, 0);
    }

    lower = ext->Lower;
    if (IoGetCurrentIrpStackLocation(Irp)->MinorFunction != IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(lower, Irp);
    }

    /* keyboard going away: leave the stack with it, unless unload already did */
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);

    if (InterlockedExchangePointer((PVOID volatile *)&g_Kf.Filters[ext->Slot], NULL) != NULL) {
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
    }
    return status;
}

NTSTATUS KfDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG capacity, n, i, start;
    PKEYBOARD_INPUT_DATA out;
    KIRQL irql;

    if (!ext->IsControl) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_KF_READ_KEYS) {
        return KfComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    capacity = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(KEYBOARD_INPUT_DATA);
    out = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;

    KeAcquireSpinLock(&g_Kf.RingLock, &irql);
    n = min(capacity, g_Kf.RingCount);
    start = (g_Kf.RingHead + KF_RING_ENTRIES - g_Kf.RingCount) % KF_RING_ENTRIES;
    for (i = 0; i < n; i++) {
        out[i] = g_Kf.Ring[(start + i) % KF_RING_ENTRIES];
    }
    g_Kf.RingCount -= n;
    KeReleaseSpinLock(&g_Kf.RingLock, irql);

    return KfComplete(Irp, STATUS_SUCCESS, n * sizeof(KEYBOARD_INPUT_DATA));
}

/* detach every filter still attached, wait for reads in flight, then delete */
VOID KfDetachAll(VOID)
{
    PDEVICE_OBJECT detached[KF_MAX_CLASSES];
    LARGE_INTEGER interval;
    ULONG i;

    for (i = 0; i < KF_MAX_CLASSES; i++) {
        detached[i] = (PDEVICE_OBJECT)InterlockedExchangePointer((PVOID volatile *)&g_Kf.Filters[i], NULL);
        if (detached[i] != NULL) {
            IoDetachDevice(((PKF_EXTENSION)detached[i]->DeviceExtension)->Lower);
        }
    }

    /* a read sits in kbdclass until the next key press */
    interval.QuadPart = -100 * 10000LL;
    while (InterlockedCompareExchange(&g_Kf.PendingReads, 0, 0) > 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
    }

    for (i = 0; i < KF_MAX_CLASSES; i++) {
        if (detached[i] != NULL) {
            IoDeleteDevice(detached[i]);
        }
    }
    g_Kf.FilterCount = 0;
}
