//
// driver.c - iotrace DriverEntry / Unload
//
#include "iotrace.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD IotUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IotUnload)
#endif

VOID
IotUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();

    // every filter device object is deleted on IRP_MN_REMOVE_DEVICE,
    // so there is nothing driver-wide left to release here
    NT_ASSERT(DriverObject->DeviceObject == NULL);
    UNREFERENCED_PARAMETER(DriverObject);
    IOT_TRACE("unloaded");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = IotPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = IotDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = IotDispatchPower;

    DriverObject->DriverExtension->AddDevice = IotAddDevice;
    DriverObject->DriverUnload = IotUnload;

    IOT_TRACE("loaded");
    return STATUS_SUCCESS;
}
