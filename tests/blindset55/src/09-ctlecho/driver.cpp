#include "ctlecho.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD EchoEvtDriverUnload;

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
    WDFDRIVER         driver;
    NTSTATUS          status;

    ELOG("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload  = EchoEvtDriverUnload;
    config.DriverPoolTag    = CTLECHO_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        EERR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // Device::Create cleans up after itself on failure; the driver object
    // is deleted by the framework when we return an error.
    status = echo::Device::Create(driver);
    if (!NT_SUCCESS(status)) {
        EERR("Device::Create 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

#pragma code_seg("PAGE")
static
VOID
EchoEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    echo::Device::Destroy();
    ELOG("unloaded");
}
#pragma code_seg()
