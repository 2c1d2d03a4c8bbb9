#include "portspy.h"

namespace portspy {

NTSTATUS
EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);

    WDF_OBJECT_ATTRIBUTES attr;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, FilterCtx);
    attr.EvtCleanupCallback = EvtFilterCleanup;

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        PSLOG("WdfDeviceCreate %08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG qc;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
    qc.EvtIoRead = EvtRead;
    qc.EvtIoWrite = EvtWrite;
    qc.EvtIoDeviceControl = EvtFilterIoctl;

    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        PSLOG("WdfIoQueueCreate %08X", status);
        return status;
    }

    return Registry::Attach(device);
}

VOID
EvtFilterCleanup(
    _In_ WDFOBJECT Device
    )
{
    Registry::Detach(static_cast<WDFDEVICE>(Device));
}

static void
ForwardAndForget(WDFREQUEST Request, WDFDEVICE Device)
{
    WDF_REQUEST_SEND_OPTIONS opts;
    WDF_REQUEST_SEND_OPTIONS_INIT(&opts, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(Device), &opts)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

VOID
EvtRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    UNREFERENCED_PARAMETER(Length);
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);

    // bytes read are only known on the way back up
    WdfRequestFormatRequestUsingCurrentType(Request);
    WdfRequestSetCompletionRoutine(Request, ReadDone, GetFilterCtx(device));

    if (!WdfRequestSend(Request, WdfDeviceGetIoTarget(device), WDF_NO_SEND_OPTIONS)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

VOID
ReadDone(
    _In_ WDFREQUEST                     Request,
    _In_ WDFIOTARGET                    Target,
    _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT                     Context
    )
{
    UNREFERENCED_PARAMETER(Target);
    auto* fc = static_cast<FilterCtx*>(Context);

    if (NT_SUCCESS(Params->IoStatus.Status)) {
        InterlockedAdd64(reinterpret_cast<volatile LONG64*>(&fc->Counters.BytesRead),
                         static_cast<LONG64>(Params->IoStatus.Information));
    }
    WdfRequestComplete(Request, Params->IoStatus.Status);
}

VOID
EvtWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    InterlockedAdd64(reinterpret_cast<volatile LONG64*>(&GetFilterCtx(device)->Counters.BytesWritten),
                     static_cast<LONG64>(Length));
    ForwardAndForget(Request, device);
}

VOID
EvtFilterIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);

    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    InterlockedIncrement(reinterpret_cast<volatile LONG*>(&GetFilterCtx(device)->Counters.Ioctls));
    ForwardAndForget(Request, device);
}

VOID
EvtControlIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    auto forEachPort = [](auto&& fn) {
        WaitLockGuard guard(Registry::s_Lock);
        ULONG n = WdfCollectionGetCount(Registry::s_Filters);
        for (ULONG i = 0; i < n; i++) {
            fn(i, GetFilterCtx(static_cast<WDFDEVICE>(WdfCollectionGetItem(Registry::s_Filters, i))));
        }
        return n;
    };

    switch (IoControlCode) {
    case IOCTL_PS_GET_COUNTERS: {
        PortCounters* out;
        size_t len;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(PortCounters), (PVOID*)&out, &len);
        if (!NT_SUCCESS(status)) {
            break;
        }
        ULONG room = static_cast<ULONG>(min(len, OutputBufferLength) / sizeof(PortCounters));
        ULONG written = 0;
        forEachPort([&](ULONG i, FilterCtx* fc) {
            if (i < room) {
                out[i] = fc->Counters;
                written++;
            }
        });
        info = written * sizeof(PortCounters);
        break;
    }
    case IOCTL_PS_RESET:
        forEachPort([](ULONG, FilterCtx* fc) {
            ULONG idx = fc->Counters.Index;
            RtlZeroMemory(&fc->Counters, sizeof(fc->Counters));
            fc->Counters.Index = idx;
        });
        status = STATUS_SUCCESS;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace portspy
