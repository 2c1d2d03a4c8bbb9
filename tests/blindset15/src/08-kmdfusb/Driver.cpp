#include "Device.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

#pragma code_seg("PAGE")
namespace usbdev {

NTSTATUS LoadSettings(_In_ WDFDRIVER Driver)
{
    PAGED_CODE();

    DriverContext* ctx = GetDriverContext(Driver);
    ctx->PollIntervalMs = kDefaultPollMs;
    ctx->VerboseLogging = 0;

    WDFKEY key = nullptr;
    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                         WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DECLARE_CONST_UNICODE_STRING(pollName, L"PollIntervalMs");
    DECLARE_CONST_UNICODE_STRING(verboseName, L"Verbose");

    ULONG value = 0;
    status = WdfRegistryQueryULong(key, &pollName, &value);
    if (NT_SUCCESS(status) && value >= 8 && value <= 1000) {
        ctx->PollIntervalMs = value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &verboseName, &value))) {
        ctx->VerboseLogging = value;
    }

    WdfRegistryClose(key);
    return STATUS_SUCCESS;
}

VOID EvtDriverCleanup(_In_ WDFOBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    KLOG("%s", "driver cleanup");
}

} // namespace usbdev
#pragma code_seg()

extern "C" NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, usbdev::EvtDeviceAdd);
    config.DriverPoolTag = usbdev::kPoolTag;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, usbdev::DriverContext);
    attributes.EvtCleanupCallback = usbdev::EvtDriverCleanup;

    WDFDRIVER driver = nullptr;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    KLOG_IF_FAILED(status, "WdfDriverCreate");

    if (NT_SUCCESS(status)) {
        // Tunables are optional; defaults apply when the key or values are missing.
        NTSTATUS settingsStatus = usbdev::LoadSettings(driver);
        KLOG_IF_FAILED(settingsStatus, "LoadSettings");
    }

    return STATUS_SUCCESS;
}
