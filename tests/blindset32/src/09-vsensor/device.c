// device.c - Per-device setup for VSensor.

#include "vsensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VsEvtDeviceAdd)
#pragma alloc_text(PAGE, VsEvtDeviceContextCleanup)
#endif

NTSTATUS
VsEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    PVS_DRIVER_CONTEXT drvCtx = VsGetDriverContext(Driver);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PVS_DEVICE_CONTEXT devCtx;
    WDFDEVICE device;

    PAGED_CODE();

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VS_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = VsEvtDeviceContextCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    devCtx = VsGetDeviceContext(device);
    devCtx->Device = device;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VSENSOR, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = VsEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfWaitLockAcquire(drvCtx->DeviceListLock, NULL);
    if (WdfCollectionGetCount(drvCtx->Devices) >= drvCtx->MaxDevices) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        status = WdfCollectionAdd(drvCtx->Devices, device);
        devCtx->InDeviceList = NT_SUCCESS(status);
    }
    WdfWaitLockRelease(drvCtx->DeviceListLock);

    return status;
}

VOID
VsEvtDeviceContextCleanup(
    _In_ WDFOBJECT Device
    )
{
    PVS_DEVICE_CONTEXT devCtx = VsGetDeviceContext((WDFDEVICE)Device);
    PVS_DRIVER_CONTEXT drvCtx = VsGetDriverContext(WdfGetDriver());

    PAGED_CODE();

    if (devCtx->InDeviceList) {
        WdfWaitLockAcquire(drvCtx->DeviceListLock, NULL);
        WdfCollectionRemove(drvCtx->Devices, Device);
        WdfWaitLockRelease(drvCtx->DeviceListLock);
        devCtx->InDeviceList = FALSE;
    }
}

VOID
VsEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    NTSTATUS status;
    PVS_DRIVER_CONTEXT drvCtx = VsGetDriverContext(WdfGetDriver());
    PVS_DEVICE_CONTEXT devCtx = VsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY sample = NULL;
    PULONG sampleBuffer;
    PVOID outBuffer;
    size_t copyLength = 0;

    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_VSENSOR_READ_SAMPLE) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    if (InterlockedCompareExchange(&drvCtx->SystemSleeping, 0, 0) != 0) {
        WdfRequestComplete(Request, STATUS_DEVICE_NOT_READY);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &outBuffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCreateFromLookaside(drvCtx->SampleLookaside, &sample);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    sampleBuffer = (PULONG)WdfMemoryGetBuffer(sample, NULL);
    RtlZeroMemory(sampleBuffer, drvCtx->SampleSize);
    sampleBuffer[0] = InterlockedIncrement((volatile LONG*)&devCtx->SequenceNumber);

    copyLength = min(OutputBufferLength, (size_t)drvCtx->SampleSize);
    RtlCopyMemory(outBuffer, sampleBuffer, copyLength);

    WdfObjectDelete(sample);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, copyLength);
}
