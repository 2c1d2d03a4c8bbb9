#include "mousetrap.h"

namespace mt {

static VOID
ServiceCallback(
    _In_    PDEVICE_OBJECT    DeviceObject,
    _In_    PMOUSE_INPUT_DATA InputDataStart,
    _In_    PMOUSE_INPUT_DATA InputDataEnd,
    _Inout_ PULONG            InputDataConsumed
    )
{
    auto* fc = GetFilterContext(WdfWdmDeviceGetWdfDeviceHandle(DeviceObject));
    LONG n = (LONG)(InputDataEnd - InputDataStart);

    if (g.Locked) {
        InterlockedAdd(&fc->Dropped, n);
        *InputDataConsumed = (ULONG)n;
        return;
    }

    InterlockedAdd(&fc->Passed, n);
    (*(PSERVICE_CALLBACK_ROUTINE)(ULONG_PTR)fc->Upper.ClassService)(
        fc->Upper.ClassDeviceObject, InputDataStart, InputDataEnd, InputDataConsumed);
}

NTSTATUS
EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_MOUSE);

    WDF_OBJECT_ATTRIBUTES attr;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, FilterContext);
    attr.EvtCleanupCallback = EvtFilterCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        MTDBG("WdfDeviceCreate %08X", status);
        return status;
    }
    GetFilterContext(device)->Self = device;

    WDF_IO_QUEUE_CONFIG qc;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
    qc.EvtIoInternalDeviceControl = EvtInternalIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfWaitLockAcquire(g.FiltersLock, nullptr);
    status = WdfCollectionAdd(g.Filters, device);
    if (NT_SUCCESS(status)) {
        // EvtFilterCleanup takes it back out, also when we fail below
        GetFilterContext(device)->InList = TRUE;
        status = CreateControlDevice();
    }
    WdfWaitLockRelease(g.FiltersLock);

    return status;
}

VOID
EvtFilterCleanup(
    _In_ WDFOBJECT Object
    )
{
    auto* fc = GetFilterContext((WDFDEVICE)Object);

    WdfWaitLockAcquire(g.FiltersLock, nullptr);
    if (fc->InList) {
        WdfCollectionRemove(g.Filters, Object);
        fc->InList = FALSE;
    }
    if (WdfCollectionGetCount(g.Filters) == 0) {
        // last mouse gone, control device must go too or we never unload
        DeleteControlDevice();
    }
    WdfWaitLockRelease(g.FiltersLock);
}

VOID
EvtInternalIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    auto* fc = GetFilterContext(device);
    NTSTATUS status = STATUS_SUCCESS;

    if (IoControlCode == IOCTL_INTERNAL_MOUSE_CONNECT) {
        PCONNECT_DATA cd;
        if (fc->Upper.ClassService != nullptr) {
            status = STATUS_SHARING_VIOLATION;
        } else {
            status = WdfRequestRetrieveInputBuffer(Request, sizeof(CONNECT_DATA), (PVOID*)&cd, nullptr);
            if (NT_SUCCESS(status)) {
                fc->Upper = *cd;
                cd->ClassDeviceObject = WdfDeviceWdmGetDeviceObject(device);
                cd->ClassService = (PVOID)(ULONG_PTR)ServiceCallback;
            }
        }
    } else if (IoControlCode == IOCTL_INTERNAL_MOUSE_DISCONNECT) {
        status = STATUS_NOT_IMPLEMENTED;
    }

    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_REQUEST_SEND_OPTIONS opts;
    WDF_REQUEST_SEND_OPTIONS_INIT(&opts, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), &opts)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

} // namespace mt
