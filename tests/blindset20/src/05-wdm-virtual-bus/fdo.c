/*++

Copyright (c) Litware Devices.  All rights reserved.

Module Name:

    fdo.c

Abstract:

    Bus FDO: AddDevice, PnP handling, child enumeration and the
    plug-in / unplug control interface.

Environment:

    Kernel mode only.

--*/

#include "vbus.h"

static
NTSTATUS
VBusSendIrpSynchronously(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    );

static
NTSTATUS
VBusQueryBusRelations(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _Inout_ PIRP Irp
    );

static
NTSTATUS
VBusUnplugSensor(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _In_ ULONG SerialNo
    );

IO_COMPLETION_ROUTINE VBusSyncCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VBusAddDevice)
#pragma alloc_text(PAGE, VBusDispatchPnp)
#pragma alloc_text(PAGE, VBusFdoPnp)
#pragma alloc_text(PAGE, VBusSendIrpSynchronously)
#pragma alloc_text(PAGE, VBusQueryBusRelations)
#pragma alloc_text(PAGE, VBusDispatchDeviceControl)
#pragma alloc_text(PAGE, VBusUnplugSensor)
#endif


_Use_decl_annotations_
NTSTATUS
VBusAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT deviceObject = NULL;
    PVBUS_FDO_EXTENSION fdoData;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(VBUS_FDO_EXTENSION),
                            NULL,
                            FILE_DEVICE_BUS_EXTENDER,
                            FILE_DEVICE_SECURE_OPEN,
                            TRUE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    fdoData = (PVBUS_FDO_EXTENSION)deviceObject->DeviceExtension;
    RtlZeroMemory(fdoData, sizeof(*fdoData));

    fdoData->Common.IsFdo = TRUE;
    fdoData->Common.Self = deviceObject;
    fdoData->Common.DevicePnPState = VBusNotStarted;
    fdoData->Common.PreviousPnPState = VBusNotStarted;
    fdoData->Common.SystemPowerState = PowerSystemWorking;
    fdoData->Common.DevicePowerState = PowerDeviceD3;
    fdoData->UnderlyingPdo = PhysicalDeviceObject;

    ExInitializeFastMutex(&fdoData->ChildLock);
    InitializeListHead(&fdoData->ChildList);
    IoInitializeRemoveLock(&fdoData->RemoveLock, VBUS_TAG, 0, 0);

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_VBUS,
                                       NULL,
                                       &fdoData->InterfaceName);
    if (!NT_SUCCESS(status)) {
        VBUS_KDPRINT(VBUS_ERROR, ("IoRegisterDeviceInterface 0x%x\n", status));
        IoDeleteDevice(deviceObject);
        return status;
    }

    fdoData->NextLowerDriver = IoAttachDeviceToDeviceStack(deviceObject, PhysicalDeviceObject);
    if (fdoData->NextLowerDriver == NULL) {
        RtlFreeUnicodeString(&fdoData->InterfaceName);
        IoDeleteDevice(deviceObject);
        return STATUS_NO_SUCH_DEVICE;
    }

    deviceObject->Flags |= DO_POWER_PAGABLE | DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    VBUS_KDPRINT(VBUS_INFO, ("FDO %p added on PDO %p\n", deviceObject, PhysicalDeviceObject));

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
VBusSyncCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }

    return STATUS_MORE_PROCESSING_REQUIRED;
}


static
NTSTATUS
VBusSendIrpSynchronously(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    KEVENT event;
    NTSTATUS status;

    PAGED_CODE();

    KeInitializeEvent(&event, NotificationEvent, FALSE);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VBusSyncCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(DeviceObject, Irp);

    if (status == STATUS_PENDING) {
        (VOID)KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }

    return status;
}


