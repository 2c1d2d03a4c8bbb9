/*
 * device.c - filter device objects of KeyRemap.
 */
#include "keyremap.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KrEvtDeviceAdd)
#pragma alloc_text(PAGE, KrEvtFilterDeviceCleanup)
#endif

NTSTATUS
KrEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDFDEVICE               device;
    WDFQUEUE                queue;
    PKR_DEVICE_CONTEXT      devCtx;
    PKR_DRIVER_CONTEXT      drvCtx = KrGetDriverContext(Driver);
    ULONG                   count;
    NTSTATUS                status;

    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_KEYBOARD);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KR_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = KrEvtFilterDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    devCtx = KrGetDeviceContext(device);
    devCtx->Device = device;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = KrEvtInternalDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    //
    // Track the device; the first one brings up the control device.
    // Failing to create the control device only disables live reload.
    //
    WdfWaitLockAcquire(drvCtx->DeviceListLock, NULL);
    status = WdfCollectionAdd(drvCtx->FilterDevices, device);
    if (NT_SUCCESS(status)) {
        count = WdfCollectionGetCount(drvCtx->FilterDevices);
        if (count == 1 && drvCtx->ControlDevice == NULL) {
            if (!NT_SUCCESS(KrCreateControlDevice(Driver))) {
                TraceEvents(TRACE_LEVEL_WARNING, TRACE_CONTROL, "control device unavailable");
            }
        }
    }
    WdfWaitLockRelease(drvCtx->DeviceListLock);

    return status;
}

VOID
KrEvtFilterDeviceCleanup(
    _In_ WDFOBJECT Device
    )
{
    WDFDRIVER           driver = WdfGetDriver();
    PKR_DRIVER_CONTEXT  drvCtx = KrGetDriverContext(driver);
    ULONG               count;
    ULONG               i;

    PAGED_CODE();

    WdfWaitLockAcquire(drvCtx->DeviceListLock, NULL);

    count = WdfCollectionGetCount(drvCtx->FilterDevices);
    for (i = 0; i < count; i++) {
        if (WdfCollectionGetItem(drvCtx->FilterDevices, i) == Device) {
            WdfCollectionRemoveItem(drvCtx->FilterDevices, i);
            break;
        }
    }

    //
    // The control device would keep the driver loaded; delete it together
    // with the last filter device.
    //
    if (WdfCollectionGetCount(drvCtx->FilterDevices) == 0) {
        KrDeleteControlDevice(driver);
    }

    WdfWaitLockRelease(drvCtx->DeviceListLock);
}

VOID
KrEvtInternalDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE               device = WdfIoQueueGetDevice(Queue);
    PKR_DEVICE_CONTEXT      devCtx = KrGetDeviceContext(device);
    PCONNECT_DATA           connectData;
    WDF_REQUEST_SEND_OPTIONS options;
    NTSTATUS                status = STATUS_SUCCESS;
    size_t                  length;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT:
        if (devCtx->UpperConnectData.ClassService != NULL) {
            status = STATUS_SHARING_VIOLATION;
            break;
        }
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID *)&connectData, &length);
        if (!NT_SUCCESS(status)) {
            break;
        }
        devCtx->UpperConnectData = *connectData;
        connectData->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
#pragma warning(disable:4152)
        connectData->ClassService = KrServiceCallback;
#pragma warning(default:4152)
        break;

    case IOCTL_INTERNAL_KEYBOARD_DISCONNECT:
        status = STATUS_NOT_IMPLEMENTED;
        break;

    default:
        break;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfRequestFormatRequestUsingCurrentType(Request);
    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &options)) {
        status = WdfRequestGetStatus(Request);
        WdfRequestComplete(Request, status);
    }
}
