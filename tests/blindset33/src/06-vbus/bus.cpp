// bus.cpp - bus FDO: device add and plug / unplug IOCTLs
#include "vbus.h"

NTSTATUS VbusEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_BUS_EXTENDER);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    WDF_CHILD_LIST_CONFIG listConfig;
    WDF_CHILD_LIST_CONFIG_INIT(&listConfig,
                               sizeof(PDO_IDENTIFICATION_DESCRIPTION),
                               VbusEvtChildListCreateDevice);
    WdfFdoInitSetDefaultChildListConfig(DeviceInit, &listConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FDO_CONTEXT);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        VBUS_ERR("WdfDeviceCreate(FDO) failed 0x%08X", status);
        WdfDeviceInitFree(DeviceInit);
        return status;
    }

    auto ctx = FdoGetContext(device);
    ctx->ChildList = WdfFdoGetDefaultChildList(device);
    ctx->Plugged = 0;

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = VbusEvtIoDeviceControl;

    WDF_OBJECT_ATTRIBUTES queueAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&queueAttributes);
    queueAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    WDFQUEUE queue;
    status = WdfIoQueueCreate(device, &queueConfig, &queueAttributes, &queue);
    if (!NT_SUCCESS(status)) {
        VBUS_ERR("WdfIoQueueCreate failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VBUS, nullptr);
    if (!NT_SUCCESS(status)) {
        VBUS_ERR("WdfDeviceCreateDeviceInterface failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

static NTSTATUS VbusPlugIn(FDO_CONTEXT* ctx, ULONG serialNo)
{
    if (!vbus::BusGlobals::ReserveSlot(serialNo)) {
        return STATUS_INVALID_PARAMETER;
    }

    PDO_IDENTIFICATION_DESCRIPTION desc;
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&desc.Header, sizeof(desc));
    desc.SerialNo = serialNo;

    NTSTATUS status = WdfChildListAddOrUpdateChildDescriptionAsPresent(ctx->ChildList,
                                                                       &desc.Header,
                                                                       nullptr);
    if (status == STATUS_OBJECT_NAME_EXISTS) {
        status = STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        vbus::BusGlobals::ReleaseSlot(serialNo);
        return status;
    }

    InterlockedIncrement(&ctx->Plugged);
    VBUS_LOG("plugged pad %lu", serialNo);
    return STATUS_SUCCESS;
}

static NTSTATUS VbusUnplug(FDO_CONTEXT* ctx, ULONG serialNo)
{
    PDO_IDENTIFICATION_DESCRIPTION desc;
    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&desc.Header, sizeof(desc));
    desc.SerialNo = serialNo;

    NTSTATUS status = WdfChildListUpdateChildDescriptionAsMissing(ctx->ChildList, &desc.Header);
    if (NT_SUCCESS(status)) {
        vbus::BusGlobals::ReleaseSlot(serialNo);
        InterlockedDecrement(&ctx->Plugged);
        VBUS_LOG("unplugged pad %lu", serialNo);
    }
    return status;
}

void VbusEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request,
                            size_t OutputBufferLength, size_t InputBufferLength,
                            ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ctx = FdoGetContext(WdfIoQueueGetDevice(Queue));
    VBUS_PLUGIN_REQUEST* in = nullptr;
    NTSTATUS status;

    switch (IoControlCode) {
    case IOCTL_VBUS_PLUGIN:
    case IOCTL_VBUS_UNPLUG:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(*in),
                                               reinterpret_cast<PVOID*>(&in), nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        status = (IoControlCode == IOCTL_VBUS_PLUGIN) ? VbusPlugIn(ctx, in->SerialNo)
                                                      : VbusUnplug(ctx, in->SerialNo);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}
