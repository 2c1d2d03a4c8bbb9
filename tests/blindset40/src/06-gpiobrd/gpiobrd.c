/*++

Module Name:

    gpiobrd.c

Abstract:

    DriverEntry, AddDevice and the non-PnP dispatch routines for the
    GB-32 GPIO card.

--*/

#include "gpiobrd.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, GpioAddDevice)
#pragma alloc_text(PAGE, GpioUnload)
#pragma alloc_text(PAGE, GpioCreateClose)
#pragma alloc_text(PAGE, GpioSystemControl)
#endif

//
// Installable driver initialization entry point.  Sets up the dispatch
// table and the AddDevice routine; devices come later through PnP.
//
_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    GpioDbg(("DriverEntry %wZ\n", RegistryPath));

    DriverObject->MajorFunction[IRP_MJ_CREATE]          = GpioCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]           = GpioCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL]  = GpioDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]             = GpioDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]           = GpioDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL]  = GpioSystemControl;

    DriverObject->DriverExtension->AddDevice = GpioAddDevice;
    DriverObject->DriverUnload = GpioUnload;

    return STATUS_SUCCESS;
}

//
// The Plug & Play subsystem is handing us a brand new PDO, for which we
// (by means of INF registration) have been asked to provide a driver.
//
_Use_decl_annotations_
NTSTATUS
GpioAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS            status = STATUS_SUCCESS;
    PDEVICE_OBJECT      deviceObject = NULL;
    PFDO_DATA           fdoData;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(FDO_DATA), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);

    if (!NT_SUCCESS(status)) {
        GpioDbg(("IoCreateDevice failed %x\n", status));
        return status;
    }

    fdoData = (PFDO_DATA)deviceObject->DeviceExtension;
    RtlZeroMemory(fdoData, sizeof(FDO_DATA));

    fdoData->Self = deviceObject;
    fdoData->UnderlyingPDO = PhysicalDeviceObject;

    INITIALIZE_PNP_STATE(fdoData);
    KeInitializeSpinLock(&fdoData->RegisterLock);
    IoInitializeRemoveLock(&fdoData->RemoveLock, GPIO_TAG, 1, 100);

    // attach our driver to the device stack
    fdoData->NextLowerDriver = IoAttachDeviceToDeviceStack(deviceObject, PhysicalDeviceObject);
    if (fdoData->NextLowerDriver == NULL) {
        IoDeleteDevice(deviceObject);
        return STATUS_NO_SUCH_DEVICE;
    }

    //
    // Tell the Plug & Play system that this device will need an
    // interface device class shingle.  It is enabled at START_DEVICE.
    //

    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_GPIOBRD,
                                       NULL, &fdoData->InterfaceName);
    if (!NT_SUCCESS(status)) {
        GpioDbg(("IoRegisterDeviceInterface failed %x\n", status));
        IoDetachDevice(fdoData->NextLowerDriver);
        IoDeleteDevice(deviceObject);
        return status;
    }

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags |= DO_POWER_PAGABLE;

    GpioDbg(("AddDevice: fdo %p on pdo %p\n", deviceObject, PhysicalDeviceObject));

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
GpioUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();

    // all device objects are gone by the time we get here
    ASSERT(DriverObject->DeviceObject == NULL);

    GpioDbg(("Unload\n"));
}

_Use_decl_annotations_
NTSTATUS
GpioCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
    NTSTATUS  status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
    if (NT_SUCCESS(status)) {
        if (fdoData->DevicePnPState != Started) {
            status = STATUS_DEVICE_NOT_READY;
        }
        IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
NTSTATUS
GpioDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_DATA           fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    PULONG              buffer = (PULONG)Irp->AssociatedIrp.SystemBuffer;
    ULONG               inLen  = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG               outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR           info = 0;
    KIRQL               oldIrql;
    NTSTATUS            status;

    status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (fdoData->DevicePnPState != Started || fdoData->Registers == NULL) {
        status = STATUS_DEVICE_NOT_READY;
        goto Done;
    }

    KeAcquireSpinLock(&fdoData->RegisterLock, &oldIrql);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_GPIO_READ:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *buffer = READ_REGISTER_ULONG((PULONG)(fdoData->Registers + GPIO_REG_INPUT));
        info = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_GPIO_WRITE:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        WRITE_REGISTER_ULONG((PULONG)(fdoData->Registers + GPIO_REG_OUTPUT), *buffer);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    KeReleaseSpinLock(&fdoData->RegisterLock, oldIrql);

Done:
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
NTSTATUS
GpioDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
    NTSTATUS  status;

    status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    // we are not the power policy owner; pass everything down
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(fdoData->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
NTSTATUS
GpioSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFDO_DATA fdoData = (PFDO_DATA)DeviceObject->DeviceExtension;
    NTSTATUS  status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&fdoData->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(fdoData->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;
}
