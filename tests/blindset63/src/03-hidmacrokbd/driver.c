/*
 * driver.c - DriverEntry / AddDevice for the HID macro keyboard
 */
#include "hidmacro.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HidMacroEvtDeviceAdd)
#endif

//
// Default macro: "hello" (usage IDs from the HID keyboard page).
//
static const UCHAR s_DefaultMacro[] = { 0x0B, 0x08, 0x0F, 0x0F, 0x12 };

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG   config;
    NTSTATUS            status;

    DBGPRINT(("hidmacro: DriverEntry\n"));

    WDF_DRIVER_CONFIG_INIT(&config, HidMacroEvtDeviceAdd);
    config.DriverPoolTag = HIDMACRO_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBGPRINT(("hidmacro: WdfDriverCreate failed 0x%x\n", status));
    }

    return status;
}

NTSTATUS
HidMacroEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                status;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDEVICE               device;
    PDEVICE_CONTEXT         ctx;
    WDFKEY                  hKey;
    ULONG                   value = 0;
    DECLARE_CONST_UNICODE_STRING(repeatName, L"RepeatMs");

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    DBGPRINT(("hidmacro: EvtDeviceAdd\n"));

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        DBGPRINT(("hidmacro: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    ctx = GetDeviceContext(device);
    ctx->Device = device;

    ctx->Attributes.Size          = sizeof(HID_DEVICE_ATTRIBUTES);
    ctx->Attributes.VendorID      = HIDMACRO_VID;
    ctx->Attributes.ProductID     = HIDMACRO_PID;
    ctx->Attributes.VersionNumber = HIDMACRO_VERSION;

    RtlCopyMemory(ctx->Keys, s_DefaultMacro, sizeof(s_DefaultMacro));
    ctx->KeyCount = sizeof(s_DefaultMacro);
    ctx->KeyIndex = 0;
    ctx->KeyDown  = FALSE;

    status = HidMacroQueueInitialize(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // Optional tuning knob under the device's hardware key. If it is not
    // there we just keep the default pace.
    //
    ctx->RepeatMs = HIDMACRO_DEFAULT_REPEAT_MS;

    status = WdfDeviceOpenRegistryKey(device,
                                      PLUGPLAY_REGKEY_DEVICE,
                                      KEY_READ,
                                      WDF_NO_OBJECT_ATTRIBUTES,
                                      &hKey);
    if (NT_SUCCESS(status)) {
        status = WdfRegistryQueryULong(hKey, &repeatName, &value);
        if (NT_SUCCESS(status) &&
            value >= HIDMACRO_MIN_REPEAT_MS && value <= HIDMACRO_MAX_REPEAT_MS) {
            ctx->RepeatMs = value;
        }
        WdfRegistryClose(hKey);
    }

    DBGPRINT(("hidmacro: replay every %lu ms\n", ctx->RepeatMs));

    WdfTimerStart(ctx->ReplayTimer, WDF_REL_TIMEOUT_IN_MS(ctx->RepeatMs));

    return status;
}
