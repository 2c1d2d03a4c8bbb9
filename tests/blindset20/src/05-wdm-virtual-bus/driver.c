/*++

Copyright (c) Litware Devices.  All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry, Unload, driver-wide state and the small dispatch
    routines shared by FDOs and PDOs.

Environment:

    Kernel mode only.

--*/

#include "vbus.h"

#if DBG
ULONG VBusDebugLevel = VBUS_INFO;
#else
ULONG VBusDebugLevel = VBUS_ERROR;
#endif

static
NTSTATUS
VBusCaptureRegistryPath(
    _Out_ PUNICODE_STRING Destination,
    _In_ PCUNICODE_STRING RegistryPath
    );

static
VOID
VBusReadParameters(
    _Inout_ PVBUS_DRIVER_EXTENSION DriverExtension
    );

static
NTSTATUS
VBusInitializeSerialPool(
    _Inout_ PVBUS_DRIVER_EXTENSION DriverExtension
    );

static
VOID
VBusFreeDriverExtension(
    _Inout_ PVBUS_DRIVER_EXTENSION DriverExtension
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VBusCaptureRegistryPath)
#pragma alloc_text(INIT, VBusReadParameters)
#pragma alloc_text(INIT, VBusInitializeSerialPool)
#pragma alloc_text(PAGE, VBusFreeDriverExtension)
#pragma alloc_text(PAGE, VBusUnload)
#pragma alloc_text(PAGE, VBusDispatchCreateClose)
#pragma alloc_text(PAGE, VBusDispatchSystemControl)
#pragma alloc_text(PAGE, VBusAllocateSerial)
#pragma alloc_text(PAGE, VBusFreeSerial)
#endif


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Allocates the driver object extension (released by the I/O manager
    together with the driver object), captures the service key path,
    reads parameters, sets up the serial-number pool and publishes the
    entry points.

--*/
{
    NTSTATUS status;
    PVBUS_DRIVER_EXTENSION driverExtension = NULL;
    ULONG i;

    VBUS_KDPRINT(VBUS_INFO, ("DriverEntry %wZ\n", RegistryPath));

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             VBUS_DRIVER_EXTENSION_KEY,
                                             sizeof(VBUS_DRIVER_EXTENSION),
                                             (PVOID *)&driverExtension);
    if (!NT_SUCCESS(status)) {
        VBUS_KDPRINT(VBUS_ERROR, ("IoAllocateDriverObjectExtension 0x%x\n", status));
        return status;
    }

    RtlZeroMemory(driverExtension, sizeof(*driverExtension));
    driverExtension->MaxChildren = VBUS_DEFAULT_MAX_CHILDREN;
    ExInitializeFastMutex(&driverExtension->SerialLock);

    status = VBusCaptureRegistryPath(&driverExtension->RegistryPath, RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    VBusReadParameters(driverExtension);

    status = VBusInitializeSerialPool(driverExtension);
    if (!NT_SUCCESS(status)) {
        VBusFreeDriverExtension(driverExtension);
        return status;
    }

    //
    // Default every major function to "not supported", then plug in the
    // ones this driver handles.
    //
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VBusDispatchUnsupported;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]          = VBusDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]           = VBusDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]         = VBusDispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL]  = VBusDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]             = VBusDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]           = VBusDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL]  = VBusDispatchSystemControl;

    DriverObject->DriverExtension->AddDevice = VBusAddDevice;
    DriverObject->DriverUnload = VBusUnload;

    return STATUS_SUCCESS;
}


