/*++
Module Name:  dispatch.c

Abstract:     IRP handlers of the keyboard statistics filter.
--*/
#include "kbdlog.h"

NTSTATUS
KbdLogDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KbdLogDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KbdLogReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG count;
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));

        for (i = 0; i < count; i++) {
            if (keys[i].Flags & KEY_BREAK) {
                InterlockedIncrement(&ext->KeyUpCount);
            } else {
                InterlockedIncrement(&ext->KeyDownCount);
            }
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&ext->PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
KbdLogDispatchRead(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PKBDLOG_EXTENSION ext = (PKBDLOG_EXTENSION)DeviceObject->DeviceExtension;

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, KbdLogReadComplete, ext, TRUE, TRUE, TRUE);
    InterlockedIncrement(&ext->PendingReads);

    return IoCallDriver(ext->LowerDevice, Irp);
}
