/*
 * card.c - AddDevice, PnP/power for the counter cards, ISR
 */
#include "pcictr.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtrAddDevice)
#endif

static ULONG
CtrReadGate(VOID)
{
    RTL_QUERY_REGISTRY_TABLE qt[2];
    ULONG gate = CTR_DEFAULT_GATE_MS;

    RtlZeroMemory(qt, sizeof(qt));
    qt[0].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    qt[0].Name         = L"GateMs";
    qt[0].EntryContext = &gate;
    qt[0].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    // our own NUL-terminated copy of the service key, made in DriverEntry
    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                 g_Ctr.RegistryPath.Buffer, qt, NULL, NULL);
    return (gate == 0 || gate > 60000) ? CTR_DEFAULT_GATE_MS : gate;
}

NTSTATUS
CtrAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo;
    PCARD_EXT card;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(CARD_EXT), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    card = (PCARD_EXT)fdo->DeviceExtension;
    RtlZeroMemory(card, sizeof(*card));
    card->Kind   = KIND_CARD;
    card->GateMs = CtrReadGate();

    card->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (card->Lower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    ExInterlockedInsertTailList(&g_Ctr.Cards, &card->Link, &g_Ctr.Lock);

    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    DBG_OUT("card %p gate %lu ms\n", fdo, card->GateMs);
    return STATUS_SUCCESS;
}

BOOLEAN
CtrIsr(PKINTERRUPT Interrupt, PVOID Context)
{
    PCARD_EXT card = (PCARD_EXT)Context;
    ULONG st;

    UNREFERENCED_PARAMETER(Interrupt);

    st = READ_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_INTSTATUS));
    if (st == 0) {
        return FALSE;
    }
    WRITE_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_INTSTATUS), st);
    InterlockedIncrement((volatile LONG*)&g_Ctr.Stats->Overflows);
    return TRUE;
}

static NTSTATUS
CtrStartCard(PCARD_EXT card, PCM_RESOURCE_LIST translated)
{
    PCM_PARTIAL_RESOURCE_LIST list;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d, irq = NULL;
    NTSTATUS status;
    ULONG i;

    if (translated == NULL || translated->Count == 0) return STATUS_DEVICE_CONFIGURATION_ERROR;
    list = &translated->List[0].PartialResourceList;
    for (i = 0; i < list->Count; i++) {
        d = &list->PartialDescriptors[i];
        if (d->Type == CmResourceTypeMemory && card->Regs == NULL) {
            card->Regs = (PUCHAR)MmMapIoSpaceEx(d->u.Memory.Start, d->u.Memory.Length,
                                                PAGE_READWRITE | PAGE_NOCACHE);
            if (card->Regs == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            card->RegsLength = d->u.Memory.Length;
        } else if (d->Type == CmResourceTypeInterrupt && irq == NULL) {
            irq = d;
        }
    }
    if (card->Regs == NULL || irq == NULL) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    WRITE_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_CONTROL), 0);

    status = IoConnectInterrupt(&card->Interrupt, CtrIsr, card, NULL,
                                irq->u.Interrupt.Vector,
                                (KIRQL)irq->u.Interrupt.Level,
                                (KIRQL)irq->u.Interrupt.Level,
                                (irq->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ? Latched : LevelSensitive,
                                irq->ShareDisposition == CmResourceShareShared,
                                irq->u.Interrupt.Affinity,
                                FALSE);
    if (!NT_SUCCESS(status)) {
        return status;          // CtrStopCard unmaps the BAR
    }

    WRITE_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_GATE), card->GateMs);
    WRITE_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_CONTROL),
                         CTR_CTRL_RUN | CTR_CTRL_OVF_IE |
                         (g_Ctr.Stats->PpsSources ? CTR_CTRL_EXT_LATCH : 0));
    return STATUS_SUCCESS;
}

static VOID
CtrStopCard(PCARD_EXT card)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Ctr.Lock, &irql);
    if (card->Started) {
        WRITE_REGISTER_ULONG((PULONG)(card->Regs + CTR_REG_CONTROL), 0);
        card->Started = FALSE;
    }
    KeReleaseSpinLock(&g_Ctr.Lock, irql);

    if (card->Interrupt != NULL) {
        IoDisconnectInterrupt(card->Interrupt);
        card->Interrupt = NULL;
    }
    if (card->Regs != NULL) {
        MmUnmapIoSpace(card->Regs, card->RegsLength);
        card->Regs = NULL;
    }
}

NTSTATUS
CtrDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCARD_EXT card = (PCARD_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KIRQL irql;

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(card->Lower, Irp) ? Irp->IoStatus.Status
                                                             : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            status = CtrStartCard(card, sp->Parameters.StartDevice.AllocatedResourcesTranslated);
            if (NT_SUCCESS(status)) {
                KeAcquireSpinLock(&g_Ctr.Lock, &irql);
                card->Started = TRUE;
                KeReleaseSpinLock(&g_Ctr.Lock, irql);
            } else {
                CtrStopCard(card);
            }
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        CtrStopCard(card);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        CtrStopCard(card);
        KeAcquireSpinLock(&g_Ctr.Lock, &irql);
        RemoveEntryList(&card->Link);
        KeReleaseSpinLock(&g_Ctr.Lock, irql);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(card->Lower, Irp);
        IoDetachDevice(card->Lower);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(card->Lower, Irp);
}

// only card FDOs get PnP/power/WMI IRPs, the control device is not PnP
NTSTATUS
CtrDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCARD_EXT card = (PCARD_EXT)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(card->Lower, Irp);
}

NTSTATUS
CtrDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCARD_EXT card = (PCARD_EXT)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(card->Lower, Irp);
}
