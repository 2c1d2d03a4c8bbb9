/*
 * dispatch.c - IRP handling for kbdspy
 */
#include "kbdspy.h"

static NTSTATUS
CompleteIrp(
    _In_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Info
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

#define IS_CONTROL(dev) (EXT(dev)->Magic == EXT_MAGIC_CONTROL)

NTSTATUS
KbdSpyPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    if (IS_CONTROL(DeviceObject)) {
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_POWER) {
        /* old-style power handling, harmless on newer systems */
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(EXT(DeviceObject)->LowerDevice, Irp);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(EXT(DeviceObject)->LowerDevice, Irp);
}

NTSTATUS
KbdSpyCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    if (!IS_CONTROL(DeviceObject)) {
        /* csrss/win32k opening the keyboard, not ours */
        return KbdSpyPassThrough(DeviceObject, Irp);
    }
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
KbdSpyReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKBDSPY_EXT          ext = EXT(DeviceObject);
    PKEYBOARD_INPUT_DATA keys;
    ULONG                count, i;
    KIRQL                oldIrql;

    UNREFERENCED_PARAMETER(Context);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys  = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        KeAcquireSpinLock(&ext->RingLock, &oldIrql);
        for (i = 0; i < count; i++) {
            if (keys[i].Flags & KEY_BREAK) {
                ext->BreaksSeen++;
                continue;
            }
            ext->KeysSeen++;
            ext->Ring[ext->RingHead & RING_MASK] = keys[i].MakeCode;
            ext->RingHead++;
#if 0
            LOG("key %02X flags %X", keys[i].MakeCode, keys[i].Flags);
#endif
        }
        KeReleaseSpinLock(&ext->RingLock, oldIrql);
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_PendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS
KbdSpyRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    if (IS_CONTROL(DeviceObject)) {
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    IoCopyCurrentIrpStackLocationToNext(Irp);

    /* the Ex variant keeps the driver loaded until the routine returns */
    if (NT_SUCCESS(IoSetCompletionRoutineEx(DeviceObject, Irp, KbdSpyReadComplete,
                                            NULL, TRUE, TRUE, TRUE))) {
        InterlockedIncrement(&g_PendingReads);
    }
    return IoCallDriver(EXT(DeviceObject)->LowerDevice, Irp);
}

NTSTATUS
KbdSpyDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack;
    PKBDSPY_EXT        fext;
    ULONG              outLen;
    ULONG_PTR          info = 0;
    NTSTATUS           status = STATUS_INVALID_DEVICE_REQUEST;
    KIRQL              oldIrql;

    if (!IS_CONTROL(DeviceObject)) {
        return KbdSpyPassThrough(DeviceObject, Irp);
    }

    stack  = IoGetCurrentIrpStackLocation(Irp);
    outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;

    if (g_FilterDevice == NULL) {
        return CompleteIrp(Irp, STATUS_DEVICE_NOT_READY, 0);
    }
    fext = EXT(g_FilterDevice);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KBDSPY_GET_STATS: {
        PKBDSPY_STATS out = (PKBDSPY_STATS)Irp->AssociatedIrp.SystemBuffer;
        if (outLen < sizeof(KBDSPY_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        out->KeysSeen     = fext->KeysSeen;
        out->BreaksSeen   = fext->BreaksSeen;
        out->PendingReads = g_PendingReads;
        info   = sizeof(KBDSPY_STATS);
        status = STATUS_SUCCESS;
        break;
    }
    case IOCTL_KBDSPY_GET_RING:
        if (outLen < sizeof(fext->Ring)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        KeAcquireSpinLock(&fext->RingLock, &oldIrql);
        RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, fext->Ring, sizeof(fext->Ring));
        KeReleaseSpinLock(&fext->RingLock, oldIrql);
        info   = sizeof(fext->Ring);
        status = STATUS_SUCCESS;
        break;
    default:
        break;
    }

    return CompleteIrp(Irp, status, info);
}
