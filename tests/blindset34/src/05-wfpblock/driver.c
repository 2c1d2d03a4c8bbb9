#include "wfpblock.h"

WB_GLOBALS g_Wb;

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD WbEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL WbEvtIoDeviceControl;

VOID
WbEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_WB_ADD_PORT:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UINT16), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            // ports arrive in host order, classify sees host order too
            status = WbAddPort(*(UINT16*)buffer);
        }
        break;

    case IOCTL_WB_GET_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            *(LONG*)buffer = InterlockedCompareExchange(&g_Wb.BlockedCount, 0, 0);
            info = sizeof(LONG);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
WbEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    WbRemoveManagementObjects();
    WbUnregisterCallout();

    WB_TRACE("unloaded, %ld connections blocked", g_Wb.BlockedCount);
}

static NTSTATUS
WbCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT deviceInit;
    WDF_IO_QUEUE_CONFIG queueConfig;
    DECLARE_CONST_UNICODE_STRING(deviceName, WB_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, WB_LINK_NAME);
    NTSTATUS status;

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetDeviceType(deviceInit, FILE_DEVICE_NETWORK);
    WdfDeviceInitSetCharacteristics(deviceInit, FILE_DEVICE_SECURE_OPEN, FALSE);

    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = WdfDeviceCreate(&deviceInit, WDF_NO_OBJECT_ATTRIBUTES, &g_Wb.ControlDevice);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(g_Wb.ControlDevice, &linkName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = WbEvtIoDeviceControl;
    status = WdfIoQueueCreate(g_Wb.ControlDevice, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g_Wb.WdmDevice = WdfDeviceWdmGetDeviceObject(g_Wb.ControlDevice);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    RtlZeroMemory(&g_Wb, sizeof(g_Wb));
    WbInitPorts();

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = WbEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        WB_TRACE("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    status = WbCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        WB_TRACE("control device failed 0x%08X", status);
        goto Exit;
    }

    status = WbRegisterCallout(g_Wb.WdmDevice);
    if (!NT_SUCCESS(status)) {
        WB_TRACE("FwpsCalloutRegister failed 0x%08X", status);
        goto Exit;
    }

    status = WbAddManagementObjects();
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    WB_TRACE("loaded, callout id %u filter id %I64u", g_Wb.CalloutIdV4, g_Wb.FilterIdV4);

Exit:
    return status;
}
