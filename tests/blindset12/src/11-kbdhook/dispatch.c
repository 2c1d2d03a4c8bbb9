#include "kbdhook.h"

NTSTATUS
KbPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBD_EXT ext = (PKBD_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KbPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBD_EXT ext = (PKBD_EXT)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
KbReadComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PKBD_EXT ext = (PKBD_EXT)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count, i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        for (i = 0; i < count; i++) {
            ext->KeysSeen++;
            KLOG("scan 0x%02X %s", keys[i].MakeCode,
                 (keys[i].Flags & KEY_BREAK) ? "up" : "down");
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    InterlockedDecrement(&ext->PendingReads);
    return Irp->IoStatus.Status;
}

NTSTATUS
KbRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PKBD_EXT ext = (PKBD_EXT)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KbReadComplete, ext, TRUE, TRUE, TRUE);
    InterlockedIncrement(&ext->PendingReads);
    return IoCallDriver(ext->Lower, Irp);
}
