/*
 * pnp.c - PnP / power handling and the read completion.
 */
#include "kbdsniff.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KsDispatchPnp)
#endif

static const char* MinorName(UCHAR Minor)
{
    switch (Minor) {
    case IRP_MN_START_DEVICE:           return "START";
    case IRP_MN_QUERY_REMOVE_DEVICE:    return "QUERY_REMOVE";
    case IRP_MN_REMOVE_DEVICE:          return "REMOVE";
    case IRP_MN_CANCEL_REMOVE_DEVICE:   return "CANCEL_REMOVE";
    case IRP_MN_STOP_DEVICE:            return "STOP";
    case IRP_MN_QUERY_STOP_DEVICE:      return "QUERY_STOP";
    case IRP_MN_CANCEL_STOP_DEVICE:     return "CANCEL_STOP";
    case IRP_MN_SURPRISE_REMOVAL:       return "SURPRISE_REMOVAL";
    case IRP_MN_QUERY_DEVICE_RELATIONS: return "QUERY_RELATIONS";
    default:                            return "?";
    }
}

NTSTATUS
KsDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PKS_DEVICE_EXTENSION ext   = (PKS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS             status;

    PAGED_CODE();

    KS_LOG("PnP %s (0x%x)", MinorName(stack->MinorFunction), stack->MinorFunction);

    switch (stack->MinorFunction) {

    case IRP_MN_START_DEVICE:
        //
        // filter: no resources of our own, forward synchronously and
        // mark ourselves started once the lower stack agrees
        //
        status = IoForwardIrpSynchronously(ext->LowerDevice, Irp) ? Irp->IoStatus.Status : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            ext->PnpState = KsStarted;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->PnpState = KsSurpriseRemoved;
        break;

    case IRP_MN_REMOVE_DEVICE:
        ext->PnpState = KsDeleted;

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        // lower driver has finished with it, now tear down our part
        IoDeleteDevice(DeviceObject);
        IoDetachDevice(ext->LowerDevice);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
KsDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PKS_DEVICE_EXTENSION ext = (PKS_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

#if (NTDDI_VERSION < NTDDI_VISTA)
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
#else
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
#endif
}

NTSTATUS
KsReadComplete(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP           Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKS_DEVICE_EXTENSION ext = (PKS_DEVICE_EXTENSION)Context;
    PKEYBOARD_INPUT_DATA keys;
    ULONG                count;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        keys  = (PKEYBOARD_INPUT_DATA)Irp->AssociatedIrp.SystemBuffer;
        count = (ULONG)(Irp->IoStatus.Information / sizeof(KEYBOARD_INPUT_DATA));
        if (keys != NULL && count != 0) {
            KsRecordKeys(ext, keys, count);
        }
    }

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    InterlockedDecrement(&ext->PendingReads);
    return STATUS_CONTINUE_COMPLETION;
}

VOID
KsRecordKeys(
    _In_ PKS_DEVICE_EXTENSION Ext,
    _In_reads_(Count) PKEYBOARD_INPUT_DATA Data,
    _In_ ULONG Count
    )
{
    KIRQL oldIrql;
    ULONG i;

    KeAcquireSpinLock(&Ext->HistoryLock, &oldIrql);
    for (i = 0; i < Count; i++) {
        Ext->History[Ext->HistoryHead].MakeCode = Data[i].MakeCode;
        Ext->History[Ext->HistoryHead].Flags    = Data[i].Flags;
        Ext->HistoryHead = (Ext->HistoryHead + 1) % KS_MAX_HISTORY;
        if (Ext->HistoryCount < KS_MAX_HISTORY) {
            Ext->HistoryCount++;
        }
    }
    KeReleaseSpinLock(&Ext->HistoryLock, oldIrql);

    if (g_Ks.LogBreaks) {
        for (i = 0; i < Count; i++) {
            KS_LOG("key 0x%02x %s", Data[i].MakeCode,
                   (Data[i].Flags & KEY_BREAK) ? "up" : "down");
        }
    }
}
