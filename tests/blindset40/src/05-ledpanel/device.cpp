/*++

Module Name:

    device.cpp

Abstract:

    Device object creation and PnP/power callbacks for the LP-16 panel.

Environment:

    Kernel-mode Driver Framework

--*/

#include "ledpanel.h"
#include "device.tmh"

namespace led {

#pragma code_seg("PAGE")

//
// EvtDeviceAdd is called by the framework in response to AddDevice
// call from the PnP manager.  We create and initialize a device object
// to represent a new instance of the device.
//
NTSTATUS
Panel::EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDFDEVICE                       device;
    DeviceContext                   *ctx;
    NTSTATUS                        status;

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Entry");

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = EvtPrepareHardware;
    pnpPowerCallbacks.EvtDeviceReleaseHardware = EvtReleaseHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry         = EvtD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit          = EvtD0Exit;

    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);
    WdfDeviceInitSetExclusive(DeviceInit, TRUE);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        WdfDeviceInitFree(DeviceInit);
        return status;
    }

    ctx = GetDeviceContext(device);
    ctx->Device = device;

    // default queue for the panel IOCTLs
    status = Queue::Initialize(device, &ctx->DefaultQueue);

    // let the panel applet find us
    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_LEDPANEL, nullptr);

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreateDeviceInterface failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Exit, device %p", device);
    return status;
}

//
// Finds the register BAR in the translated resources and maps it.
//
NTSTATUS
Panel::EvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    DeviceContext                       *ctx = GetDeviceContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR     desc;
    ULONG                               i, count;

    UNREFERENCED_PARAMETER(ResourcesRaw);

    PAGED_CODE();

    count = WdfCmResourceListGetCount(ResourcesTranslated);

    for (i = 0; i < count && ctx->Registers == nullptr; i++) {

        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc == nullptr) {
            continue;
        }

        switch (desc->Type) {

        case CmResourceTypeMemory:
            if (desc->u.Memory.Length < LED_REG_SPACE_SIZE) {
                break;
            }
            ctx->Registers = (PUCHAR)MmMapIoSpaceEx(desc->u.Memory.Start,
                                                    LED_REG_SPACE_SIZE,
                                                    PAGE_READWRITE | PAGE_NOCACHE);
            ctx->RegisterLength = LED_REG_SPACE_SIZE;
            break;

        case CmResourceTypeInterrupt:
        default:
            break;
        }
    }

    if (ctx->Registers == nullptr) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no usable register BAR");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
Panel::EvtReleaseHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    DeviceContext *ctx = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);

    PAGED_CODE();

    if (ctx->Registers != nullptr) {
        MmUnmapIoSpace(ctx->Registers, ctx->RegisterLength);
        ctx->Registers = nullptr;
    }

    return STATUS_SUCCESS;
}

#pragma code_seg()

VOID
Panel::WriteRows(
    _In_ DeviceContext *Ctx
    )
{
    for (ULONG row = 0; row < LED_ROWS; row++) {
        WRITE_REGISTER_USHORT((PUSHORT)(Ctx->Registers + LED_REG_ROW_BASE + row * sizeof(USHORT)),
                              Ctx->Rows[row]);
    }
}

NTSTATUS
Panel::EvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    DeviceContext *ctx = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WRITE_REGISTER_UCHAR(ctx->Registers + LED_REG_CONTROL, LED_CONTROL_ENABLE);
    WriteRows(ctx);
    return STATUS_SUCCESS;
}

NTSTATUS
Panel::EvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    DeviceContext *ctx = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    WRITE_REGISTER_UCHAR(ctx->Registers + LED_REG_CONTROL, 0);
    return STATUS_SUCCESS;
}

} // namespace led