_Use_decl_annotations_
NTSTATUS
VBusDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PVBUS_COMMON_EXTENSION common = (PVBUS_COMMON_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();

    if (common->DevicePnPState == VBusDeleted) {
        status = STATUS_NO_SUCH_DEVICE;
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (common->IsFdo) {
        return VBusFdoPnp(DeviceObject, Irp, irpStack, (PVBUS_FDO_EXTENSION)common);
    }

    return VBusPdoPnp(DeviceObject, Irp, irpStack, (PVBUS_PDO_EXTENSION)common);
}


static
NTSTATUS
VBusQueryBusRelations(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _Inout_ PIRP Irp
    )
/*++

Routine Description:

    Reports every present child, merging with relations from filters
    above (if any).  Children no longer present are marked so their
    PDOs can be deleted on IRP_MN_REMOVE_DEVICE.

--*/
{
    PDEVICE_RELATIONS oldRelations = (PDEVICE_RELATIONS)Irp->IoStatus.Information;
    PDEVICE_RELATIONS relations;
    PLIST_ENTRY entry;
    PVBUS_PDO_EXTENSION pdoData;
    ULONG present = 0;
    ULONG previousCount = 0;
    ULONG length;

    PAGED_CODE();

    ExAcquireFastMutex(&FdoData->ChildLock);

    for (entry = FdoData->ChildList.Flink; entry != &FdoData->ChildList; entry = entry->Flink) {
        pdoData = CONTAINING_RECORD(entry, VBUS_PDO_EXTENSION, Link);
        if (pdoData->Present) {
            present++;
        }
    }

    if (oldRelations != NULL) {
        previousCount = oldRelations->Count;
    }

    length = sizeof(DEVICE_RELATIONS) + (previousCount + present) * sizeof(PDEVICE_OBJECT);

    relations = (PDEVICE_RELATIONS)ExAllocatePool2(POOL_FLAG_PAGED, length, VBUS_TAG_RELATIONS);
    if (relations == NULL) {
        ExReleaseFastMutex(&FdoData->ChildLock);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    if (previousCount != 0) {
        RtlCopyMemory(relations->Objects,
                      oldRelations->Objects,
                      previousCount * sizeof(PDEVICE_OBJECT));
    }

    relations->Count = previousCount;

    for (entry = FdoData->ChildList.Flink; entry != &FdoData->ChildList; entry = entry->Flink) {

        pdoData = CONTAINING_RECORD(entry, VBUS_PDO_EXTENSION, Link);

        if (pdoData->Present) {
            relations->Objects[relations->Count++] = pdoData->Common.Self;
            ObReferenceObject(pdoData->Common.Self);
        } else {
            pdoData->ReportedMissing = TRUE;
        }
    }

    ExReleaseFastMutex(&FdoData->ChildLock);

    if (oldRelations != NULL) {
        ExFreePool(oldRelations);
    }

    Irp->IoStatus.Information = (ULONG_PTR)relations;
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
NTSTATUS
VBusFdoPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PIO_STACK_LOCATION IrpStack,
    PVBUS_FDO_EXTENSION FdoData
    )
{
    NTSTATUS status;
    PLIST_ENTRY entry;
    PVBUS_PDO_EXTENSION pdoData;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&FdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (IrpStack->MinorFunction) {

    case IRP_MN_START_DEVICE:

        status = VBusSendIrpSynchronously(FdoData->NextLowerDriver, Irp);
        if (NT_SUCCESS(status)) {
            status = IoSetDeviceInterfaceState(&FdoData->InterfaceName, TRUE);
            if (NT_SUCCESS(status)) {
                FdoData->Common.DevicePowerState = PowerDeviceD0;
                VBusSetNewPnpState(&FdoData->Common, VBusStarted);
            }
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&FdoData->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
        VBusSetNewPnpState(&FdoData->Common, VBusStopPending);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
        if (FdoData->Common.DevicePnPState == VBusStopPending) {
            VBusRestorePnpState(&FdoData->Common);
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
        VBusSetNewPnpState(&FdoData->Common, VBusStopped);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_QUERY_REMOVE_DEVICE:
        VBusSetNewPnpState(&FdoData->Common, VBusRemovePending);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_REMOVE_DEVICE:
        if (FdoData->Common.DevicePnPState == VBusRemovePending) {
            VBusRestorePnpState(&FdoData->Common);
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        VBusSetNewPnpState(&FdoData->Common, VBusSurpriseRemovePending);
        (VOID)IoSetDeviceInterfaceState(&FdoData->InterfaceName, FALSE);

        ExAcquireFastMutex(&FdoData->ChildLock);
        for (entry = FdoData->ChildList.Flink; entry != &FdoData->ChildList; entry = entry->Flink) {
            pdoData = CONTAINING_RECORD(entry, VBUS_PDO_EXTENSION, Link);
            pdoData->Present = FALSE;
        }
        ExReleaseFastMutex(&FdoData->ChildLock);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:

        if (FdoData->Common.DevicePnPState != VBusSurpriseRemovePending) {
            (VOID)IoSetDeviceInterfaceState(&FdoData->InterfaceName, FALSE);
        }

        VBusSetNewPnpState(&FdoData->Common, VBusDeleted);

        IoReleaseRemoveLockAndWait(&FdoData->RemoveLock, Irp);

        //
        // The PnP manager normally removes children first; anything still
        // on the list was never reported (or was reported missing), so
        // delete it here.
        //
        ExAcquireFastMutex(&FdoData->ChildLock);
        while (!IsListEmpty(&FdoData->ChildList)) {
            entry = RemoveHeadList(&FdoData->ChildList);
            pdoData = CONTAINING_RECORD(entry, VBUS_PDO_EXTENSION, Link);
            FdoData->ChildCount--;
            ExReleaseFastMutex(&FdoData->ChildLock);

            VBusDestroyPdo(pdoData->Common.Self);

            ExAcquireFastMutex(&FdoData->ChildLock);
        }
        ExReleaseFastMutex(&FdoData->ChildLock);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(FdoData->NextLowerDriver, Irp);

        IoDetachDevice(FdoData->NextLowerDriver);
        RtlFreeUnicodeString(&FdoData->InterfaceName);
        IoDeleteDevice(DeviceObject);

        return status;

    case IRP_MN_QUERY_DEVICE_RELATIONS:

        if (IrpStack->Parameters.QueryDeviceRelations.Type != BusRelations) {
            break;
        }

        status = VBusQueryBusRelations(FdoData, Irp);
        if (!NT_SUCCESS(status)) {
            Irp->IoStatus.Status = status;
            IoCompleteRequest(Irp, IO_NO_INCREMENT);
            IoReleaseRemoveLock(&FdoData->RemoveLock, Irp);
            return status;
        }

        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(FdoData->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&FdoData->RemoveLock, Irp);

    return status;
}


static
NTSTATUS
VBusUnplugSensor(
    _In_ PVBUS_FDO_EXTENSION FdoData,
    _In_ ULONG SerialNo
    )
{
    PLIST_ENTRY entry;
    PVBUS_PDO_EXTENSION pdoData;
    NTSTATUS status = STATUS_NO_SUCH_DEVICE;

    PAGED_CODE();

    ExAcquireFastMutex(&FdoData->ChildLock);

    for (entry = FdoData->ChildList.Flink; entry != &FdoData->ChildList; entry = entry->Flink) {
        pdoData = CONTAINING_RECORD(entry, VBUS_PDO_EXTENSION, Link);
        if (pdoData->SerialNo == SerialNo && pdoData->Present) {
            pdoData->Present = FALSE;
            status = STATUS_SUCCESS;
            break;
        }
    }

    ExReleaseFastMutex(&FdoData->ChildLock);

    if (NT_SUCCESS(status)) {
        IoInvalidateDeviceRelations(FdoData->UnderlyingPdo, BusRelations);
    }

    return status;
}


_Use_decl_annotations_
NTSTATUS
VBusDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PVBUS_COMMON_EXTENSION common = (PVBUS_COMMON_EXTENSION)DeviceObject->DeviceExtension;
    PVBUS_FDO_EXTENSION fdoData;
    PIO_STACK_LOCATION irpStack = IoGetCurrentIrpStackLocation(Irp);
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLength = irpStack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLength = irpStack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG serialNo;
    NTSTATUS status;

    PAGED_CODE();

    Irp->IoStatus.Information = 0;

    if (!common->IsFdo) {
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    fdoData = (PVBUS_FDO_EXTENSION)common;

    status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (fdoData->Common.DevicePnPState != VBusStarted) {
        status = STATUS_DEVICE_NOT_READY;
        goto Complete;
    }

    switch (irpStack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_VBUS_PLUGIN_SENSOR:

        if (inLength < sizeof(VBUS_PLUGIN_REQUEST) ||
            ((PVBUS_PLUGIN_REQUEST)buffer)->Size != sizeof(VBUS_PLUGIN_REQUEST)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }

        status = VBusCreatePdo(fdoData, (PVBUS_PLUGIN_REQUEST)buffer, &serialNo);
        if (NT_SUCCESS(status)) {
            if (outLength >= sizeof(ULONG)) {
                *(PULONG)buffer = serialNo;
                Irp->IoStatus.Information = sizeof(ULONG);
            }
            IoInvalidateDeviceRelations(fdoData->UnderlyingPdo, BusRelations);
        }
        break;

    case IOCTL_VBUS_UNPLUG_SENSOR:

        if (inLength < sizeof(VBUS_UNPLUG_REQUEST) ||
            ((PVBUS_UNPLUG_REQUEST)buffer)->Size != sizeof(VBUS_UNPLUG_REQUEST)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }

        status = VBusUnplugSensor(fdoData, ((PVBUS_UNPLUG_REQUEST)buffer)->SerialNo);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

Complete:

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);

    return status;
}
