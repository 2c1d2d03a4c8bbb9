//
// adcpnp.c - Plug and Play handling for the AD-8: start maps the BAR and
// connects the interrupt, stop/surprise/remove undo that in reverse.
//

#include "adcwdm.h"

static KSERVICE_ROUTINE AdcIsr;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, AdcDispatchPnp)
#endif

_Use_decl_annotations_
static BOOLEAN
AdcIsr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
    PADC_EXTENSION ext = (PADC_EXTENSION)ServiceContext;
    ULONG          status;

    UNREFERENCED_PARAMETER(Interrupt);

    status = READ_REGISTER_ULONG((PULONG)(ext->Registers + ADC_REG_STATUS));
    if (!(status & ADC_STATUS_IRQ)) {
        return FALSE;
    }

    InterlockedExchange(&ext->LastSample,
                        (LONG)READ_REGISTER_ULONG((PULONG)(ext->Registers + ADC_REG_SAMPLE)));
    WRITE_REGISTER_ULONG((PULONG)(ext->Registers + ADC_REG_STATUS), ADC_STATUS_IRQ);
    InterlockedIncrement(&ext->InterruptCount);
    return TRUE;
}

static VOID
AdcReleaseHardware(PADC_EXTENSION Ext)
{
    IO_DISCONNECT_INTERRUPT_PARAMETERS disconnect;

    if (Ext->Interrupt != NULL) {
        WRITE_REGISTER_ULONG((PULONG)(Ext->Registers + ADC_REG_CONTROL), 0);

        RtlZeroMemory(&disconnect, sizeof(disconnect));
        disconnect.Version = CONNECT_FULLY_SPECIFIED;
        disconnect.ConnectionContext.InterruptObject = Ext->Interrupt;
        IoDisconnectInterruptEx(&disconnect);
        Ext->Interrupt = NULL;
    }

    if (Ext->Registers != NULL) {
        MmUnmapIoSpace(Ext->Registers, ADC_REG_WINDOW);
        Ext->Registers = NULL;
    }
}

static NTSTATUS
AdcStartHardware(PADC_EXTENSION Ext, PCM_RESOURCE_LIST Translated)
{
    PCM_PARTIAL_RESOURCE_DESCRIPTOR     desc, irq = NULL;
    IO_CONNECT_INTERRUPT_PARAMETERS     connect;
    ULONG                               i;
    NTSTATUS                            status;

    if (Translated == NULL || Translated->Count == 0) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    desc = Translated->List[0].PartialResourceList.PartialDescriptors;
    for (i = 0; i < Translated->List[0].PartialResourceList.Count; i++, desc++) {
        switch (desc->Type) {
        case CmResourceTypeMemory:
            if (Ext->Registers == NULL && desc->u.Memory.Length >= ADC_REG_WINDOW) {
                Ext->Registers = (PUCHAR)MmMapIoSpaceEx(desc->u.Memory.Start, ADC_REG_WINDOW,
                                                        PAGE_READWRITE | PAGE_NOCACHE);
            }
            break;
        case CmResourceTypeInterrupt:
            irq = desc;
            break;
        default:
            break;
        }
    }

    if (Ext->Registers == NULL || irq == NULL) {
        AdcReleaseHardware(Ext);
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    RtlZeroMemory(&connect, sizeof(connect));
    connect.Version                            = CONNECT_FULLY_SPECIFIED;
    connect.FullySpecified.PhysicalDeviceObject = Ext->Pdo;
    connect.FullySpecified.InterruptObject     = &Ext->Interrupt;
    connect.FullySpecified.ServiceRoutine      = AdcIsr;
    connect.FullySpecified.ServiceContext      = Ext;
    connect.FullySpecified.SynchronizeIrql     = (KIRQL)irq->u.Interrupt.Level;
    connect.FullySpecified.Irql                = (KIRQL)irq->u.Interrupt.Level;
    connect.FullySpecified.Vector              = irq->u.Interrupt.Vector;
    connect.FullySpecified.ProcessorEnableMask = irq->u.Interrupt.Affinity;
    connect.FullySpecified.ShareVector         = (irq->ShareDisposition == CmResourceShareShared);
    connect.FullySpecified.InterruptMode       = (irq->Flags & CM_RESOURCE_INTERRUPT_LATCHED) ?
                                                 Latched : LevelSensitive;

    status = IoConnectInterruptEx(&connect);
    if (!NT_SUCCESS(status)) {
        Ext->Interrupt = NULL;
        AdcReleaseHardware(Ext);
        return status;
    }

    WRITE_REGISTER_ULONG((PULONG)(Ext->Registers + ADC_REG_CONTROL), ADC_CTRL_RUN_IRQ);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
AdcDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PADC_EXTENSION      ext = (PADC_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {

    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(ext->LowerDevice, Irp) ?
                 Irp->IoStatus.Status : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            status = AdcStartHardware(ext, stack->Parameters.StartDevice.AllocatedResourcesTranslated);
        }
        if (NT_SUCCESS(status)) {
            ext->PnpState = AdcStarted;
            status = IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
            if (!NT_SUCCESS(status)) {
                ext->PnpState = AdcStopped;
                AdcReleaseHardware(ext);
            }
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_STOP_DEVICE:
        ext->PnpState = AdcStopped;
        AdcReleaseHardware(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        // nothing queued in the driver, always ok
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->PnpState = AdcSurpriseRemoved;
        IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        AdcReleaseHardware(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (ext->PnpState != AdcSurpriseRemoved) {
            IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
            AdcReleaseHardware(ext);
        }
        ext->PnpState = AdcDeleted;

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        // wait for every other holder of the lock before the device goes
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoDetachDevice(ext->LowerDevice);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
