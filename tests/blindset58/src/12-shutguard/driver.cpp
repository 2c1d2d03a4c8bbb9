// driver.cpp -- shutguard entry points
#include "shutguard.h"

using sg::Guard;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SgUnload;

static VOID SgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    SGLOG("unload");
    Guard::Teardown();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    SGLOG("DriverEntry %wZ", RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = Guard::CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = Guard::CreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Guard::DeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = Guard::Shutdown;

    NTSTATUS status = Guard::Init(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        Guard::Teardown();
        return status;
    }

    DriverObject->DriverUnload = SgUnload;
    return STATUS_SUCCESS;
}
