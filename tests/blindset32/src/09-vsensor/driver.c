// driver.c - DriverEntry and driver-object cleanup for VSensor.

#include <initguid.h>
#include "vsensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VsEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    PVS_DRIVER_CONTEXT ctx;

    VS_TRACE("DriverEntry");

    //
    // The cleanup callback on the driver object is where we undo the
    // non-WDF registrations; everything else hangs off the WDFDRIVER.
    //
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VS_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = VsEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, VsEvtDeviceAdd);
    config.DriverPoolTag = VS_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        VS_ERROR("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    ctx = VsGetDriverContext(driver);
    ctx->InitFlags = 0;

    status = VsLoadConfiguration(driver, ctx);
    if (!NT_SUCCESS(status)) {
        VS_ERROR("VsLoadConfiguration failed 0x%08X", status);
        return status;
    }

    status = VsRegisterPowerStateCallback(ctx);
    if (!NT_SUCCESS(status)) {
        VS_ERROR("VsRegisterPowerStateCallback failed 0x%08X", status);
        return status;
    }

    status = VsCreateDriverObjects(driver, ctx);
    if (!NT_SUCCESS(status)) {
        VS_ERROR("VsCreateDriverObjects failed 0x%08X", status);
        //
        // Do not depend on the driver-object cleanup callback having run
        // by the time the image is unmapped; roll back explicitly.  The
        // helper is idempotent, so a later cleanup callback is harmless.
        //
        VsUnregisterPowerStateCallback(ctx);
        return status;
    }

    VS_TRACE("loaded: sample=%lu bytes, max devices=%lu", ctx->SampleSize, ctx->MaxDevices);
    return STATUS_SUCCESS;
}

VOID
VsEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PVS_DRIVER_CONTEXT ctx;

    PAGED_CODE();

    ctx = VsGetDriverContext((WDFDRIVER)DriverObject);
    VsUnregisterPowerStateCallback(ctx);

    NT_ASSERT(ctx->InitFlags == 0);
    VS_TRACE("driver context cleanup done");
}
