/*++

Module Name:

    pnp.c

Abstract:

    IRP_MJ_PNP handling for the GB-32 GPIO card.

--*/

#include "gpiobrd.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, GpioDispatchPnp)
#endif

static
NTSTATUS
GpioMapRegisters(PFDO_DATA FdoData, PCM_RESOURCE_LIST Translated)
{
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG i;

    if (Translated == NULL || Translated->Count == 0) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    desc = Translated->List[0].PartialResourceList.PartialDescriptors;

    for (i = 0; i < Translated->List[0].PartialResourceList.Count; i++, desc++) {
        if (desc->Type == CmResourceTypeMemory && desc->u.Memory.Length >= GPIO_REG_WINDOW) {
            FdoData->Registers = (PUCHAR)MmMapIoSpaceEx(desc->u.Memory.Start, GPIO_REG_WINDOW,
                                                        PAGE_READWRITE | PAGE_NOCACHE);
            FdoData->RegistersLength = GPIO_REG_WINDOW;
            return (FdoData->Registers != NULL) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
        }
    }
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

static
VOID
GpioUnmapRegisters(PFDO_DATA FdoData)
{
    if (FdoData->Registers != NULL) {
        MmUnmapIoSpace(FdoData->Registers, FdoData->RegistersLength);
        FdoData->Registers = NULL;
    }
}

_Use_decl_annotations_
NTSTATUS
GpioDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PFDO_DATA           fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {

    case IRP_MN_START_DEVICE:

        // the lower drivers need to start first
        status = IoForwardIrpSynchronously(fdoData->NextLowerDriver, Irp) ?
                 Irp->IoStatus.Status : STATUS_UNSUCCESSFUL;

        if (NT_SUCCESS(status)) {
            status = GpioMapRegisters(fdoData,
                                      stack->Parameters.StartDevice.AllocatedResourcesTranslated);
        }
        if (NT_SUCCESS(status)) {
            SET_NEW_PNP_STATE(fdoData, Started);
            IoSetDeviceInterfaceState(&fdoData->InterfaceName, TRUE);
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
        SET_NEW_PNP_STATE(fdoData, (stack->MinorFunction == IRP_MN_QUERY_STOP_DEVICE) ?
                                   StopPending : RemovePending);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        if (fdoData->DevicePnPState == StopPending ||
            fdoData->DevicePnPState == RemovePending) {
            RESTORE_PREVIOUS_PNP_STATE(fdoData);
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
        GpioUnmapRegisters(fdoData);
        SET_NEW_PNP_STATE(fdoData, Stopped);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        SET_NEW_PNP_STATE(fdoData, SurpriseRemovePending);
        IoSetDeviceInterfaceState(&fdoData->InterfaceName, FALSE);
        GpioUnmapRegisters(fdoData);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:

        if (fdoData->DevicePnPState != SurpriseRemovePending) {
            IoSetDeviceInterfaceState(&fdoData->InterfaceName, FALSE);
            GpioUnmapRegisters(fdoData);
        }
        SET_NEW_PNP_STATE(fdoData, Deleted);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(fdoData->NextLowerDriver, Irp);

        IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);

        RtlFreeUnicodeString(&fdoData->InterfaceName);
        IoDetachDevice(fdoData->NextLowerDriver);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(fdoData->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;
}