static
NTSTATUS
VBusCaptureRegistryPath(
    _Out_ PUNICODE_STRING Destination,
    _In_ PCUNICODE_STRING RegistryPath
    )
{
    PAGED_CODE();

    Destination->Length = 0;
    Destination->MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    Destination->Buffer = (PWCH)ExAllocatePool2(POOL_FLAG_PAGED,
                                                Destination->MaximumLength,
                                                VBUS_TAG_STRING);
    if (Destination->Buffer == NULL) {
        Destination->MaximumLength = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyUnicodeString(Destination, RegistryPath);
    return STATUS_SUCCESS;
}


static
VOID
VBusReadParameters(
    _Inout_ PVBUS_DRIVER_EXTENSION DriverExtension
    )
{
    RTL_QUERY_REGISTRY_TABLE query[2];
    ULONG maxChildren = VBUS_DEFAULT_MAX_CHILDREN;
    NTSTATUS status;

    PAGED_CODE();

    status = RtlStringCchPrintfW(DriverExtension->ParametersPath,
                                 RTL_NUMBER_OF(DriverExtension->ParametersPath),
                                 L"%wZ\\Parameters",
                                 &DriverExtension->RegistryPath);
    if (!NT_SUCCESS(status)) {
        return;
    }

    RtlZeroMemory(query, sizeof(query));
    query[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    query[0].Name = L"MaxChildren";
    query[0].EntryContext = &maxChildren;
    query[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    DriverExtension->ParametersPath,
                                    query,
                                    NULL,
                                    NULL);

    if (NT_SUCCESS(status) && maxChildren != 0 && maxChildren <= VBUS_MAX_SERIALS) {
        DriverExtension->MaxChildren = maxChildren;
    }

    VBUS_KDPRINT(VBUS_INFO, ("MaxChildren %lu\n", DriverExtension->MaxChildren));
}


static
NTSTATUS
VBusInitializeSerialPool(
    _Inout_ PVBUS_DRIVER_EXTENSION DriverExtension
    )
{
    ULONG bytes = (VBUS_MAX_SERIALS + 31) / 32 * sizeof(ULONG);

    PAGED_CODE();

    DriverExtension->SerialBitmapBuffer = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                                  bytes,
                                                                  VBUS_TAG_BITMAP);
    if (DriverExtension->SerialBitmapBuffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlInitializeBitMap(&DriverExtension->SerialBitmap,
                        DriverExtension->SerialBitmapBuffer,
                        VBUS_MAX_SERIALS);
    RtlClearAllBits(&DriverExtension->SerialBitmap);

    //
    // Serial 0 is reserved ("no device").
    //
    RtlSetBit(&DriverExtension->SerialBitmap, 0);

    return STATUS_SUCCESS;
}


static
VOID
VBusFreeDriverExtension(
    _Inout_ PVBUS_DRIVER_EXTENSION DriverExtension
    )
/*++

Routine Description:

    Frees the allocations hanging off the driver object extension.  The
    extension itself belongs to the I/O manager.

--*/
{
    PAGED_CODE();

    if (DriverExtension->SerialBitmapBuffer != NULL) {
        ExFreePoolWithTag(DriverExtension->SerialBitmapBuffer, VBUS_TAG_BITMAP);
        DriverExtension->SerialBitmapBuffer = NULL;
    }

    if (DriverExtension->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(DriverExtension->RegistryPath.Buffer, VBUS_TAG_STRING);
        RtlZeroMemory(&DriverExtension->RegistryPath, sizeof(UNICODE_STRING));
    }
}


PVBUS_DRIVER_EXTENSION
VBusGetDriverExtension(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    return (PVBUS_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject,
                                                              VBUS_DRIVER_EXTENSION_KEY);
}


_Use_decl_annotations_
VOID
VBusUnload(
    PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    Every FDO and PDO is gone by the time a PnP driver is unloaded, so
    only the driver-wide allocations remain.

--*/
{
    PVBUS_DRIVER_EXTENSION driverExtension;

    PAGED_CODE();

    NT_ASSERT(DriverObject->DeviceObject == NULL);

    driverExtension = VBusGetDriverExtension(DriverObject);
    if (driverExtension != NULL) {
        VBusFreeDriverExtension(driverExtension);
    }

    VBUS_KDPRINT(VBUS_INFO, ("unloaded\n"));
}


_Use_decl_annotations_
NTSTATUS
VBusAllocateSerial(
    PDRIVER_OBJECT DriverObject,
    PULONG SerialNo
    )
{
    PVBUS_DRIVER_EXTENSION driverExtension = VBusGetDriverExtension(DriverObject);
    ULONG index;

    PAGED_CODE();

    ExAcquireFastMutex(&driverExtension->SerialLock);
    index = RtlFindClearBitsAndSet(&driverExtension->SerialBitmap, 1, 1);
    ExReleaseFastMutex(&driverExtension->SerialLock);

    if (index == 0xFFFFFFFF) {
        *SerialNo = 0;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    *SerialNo = index;
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
VBusFreeSerial(
    PDRIVER_OBJECT DriverObject,
    ULONG SerialNo
    )
{
    PVBUS_DRIVER_EXTENSION driverExtension = VBusGetDriverExtension(DriverObject);

    PAGED_CODE();

    if (SerialNo == 0 || SerialNo >= VBUS_MAX_SERIALS) {
        return;
    }

    ExAcquireFastMutex(&driverExtension->SerialLock);
    RtlClearBit(&driverExtension->SerialBitmap, SerialNo);
    ExReleaseFastMutex(&driverExtension->SerialLock);
}


_Use_decl_annotations_
NTSTATUS
VBusDispatchUnsupported(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return STATUS_INVALID_DEVICE_REQUEST;
}


_Use_decl_annotations_
NTSTATUS
VBusDispatchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PVBUS_COMMON_EXTENSION common = (PVBUS_COMMON_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = STATUS_SUCCESS;

    PAGED_CODE();

    //
    // Only the bus FDO is opened (by the simulator).  PDOs without a
    // function driver are raw; opening them is not supported.
    //
    if (!common->IsFdo) {
        status = STATUS_INVALID_DEVICE_REQUEST;
    } else if (common->DevicePnPState == VBusDeleted) {
        status = STATUS_NO_SUCH_DEVICE;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);

    return status;
}


_Use_decl_annotations_
NTSTATUS
VBusDispatchSystemControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
/*++

Routine Description:

    No WMI support: FDOs pass the request down, PDOs complete it
    untouched.

--*/
{
    PVBUS_COMMON_EXTENSION common = (PVBUS_COMMON_EXTENSION)DeviceObject->DeviceExtension;
    PVBUS_FDO_EXTENSION fdoData;
    NTSTATUS status;

    PAGED_CODE();

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

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(fdoData->NextLowerDriver, Irp);

    IoReleaseRemoveLock(&fdoData->RemoveLock, Irp);
    return status;
}
