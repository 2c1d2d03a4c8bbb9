/*
 * driver.c - hidpedal DriverEntry, AddDevice and power callbacks
 */
#include "hidpedal.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PedalEvtDeviceAdd)
#pragma alloc_text(PAGE, PedalReadRate)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG   config;
    NTSTATUS            status;

    PEDAL_PRINT(DPFLTR_INFO_LEVEL, "DriverEntry\n");

    WDF_DRIVER_CONFIG_INIT(&config, PedalEvtDeviceAdd);
    config.DriverPoolTag = PEDAL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        PEDAL_PRINT(DPFLTR_ERROR_LEVEL, "WdfDriverCreate 0x%08X\n", status);
    }
    return status;
}

/*
 * Optional "StreamRateMs" under the hardware key. Any failure -> default;
 * the lookup never decides whether the device starts.
 */
ULONG
PedalReadRate(
    _In_ WDFDEVICE Device
    )
{
    WDFKEY      key;
    ULONG       value = 0;
    ULONG       rate = PEDAL_DEFAULT_RATE_MS;
    NTSTATUS    status;
    DECLARE_CONST_UNICODE_STRING(valueName, L"StreamRateMs");

    PAGED_CODE();

    status = WdfDeviceOpenRegistryKey(Device, PLUGPLAY_REGKEY_DEVICE, KEY_READ,
                                      WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return rate;
    }

    status = WdfRegistryQueryULong(key, &valueName, &value);
    if (NT_SUCCESS(status) && value >= PEDAL_MIN_RATE_MS && value <= PEDAL_MAX_RATE_MS) {
        rate = value;
    }

    WdfRegistryClose(key);
    return rate;
}

NTSTATUS
PedalEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                        status;
    WDF_PNPPOWER_EVENT_CALLBACKS    pnp;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDFDEVICE                       device;
    PPEDAL_CONTEXT                  ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /*
     * mshidkmdf.sys is the function driver; we are its lower filter, so
     * anything we don't handle is passed down instead of failed.
     */
    WdfFdoInitSetFilter(DeviceInit);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = PedalEvtD0Entry;
    pnp.EvtDeviceD0Exit  = PedalEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, PEDAL_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        PEDAL_PRINT(DPFLTR_ERROR_LEVEL, "WdfDeviceCreate 0x%08X\n", status);
        return status;
    }

    ctx = PedalGetContext(device);
    ctx->Attributes.Size          = sizeof(HID_DEVICE_ATTRIBUTES);
    ctx->Attributes.VendorID      = PEDAL_VID;
    ctx->Attributes.ProductID     = PEDAL_PID;
    ctx->Attributes.VersionNumber = PEDAL_VERSION;
    ctx->Position.ReportId        = PEDAL_REPORT_ID_INPUT;
    ctx->RateMs                   = PedalReadRate(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->PositionLock);
    if (!NT_SUCCESS(status)) {
        PEDAL_PRINT(DPFLTR_ERROR_LEVEL, "WdfSpinLockCreate 0x%08X\n", status);
        return status;
    }

    status = PedalCreateQueuesAndTimer(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    PEDAL_PRINT(DPFLTR_INFO_LEVEL, "device added, %lu ms stream rate\n", ctx->RateMs);
    return STATUS_SUCCESS;
}

NTSTATUS
PedalEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PPEDAL_CONTEXT ctx = PedalGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->StreamTimer, WDF_REL_TIMEOUT_IN_MS(ctx->RateMs));
    return STATUS_SUCCESS;
}

NTSTATUS
PedalEvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PPEDAL_CONTEXT ctx = PedalGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    /*
     * Power-down of a filter may come at DISPATCH_LEVEL if the stack is not
     * power pageable, so don't wait here; the read queue is power managed
     * and stops handing out requests anyway.
     */
    WdfTimerStop(ctx->StreamTimer, FALSE);
    return STATUS_SUCCESS;
}
