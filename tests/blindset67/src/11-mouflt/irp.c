/*
 * irp.c - IRP handling for mouflt
 */
#include "mouflt.h"

NTSTATUS
MfPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PMF_EXT ext = (PMF_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
MfPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PMF_EXT ext = (PMF_EXT)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
MfReadDone(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PMF_EXT            ext = (PMF_EXT)Context;
    PMOUSE_INPUT_DATA  in;
    ULONG              n, i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        in = (PMOUSE_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        n  = (ULONG)(Irp->IoStatus.Information / sizeof(MOUSE_INPUT_DATA));
        for (i = 0; i < n; i++) {
            if (!(in[i].Flags & MOUSE_MOVE_ABSOLUTE)) {
                ext->DeltaX += in[i].LastX;
                ext->DeltaY += in[i].LastY;
            }
            if (in[i].ButtonFlags & (MOUSE_LEFT_BUTTON_DOWN | MOUSE_RIGHT_BUTTON_DOWN |
                                     MOUSE_MIDDLE_BUTTON_DOWN)) {
                ext->Clicks++;
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&g_MfReadsInFlight);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
MfRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PMF_EXT ext = (PMF_EXT)DeviceObject->DeviceExtension;

    InterlockedIncrement(&g_MfReadsInFlight);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, MfReadDone, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}
