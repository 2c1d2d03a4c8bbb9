#include "mousetrap.h"

namespace mt {

//
// Called with FiltersLock held, when the first filter instance shows up.
//
NTSTATUS
CreateControlDevice()
{
    DECLARE_CONST_UNICODE_STRING(ntName, MT_CONTROL_NAME);
    DECLARE_CONST_UNICODE_STRING(link, MT_CONTROL_LINK);
    PWDFDEVICE_INIT init;
    WDF_IO_QUEUE_CONFIG qc;
    WDF_OBJECT_ATTRIBUTES qattr;
    WDFDEVICE ctl;
    NTSTATUS status;

    if (g.Control != nullptr) {
        return STATUS_SUCCESS;
    }

    init = WdfControlDeviceInitAllocate(g.Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &ctl);
    if (!NT_SUCCESS(status)) {
        MTDBG("control WdfDeviceCreate %08X", status);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(ctl, &link);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(ctl);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = EvtControlIoctl;
    WDF_OBJECT_ATTRIBUTES_INIT(&qattr);
    qattr.ExecutionLevel = WdfExecutionLevelPassive;   // GET_STATS takes the wait lock
    status = WdfIoQueueCreate(ctl, &qc, &qattr, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(ctl);
        return status;
    }

    WdfControlFinishInitializing(ctl);
    g.Control = ctl;
    MTDBG("control device up");
    return STATUS_SUCCESS;
}

void
DeleteControlDevice()
{
    if (g.Control != nullptr) {
        WdfObjectDelete(g.Control);
        g.Control = nullptr;
    }
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
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (IoControlCode) {
    case IOCTL_MT_SET_LOCK: {
        PULONG lock;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&lock, nullptr);
        if (NT_SUCCESS(status)) {
            InterlockedExchange(&g.Locked, *lock ? 1 : 0);
            MTDBG("trap %s", *lock ? "on" : "off");
        }
        break;
    }
    case IOCTL_MT_GET_STATS: {
        Stats* out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(Stats), (PVOID*)&out, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        RtlZeroMemory(out, sizeof(*out));
        out->Locked = (ULONG)g.Locked;

        WdfWaitLockAcquire(g.FiltersLock, nullptr);
        out->Filters = WdfCollectionGetCount(g.Filters);
        for (ULONG i = 0; i < out->Filters; i++) {
            auto* fc = GetFilterContext((WDFDEVICE)WdfCollectionGetItem(g.Filters, i));
            out->Dropped += fc->Dropped;
            out->Passed += fc->Passed;
        }
        WdfWaitLockRelease(g.FiltersLock);
        info = sizeof(Stats);
        break;
    }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace mt
