/*
 * driver.c -- urvhci.sys entry points.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "urvhci.h"

UR_SETTINGS g_VhciSettings;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VhciEvtDriverUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;

    status = UrLogInit(DriverObject, RegistryPath, "urvhci");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    UrSettingsDefaults(&g_VhciSettings);

    WDF_DRIVER_CONFIG_INIT(&config, VhciEvtDeviceAdd);
    config.EvtDriverUnload = VhciEvtDriverUnload;
    config.DriverPoolTag = UR_VHCI_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        UR_ERR("WdfDriverCreate failed 0x%08X", status);
        UrLogFini();
    }

    status = UrSettingsLoad(RegistryPath, &g_VhciSettings);
    if (!NT_SUCCESS(status)) {
        UR_WARN("no Parameters key (0x%08X), using defaults", status);
        status = STATUS_SUCCESS;
    }

    UR_INFO("loaded: %u ports, superspeed=%u",
            g_VhciSettings.PortCount, g_VhciSettings.SuperSpeed);
    return status;
}

_Use_decl_annotations_
VOID
VhciEvtDriverUnload(
    WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    UR_INFO("unloading");
    UrLogFini();
}
