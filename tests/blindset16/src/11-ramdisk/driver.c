/*++

Copyright (c) RamDisk contributors. Licensed under the Ms-PL.

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-object cleanup.

--*/

#include "ramdisk.h"

RD_GLOBALS g_RdGlobals;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, RdEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Reads the Parameters key, creates the WDFDRIVER, and, when configured,
    the management control device. The disk itself is created in
    RdEvtDeviceAdd when PnP starts the root-enumerated devnode.

--*/
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;

    RD_TRACE("DriverEntry (built %s %s)", __DATE__, __TIME__);

    RtlZeroMemory(&g_RdGlobals, sizeof(g_RdGlobals));

    status = RdReadParameters(RegistryPath, &g_RdGlobals.Params);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("RdReadParameters failed 0x%08X", status);
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, RdEvtDeviceAdd);
    config.DriverPoolTag = RD_TAG_GENERAL;

    //
    // Parameters live as long as the WDFDRIVER: the cleanup callback frees
    // them when the framework deletes the driver object.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = RdEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        RD_ERROR("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    if (g_RdGlobals.Params.ManagementDevice) {
        status = RdControlDeviceCreate(driver, &g_RdGlobals);
        if (!NT_SUCCESS(status)) {
            RD_ERROR("RdControlDeviceCreate failed 0x%08X", status);
            return status;
        }
    }

    RD_TRACE("size %lu, drive %wc:, image '%wZ'",
             g_RdGlobals.Params.DiskSize,
             g_RdGlobals.Params.DriveLetter,
             &g_RdGlobals.Params.ImageFile);

    return STATUS_SUCCESS;
}

VOID
RdEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    RD_TRACE("driver cleanup");

    RdFreeParameters(&g_RdGlobals.Params);
}
