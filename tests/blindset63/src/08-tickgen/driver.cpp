//
// driver.cpp - tickgen DriverEntry / unload
//
#include "tickgen.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

using namespace TickGen;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    WDF_DRIVER_CONFIG   config;
    WDFDRIVER           driver;

    TG_LOG("DriverEntry");

    //
    // No hardware, no PnP: everything hangs off a control device.
    //
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = EvtDriverUnload;
    config.DriverPoolTag    = TICKGEN_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        TG_LOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = Ring::Allocate(TICKGEN_RING_ENTRIES);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PowerWatch::Register();
    if (!NT_SUCCESS(status)) {
        TG_LOG("PowerWatch::Register 0x%08X", status);
        goto fail_ring;
    }

    status = Control::Create(driver);
    if (!NT_SUCCESS(status)) {
        TG_LOG("Control::Create 0x%08X", status);
        goto fail_ring;
    }

    TG_LOG("ready, %u entries, %u ms period", TICKGEN_RING_ENTRIES, TICKGEN_PERIOD_MS);
    return STATUS_SUCCESS;

fail_ring:
    Ring::Free();
    return status;
}

VOID
TickGen::EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TG_LOG("unload");

    Control::Destroy();         // stops the timer, deletes \Device\TickGen
    Ring::Free();
    PowerWatch::Unregister();
}
