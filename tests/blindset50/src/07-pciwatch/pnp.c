/*
 * pnp.c - AddDevice, PnP/power for the card FDOs, ISR
 */
#include "pciwdt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WdtAddDevice)
#endif

NTSTATUS
WdtAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
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
    card->Common.Kind = EXT_CARD;
    card->Self = fdo;

    card->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (card->Lower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    ExInterlockedInsertTailList(&g_Wdt.Cards, &card->Link, &g_Wdt.CardLock);
    InterlockedIncrement((volatile LONG*)&g_Wdt.Stats->Cards);

    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    KD(("card fdo %p\n", fdo));
    return STATUS_SUCCESS;
}

BOOLEAN
WdtIsr(PKINTERRUPT Interrupt, PVOID Context)
{
    PCARD_EXT card = (PCARD_EXT)Context;
    UCHAR st;

    UNREFERENCED_PARAMETER(Interrupt);

    st = READ_PORT_UCHAR(card->Port + WDT_REG_STATUS);
    if ((st & WDT_STATUS_PRETIMEOUT) == 0) {
        return FALSE;
    }
    WRITE_PORT_UCHAR(card->Port + WDT_REG_STATUS, st);     // W1C
    if (g_Wdt.Stats) g_Wdt.Stats->PreTimeouts++;
    return TRUE;
}

static NTSTATUS
WdtStartCard(PCARD_EXT card, PCM_RESOURCE_LIST translated)
{
    PCM_PARTIAL_RESOURCE_LIST list;
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d, irq = NULL;
    ULONG i;

    if (translated == NULL || translated->Count == 0) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    list = &translated->List[0].PartialResourceList;
    for (i = 0; i < list->Count; i++) {
        d = &list->PartialDescriptors[i];
        if (d->Type == CmResourceTypePort && card->Port == NULL) {
            card->Port = (PUCHAR)(ULONG_PTR)d->u.Port.Start.QuadPart;
        } else if (d->Type == CmResourceTypeInterrupt && irq == NULL) {
            irq = d;
        }
    }
    if (card->Port == NULL || irq == NULL) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    WRITE_PORT_UCHAR(card->Port + WDT_REG_CONTROL, 0);

    return IoConnectInterrupt(&card->Interrupt, WdtIsr, card, NULL,
                              irq->u.Interrupt.Vector,
                              (KIRQL)irq->u.Interrupt.Level,
                              (KIRQL)irq->u.Interrupt.Level,
                              (irq->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ? Latched : LevelSensitive,
                              irq->ShareDisposition == CmResourceShareShared,
                              irq->u.Interrupt.Affinity,
                              FALSE);
}

static VOID
WdtStopCard(PCARD_EXT card)
{
    if (card->Started) {
        WRITE_PORT_UCHAR(card->Port + WDT_REG_CONTROL, 0);
        card->Started = FALSE;
    }
    if (card->Interrupt) {
        IoDisconnectInterrupt(card->Interrupt);
        card->Interrupt = NULL;
    }
    card->Port = NULL;
}

NTSTATUS
WdtDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCARD_EXT card = (PCARD_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KIRQL irql;

    if (card->Common.Kind != EXT_CARD) {
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        if (!IoForwardIrpSynchronously(card->Lower, Irp)) {
            status = STATUS_UNSUCCESSFUL;
        } else {
            status = Irp->IoStatus.Status;
        }
        if (NT_SUCCESS(status)) {
            status = WdtStartCard(card, sp->Parameters.StartDevice.AllocatedResourcesTranslated);
            card->Started = NT_SUCCESS(status);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;

    case IRP_MN_STOP_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
        WdtStopCard(card);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        WdtStopCard(card);
        KeAcquireSpinLock(&g_Wdt.CardLock, &irql);
        RemoveEntryList(&card->Link);
        KeReleaseSpinLock(&g_Wdt.CardLock, irql);

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

NTSTATUS
WdtDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCARD_EXT card = (PCARD_EXT)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);
    if (card->Common.Kind != EXT_CARD) {
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(card->Lower, Irp);
}

NTSTATUS
WdtDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PCARD_EXT card = (PCARD_EXT)DeviceObject->DeviceExtension;
    NTSTATUS status;

    if (card->Common.Kind != EXT_CARD) {
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(card->Lower, Irp);
}
