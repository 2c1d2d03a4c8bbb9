//
// hidbridge.sys - tiny non-PnP KMDF driver that shuttles 64 byte "HID-like"
// reports between a feeder process (macro pad daemon) and consumers.
// The consumer side parks IOCTL_HB_PULL_REPORT requests in a manual queue
// and we complete them as reports come in (inverted call).
//
#include "bridge.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver = nullptr;
    NTSTATUS status;

    HBLOG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = hb::Bridge::OnUnload;
    config.DriverPoolTag = HB_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        HBLOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = hb::Bridge::Create(driver);
    if (!NT_SUCCESS(status)) {
        HBLOG("Bridge::Create 0x%08X", status);
        return status;
    }

    HBLOG("loaded, ring %u x %u", HB_RING_REPORTS, HB_REPORT_SIZE);
    return STATUS_SUCCESS;
}

void
hb::Bridge::OnUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    HBLOG("unload");
    Destroy();
}
