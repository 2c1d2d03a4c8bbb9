/*
 * pnp.c - PnP / power for dperf
 */
#include "dperf.h"

static PDP_EXTENSION g_Slots[DP_MAX_DISKS];
static KSPIN_LOCK    g_SlotLock;

IO_COMPLETION_ROUTINE DpSignalCompletion;

VOID
DpInitSlots(VOID)
{
    KeInitializeSpinLock(&g_SlotLock);
    RtlZeroMemory(g_Slots, sizeof(g_Slots));
}

ULONG
DpClaimSlot(_In_ PDP_EXTENSION Ext)
{
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&g_SlotLock, &irql);
    for (i = 0; i < DP_MAX_DISKS; i++) {
        if (g_Slots[i] == NULL) {
            g_Slots[i] = Ext;
            break;
        }
    }
    KeReleaseSpinLock(&g_SlotLock, irql);
    return i;
}

VOID
DpReleaseSlot(_In_ PDP_EXTENSION Ext)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_SlotLock, &irql);
    if (Ext->Slot < DP_MAX_DISKS && g_Slots[Ext->Slot] == Ext) {
        g_Slots[Ext->Slot] = NULL;
    }
    KeReleaseSpinLock(&g_SlotLock, irql);
}

NTSTATUS
DpSignalCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS
DpForwardAndWait(_In_ PDP_EXTENSION Ext, _In_ PIRP Irp)
{
    KEVENT   event;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, DpSignalCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(Ext->Lower, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    return status;
}

NTSTATUS
DpDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDP_EXTENSION      ext = (PDP_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = DpForwardAndWait(ext, Irp);
        if (NT_SUCCESS(status)) {
            ext->Started = TRUE;
            /* disk.sys may have switched to paging path duty meanwhile */
            if (ext->Lower->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        DpReleaseSlot(ext);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        DPLOG(DBGLVL_INFO, ("removed\n"));
        return status;

    default:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }
}

NTSTATUS
DpDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDP_EXTENSION ext = (PDP_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
