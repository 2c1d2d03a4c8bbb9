/*
 * driver.c -- urstub.sys entry points.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "urstub.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, StubEvtDriverContextCleanup)
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
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    PSTUB_DRIVER_CONTEXT ctx;

    status = UrLogInit(DriverObject, RegistryPath, "urstub");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, StubEvtDeviceAdd);
    config.DriverPoolTag = UR_STUB_POOL_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, STUB_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = StubEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        UR_ERR("WdfDriverCreate failed 0x%08X", status);
        UrLogFini();
        return status;
    }

    ctx = StubGetDriverContext(driver);
    UrSettingsDefaults(&ctx->Settings);

    status = UrSettingsLoad(RegistryPath, &ctx->Settings);
    if (!NT_SUCCESS(status)) {
        UR_WARN("no Parameters key (0x%08X), using defaults", status);
        status = STATUS_SUCCESS;
    }

    UR_INFO("loaded: export-by-default=%u max-pending=%u",
            ctx->Settings.ExportByDefault, ctx->Settings.MaxPendingUrbs);
    return status;
}

_Use_decl_annotations_
VOID
StubEvtDriverContextCleanup(
    WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    UR_INFO("unloading");
    UrLogFini();
}
