/*
 * dispatch.c - IRP plumbing for kbdflt
 */
#include "kbdflt.h"

NTSTATUS
KfPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KfPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KfReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKF_EXTENSION          ext = (PKF_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA   keys;
    ULONG                  count, i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys  = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            if (keys[i].Flags & KEY_BREAK) {
                InterlockedIncrement(&ext->KeysUp);
            } else {
                InterlockedIncrement(&ext->KeysDown);
            }
            ext->LastScanCode = keys[i].MakeCode;
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_KfPendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KfRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKF_EXTENSION ext = (PKF_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedIncrement(&g_KfPendingReads);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KfReadComplete, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}
