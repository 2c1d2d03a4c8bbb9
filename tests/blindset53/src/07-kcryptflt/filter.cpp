//
// filter.cpp - the per-disk filter device
//
#include "kcrypt.h"

namespace kcf {

static EVT_WDF_IO_QUEUE_IO_READ              EvtIoRead;
static EVT_WDF_IO_QUEUE_IO_WRITE             EvtIoWrite;
static EVT_WDF_REQUEST_COMPLETION_ROUTINE    ReadDone;
static EVT_WDF_REQUEST_COMPLETION_ROUTINE    WriteDone;
static EVT_WDF_OBJECT_CONTEXT_CLEANUP        EvtFilterCleanup;

static void
ForwardAsIs(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target)
{
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, Target, &options)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

NTSTATUS
EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG   queueConfig;
    WDFDEVICE             device;
    NTSTATUS              status;

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FilterContext);
    attributes.EvtCleanupCallback = EvtFilterCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KCF_ERROR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    auto ctx = GetFilterContext(device);
    ctx->Target = WdfDeviceGetIoTarget(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoRead  = EvtIoRead;
    queueConfig.EvtIoWrite = EvtIoWrite;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KCF_ERROR("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    // the first disk we sit on brings the control device up; the last one
    // to leave takes it down again (see EvtFilterCleanup)
    WdfWaitLockAcquire(ControlDevice::s_InstanceLock, nullptr);
    ctx->Instance = ControlDevice::s_Instances++;
    ctx->Counted  = TRUE;
    if (ctx->Instance == 0) {
        status = ControlDevice::Create(Driver);
        if (!NT_SUCCESS(status)) {
            // disks still work, just unkeyed
            KCF_ERROR("no control device (0x%08X)", status);
            status = STATUS_SUCCESS;
        }
    }
    WdfWaitLockRelease(ControlDevice::s_InstanceLock);

    return status;
}

static VOID
EvtFilterCleanup(_In_ WDFOBJECT Object)
{
    auto ctx = GetFilterContext(static_cast<WDFDEVICE>(Object));
    if (!ctx->Counted) {
        return;     // failed in EvtDeviceAdd before it was counted
    }

    WdfWaitLockAcquire(ControlDevice::s_InstanceLock, nullptr);
    if (--ControlDevice::s_Instances == 0) {
        ControlDevice::Delete();
    }
    WdfWaitLockRelease(ControlDevice::s_InstanceLock);
}

static VOID
ReadDone(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target,
         _In_ PWDF_REQUEST_COMPLETION_PARAMS Params, _In_ WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Target);
    UNREFERENCED_PARAMETER(Context);

    NTSTATUS status = Params->IoStatus.Status;
    size_t   done   = Params->IoStatus.Information;

    if (NT_SUCCESS(status) && done != 0 && KeyStore::Loaded()) {
        WDF_REQUEST_PARAMETERS rp;
        PVOID buffer;
        WDF_REQUEST_PARAMETERS_INIT(&rp);
        WdfRequestGetParameters(Request, &rp);
        if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(Request, done, &buffer, nullptr))) {
            KeyStore::Apply(static_cast<PUCHAR>(buffer), done, rp.Parameters.Read.DeviceOffset);
        }
    }
    WdfRequestCompleteWithInformation(Request, status, done);
}

static VOID
EvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    UNREFERENCED_PARAMETER(Length);
    auto ctx = GetFilterContext(WdfIoQueueGetDevice(Queue));

    WdfRequestFormatRequestUsingCurrentType(Request);
    WdfRequestSetCompletionRoutine(Request, ReadDone, nullptr);
    if (!WdfRequestSend(Request, ctx->Target, WDF_NO_SEND_OPTIONS)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

static VOID
WriteDone(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target,
          _In_ PWDF_REQUEST_COMPLETION_PARAMS Params, _In_ WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Target);
    UNREFERENCED_PARAMETER(Context);
    // the shadow WDFMEMORY is parented to the request and goes with it
    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, Params->IoStatus.Information);
}

static VOID
EvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    auto ctx = GetFilterContext(WdfIoQueueGetDevice(Queue));

    if (!KeyStore::Loaded() || Length == 0) {
        ForwardAsIs(Request, ctx->Target);
        return;
    }

    WDF_REQUEST_PARAMETERS rp;
    WDF_REQUEST_PARAMETERS_INIT(&rp);
    WdfRequestGetParameters(Request, &rp);
    LONGLONG offset = rp.Parameters.Write.DeviceOffset;

    PVOID src = nullptr;
    NTSTATUS status = WdfRequestRetrieveInputBuffer(Request, Length, &src, nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Request;
    WDFMEMORY shadow;
    PVOID     dst;
    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, KCF_TAG, Length, &shadow, &dst);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    RtlCopyMemory(dst, src, Length);
    KeyStore::Apply(static_cast<PUCHAR>(dst), Length, offset);

    status = WdfIoTargetFormatRequestForWrite(ctx->Target, Request, shadow, nullptr, &offset);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    WdfRequestSetCompletionRoutine(Request, WriteDone, nullptr);
    if (!WdfRequestSend(Request, ctx->Target, WDF_NO_SEND_OPTIONS)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

} // namespace kcf
