//
// ledbar.cpp - KMDF driver for the front-panel LED bar of the SX-4 network
// appliance (ACPI device "SXL0001", one MMIO register per LED group).
// C++ without exceptions or RTTI; WDF callbacks keep C linkage.
//

extern "C" {
#include <ntddk.h>
#include <wdf.h>
}

namespace {

constexpr ULONG LedBarPoolTag = 'rBdL';
constexpr ULONG LedGroupCount = 8;

ULONG g_DefaultBrightness = 0x40;

} // namespace

// The context type info must have external linkage: keep it out of the
// anonymous namespace.
struct LedBarContext {
    volatile ULONG* Registers;
    SIZE_T          RegisterLength;
    ULONG           Brightness[LedGroupCount];
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(LedBarContext, LedBarGetContext)

extern "C" {

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD LedBarEvtDeviceAdd;
EVT_WDF_DEVICE_PREPARE_HARDWARE LedBarEvtPrepareHardware;
EVT_WDF_DEVICE_RELEASE_HARDWARE LedBarEvtReleaseHardware;
EVT_WDF_DEVICE_D0_ENTRY LedBarEvtD0Entry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LedBarEvtDeviceAdd)
#pragma alloc_text(PAGE, LedBarEvtPrepareHardware)
#pragma alloc_text(PAGE, LedBarEvtReleaseHardware)
#endif

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)  // expect-entry: kmdf
{
    // One place for the failure trace so every exit reports the same way.
    auto fail = [](NTSTATUS status, PCSTR what) -> NTSTATUS {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "ledbar: %s failed 0x%08X\n", what, status));
        return status;
    };

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, LedBarEvtDeviceAdd);
    config.DriverPoolTag = LedBarPoolTag;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath,
                                      WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return fail(status, "WdfDriverCreate");
    }

    // Brightness default may be overridden by the OEM in the service key.
    WDFKEY key;
    status = WdfDriverOpenParametersRegistryKey(driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (NT_SUCCESS(status)) {
        DECLARE_CONST_UNICODE_STRING(valueName, L"DefaultBrightness");
        ULONG value = 0;
        if (NT_SUCCESS(WdfRegistryQueryULong(key, &valueName, &value)) && value <= 0xFF) {
            g_DefaultBrightness = value;
        }
        WdfRegistryClose(key);
    }

    return STATUS_SUCCESS;
}

NTSTATUS
LedBarEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = LedBarEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = LedBarEvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = LedBarEvtD0Entry;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, LedBarContext);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    LedBarContext* ctx = LedBarGetContext(device);
    for (ULONG i = 0; i < LedGroupCount; ++i) {
        ctx->Brightness[i] = g_DefaultBrightness;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
LedBarEvtPrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST ResourcesRaw,
                         _In_ WDFCMRESLIST ResourcesTranslated)
{
    UNREFERENCED_PARAMETER(ResourcesRaw);
    PAGED_CODE();

    LedBarContext* ctx = LedBarGetContext(Device);
    ULONG count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (ULONG i = 0; i < count; ++i) {
        auto desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc == nullptr || desc->Type != CmResourceTypeMemory) {
            continue;
        }
        if (desc->u.Memory.Length < LedGroupCount * sizeof(ULONG)) {
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }
        ctx->Registers = static_cast<volatile ULONG*>(
            MmMapIoSpace(desc->u.Memory.Start, desc->u.Memory.Length, MmNonCached));
        if (ctx->Registers == nullptr) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ctx->RegisterLength = desc->u.Memory.Length;
        return STATUS_SUCCESS;
    }
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS
LedBarEvtReleaseHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST ResourcesTranslated)
{
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    LedBarContext* ctx = LedBarGetContext(Device);
    if (ctx->Registers != nullptr) {
        MmUnmapIoSpace(const_cast<ULONG*>(ctx->Registers), ctx->RegisterLength);
        ctx->Registers = nullptr;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
LedBarEvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);

    LedBarContext* ctx = LedBarGetContext(Device);
    for (ULONG i = 0; i < LedGroupCount; ++i) {
        WRITE_REGISTER_ULONG(const_cast<PULONG>(&ctx->Registers[i]), ctx->Brightness[i]);
    }
    return STATUS_SUCCESS;
}

} // extern "C"
