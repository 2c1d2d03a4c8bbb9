#include "ramdisk.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RdEvtDriverUnload)
#endif

static SIZE_T RdQueryDiskSize(PUNICODE_STRING RegistryPath)
{
    // fixed size for now, the Parameters key is not read yet
    UNREFERENCED_PARAMETER(RegistryPath);
    return RD_DEFAULT_SIZE;
}

VOID RdEvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    // the framework tears down the control device for non-pnp drivers
    RD_PRINT("driver unload");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    RD_PRINT("DriverEntry (KMDF %u.%u)", KMDF_VERSION_MAJOR, KMDF_VERSION_MINOR);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = RdEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        RD_PRINT("WdfDriverCreate failed 0x%x", status);
        return status;
    }

    status = RdCreateControlDevice(driver, RdQueryDiskSize(RegistryPath));
    if (!NT_SUCCESS(status)) {
        RD_PRINT("RdCreateControlDevice failed 0x%x", status);
        return status;
    }

    RD_PRINT("loaded");
    return STATUS_SUCCESS;
}
