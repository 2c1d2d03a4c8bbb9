/*
 * bus.c - DriverEntry, bus FDO creation and the plug/unplug IOCTLs
 */
#include <initguid.h>
#include "vbus.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VBusEvtDeviceAdd)
#pragma alloc_text(PAGE, VBusReadMaxChildren)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS          status;

    VBusPrint(VBUS_INFO, "DriverEntry\n");

    WDF_DRIVER_CONFIG_INIT(&config, VBusEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        VBusPrint(VBUS_ERR, "WdfDriverCreate 0x%08X\n", status);
    }
    return status;
}

NTSTATUS
VBusEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_CHILD_LIST_CONFIG   listConfig;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDFDEVICE               device;
    PVBUS_FDO_CONTEXT       ctx;
    NTSTATUS                status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_BUS_EXTENDER);
    WdfDeviceInitSetExclusive(DeviceInit, FALSE);

    //
    // Dynamic enumeration: the framework owns the child list and creates
    // and deletes the PDOs; we only report arrivals and departures.
    //
    WDF_CHILD_LIST_CONFIG_INIT(&listConfig, sizeof(VBUS_CHILD_ID), VBusEvtChildListCreateDevice);
    WdfFdoInitSetDefaultChildListConfig(DeviceInit, &listConfig, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VBUS_FDO_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        VBusPrint(VBUS_ERR, "WdfDeviceCreate 0x%08X\n", status);
        return status;
    }

    ctx = VBusFdoGetContext(device);
    ctx->Device      = device;
    ctx->MaxChildren = VBusReadMaxChildren(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = VBusEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        VBusPrint(VBUS_ERR, "WdfIoQueueCreate 0x%08X\n", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VBUS, NULL);
    if (!NT_SUCCESS(status)) {
        VBusPrint(VBUS_ERR, "WdfDeviceCreateDeviceInterface 0x%08X\n", status);
        return status;
    }

    VBusPrint(VBUS_INFO, "bus up, %lu slots\n", ctx->MaxChildren);
    return STATUS_SUCCESS;
}

ULONG
VBusReadMaxChildren(
    _In_ WDFDEVICE Device
    )
{
    DECLARE_CONST_UNICODE_STRING(valueName, L"MaxChildren");
    WDFKEY   key;
    ULONG    value = VBUS_DEFAULT_MAX;
    NTSTATUS status;

    PAGED_CODE();

    status = WdfDeviceOpenRegistryKey(Device, PLUGPLAY_REGKEY_DEVICE, KEY_READ,
                                      WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return VBUS_DEFAULT_MAX;
    }

    status = WdfRegistryQueryULong(key, &valueName, &value);
    WdfRegistryClose(key);

    if (!NT_SUCCESS(status) || value == 0 || value > VBUS_MAX_SERIAL) {
        value = VBUS_DEFAULT_MAX;
    }
    return value;
}

static ULONG
VBusCountChildren(
    _In_ WDFCHILDLIST List
    )
{
    WDF_CHILD_LIST_ITERATOR iterator;
    VBUS_CHILD_ID           id;
    WDF_CHILD_RETRIEVE_INFO info;
    WDFDEVICE               child;
    ULONG                   count = 0;

    WDF_CHILD_LIST_ITERATOR_INIT(&iterator, WdfRetrievePresentChildren);
    WdfChildListBeginIteration(List, &iterator);

    for (;;) {
        WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof(id));
        WDF_CHILD_RETRIEVE_INFO_INIT(&info, &id.Header);
        if (!NT_SUCCESS(WdfChildListRetrieveNextDevice(List, &iterator, &child, &info))) {
            break;
        }
        count++;
    }

    WdfChildListEndIteration(List, &iterator);
    return count;
}

VOID
VBusEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE         device = WdfIoQueueGetDevice(Queue);
    PVBUS_FDO_CONTEXT ctx    = VBusFdoGetContext(device);
    WDFCHILDLIST      list   = WdfFdoGetDefaultChildList(device);
    PVBUS_REQUEST     req;
    VBUS_CHILD_ID     id;
    NTSTATUS          status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    status = WdfRequestRetrieveInputBuffer(Request, sizeof(VBUS_REQUEST), (PVOID*)&req, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    if (req->SerialNo == 0 || req->SerialNo > VBUS_MAX_SERIAL) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER_INIT(&id.Header, sizeof(id));
    id.SerialNo = req->SerialNo;

    switch (IoControlCode) {
    case IOCTL_VBUS_PLUGIN:
        if (VBusCountChildren(list) >= ctx->MaxChildren) {
            status = STATUS_QUOTA_EXCEEDED;
            break;
        }
        status = WdfChildListAddOrUpdateChildDescriptionAsPresent(list, &id.Header, NULL);
        if (status == STATUS_OBJECT_NAME_EXISTS) {
            status = STATUS_OBJECT_NAME_COLLISION;
        }
        break;

    case IOCTL_VBUS_UNPLUG:
        status = WdfChildListUpdateChildDescriptionAsMissing(list, &id.Header);
        break;

    case IOCTL_VBUS_EJECT:
        status = WdfChildListRequestChildEject(list, &id.Header) ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    VBusPrint(VBUS_INFO, "ioctl 0x%x serial %lu -> 0x%08X\n", IoControlCode, req->SerialNo, status);
    WdfRequestComplete(Request, status);
}
