//
// control.cpp - the one sideband control device (\\.\ToastFilt)
//
#include "filter.h"

namespace toastfilt {

WDFDEVICE Control::s_control = nullptr;

NTSTATUS
Control::CreateIfFirst(
    _In_ WDFDEVICE FilterDevice
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName,  TOASTFILT_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, TOASTFILT_DOS_NAME);

    PWDFDEVICE_INIT       init    = nullptr;
    WDFDEVICE             control = nullptr;
    WDF_OBJECT_ATTRIBUTES attrs;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    NTSTATUS              status;

    PAGED_CODE();

    init = WdfControlDeviceInitAllocate(WdfDeviceGetDriver(FilterDevice),
                                        &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        goto Error;
    }

    WdfDeviceInitSetExclusive(init, FALSE);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, TF_CONTROL_CONTEXT);

    // on success WdfDeviceCreate takes ownership and sets init to NULL
    status = WdfDeviceCreate(&init, &attrs, &control);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    status = WdfDeviceCreateSymbolicLink(control, &dosName);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    // the stats IOCTL takes the wait lock, so it has to run at PASSIVE_LEVEL
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = Control::ControlIoctl;

    WDF_OBJECT_ATTRIBUTES_INIT(&attrs);
    attrs.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(control, &queueConfig, &attrs, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    WdfControlFinishInitializing(control);
    s_control = control;

    TF_PRINT("control device up");
    return STATUS_SUCCESS;

Error:
    if (init != nullptr) {
        WdfDeviceInitFree(init);
    }
    if (control != nullptr) {
        WdfObjectDelete(control);
    }
    TF_PRINT("control device failed 0x%08X", status);
    return status;
}

VOID
Control::DeleteIfLast()
{
    PAGED_CODE();

    if (s_control != nullptr) {
        WdfObjectDelete(s_control);
        s_control = nullptr;
        TF_PRINT("control device deleted");
    }
}

VOID
Control::ControlIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    PTOASTFILT_STATS stats;
    NTSTATUS         status;
    ULONG            count, i;

    PAGED_CODE();

    if (IoControlCode != IOCTL_TOASTFILT_GET_STATS) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(TOASTFILT_STATS),
                                            reinterpret_cast<PVOID*>(&stats), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    RtlZeroMemory(stats, sizeof(*stats));

    WdfWaitLockAcquire(Filter::s_lock, nullptr);
    count = WdfCollectionGetCount(Filter::s_devices);
    for (i = 0; i < count && i < TOASTFILT_MAX_REPORTED; i++) {
        auto dev = static_cast<WDFDEVICE>(WdfCollectionGetItem(Filter::s_devices, i));
        auto ctx = TfGetFilterContext(dev);
        stats->Devices[i].SerialNo   = ctx->SerialNo;
        stats->Devices[i].IoctlCount = ctx->IoctlCount;
    }
    stats->DeviceCount = count;
    WdfWaitLockRelease(Filter::s_lock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(TOASTFILT_STATS));
}

} // namespace toastfilt
