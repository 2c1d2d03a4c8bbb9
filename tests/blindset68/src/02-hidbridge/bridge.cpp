#include "bridge.h"

namespace hb {

WDFDEVICE   Bridge::s_Control      = nullptr;
WDFQUEUE    Bridge::s_PendingPulls = nullptr;
WDFMEMORY   Bridge::s_RingMemory   = nullptr;
ReportSlot* Bridge::s_Ring         = nullptr;
WDFSPINLOCK Bridge::s_RingLock     = nullptr;
ULONG       Bridge::s_Head         = 0;
ULONG       Bridge::s_Tail         = 0;

NTSTATUS
Bridge::Create(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(ntName, HB_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, HB_DOS_NAME);
    WDF_OBJECT_ATTRIBUTES attr;
    PWDFDEVICE_INIT init = nullptr;
    PVOID ringBuffer = nullptr;
    NTSTATUS status;

    //
    // Report ring. Parented to the driver so the framework keeps it alive
    // as long as we are loaded.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = Driver;
    status = WdfMemoryCreate(&attr, NonPagedPoolNx, HB_TAG,
                             sizeof(ReportSlot) * HB_RING_REPORTS,
                             &s_RingMemory, &ringBuffer);
    CHECK_STATUS(status, "WdfMemoryCreate");
    s_Ring = static_cast<ReportSlot*>(ringBuffer);
    RtlZeroMemory(s_Ring, sizeof(ReportSlot) * HB_RING_REPORTS);

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = Driver;
    status = WdfSpinLockCreate(&attr, &s_RingLock);
    CHECK_STATUS(status, "WdfSpinLockCreate");

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (init == nullptr) {
        status = STATUS_INSUFFICIENT_RESOURCES;
        HBLOG("WdfControlDeviceInitAllocate failed");
        goto cleanup;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    CHECK_STATUS(status, "WdfDeviceInitAssignName");

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &s_Control);
    CHECK_STATUS(status, "WdfDeviceCreate");

    status = WdfDeviceCreateSymbolicLink(s_Control, &dosName);
    CHECK_STATUS(status, "WdfDeviceCreateSymbolicLink");

    status = CreateQueues(s_Control);
    CHECK_STATUS(status, "CreateQueues");

    HBLOG("control device ready");
    return STATUS_SUCCESS;

cleanup:
    if (init != nullptr) {
        WdfDeviceInitFree(init);
    }
    if (s_Control != nullptr) {
        WdfObjectDelete(s_Control);
        s_Control = nullptr;
    }
    if (s_Ring != nullptr) {
        ExFreePoolWithTag(s_Ring, HB_TAG);
        s_Ring = nullptr;
        s_RingMemory = nullptr;
    }
    return status;
}

NTSTATUS
Bridge::CreateQueues(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG qc;
    NTSTATUS status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = OnIoctl;
    status = WdfIoQueueCreate(Device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&qc, WdfIoQueueDispatchManual);
    return WdfIoQueueCreate(Device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &s_PendingPulls);
}

void
Bridge::Destroy()
{
    if (s_Control != nullptr) {
        WdfObjectDelete(s_Control);
        s_Control = nullptr;
    }
    // ring memory and lock go away with the WDFDRIVER
    s_Ring = nullptr;
}

void
Bridge::Push(
    _In_ const ReportSlot* In
    )
{
    WdfSpinLockAcquire(s_RingLock);
    s_Ring[s_Head] = *In;
    s_Head = (s_Head + 1) % HB_RING_REPORTS;
    if (s_Head == s_Tail) {
        s_Tail = (s_Tail + 1) % HB_RING_REPORTS;   // drop oldest
    }
    WdfSpinLockRelease(s_RingLock);
}

bool
Bridge::Pop(
    _Out_ ReportSlot* Out
    )
{
    bool have = false;

    WdfSpinLockAcquire(s_RingLock);
    if (s_Tail != s_Head) {
        *Out = s_Ring[s_Tail];
        s_Tail = (s_Tail + 1) % HB_RING_REPORTS;
        have = true;
    }
    WdfSpinLockRelease(s_RingLock);
    return have;
}

void
Bridge::OnIoctl(
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
    PVOID buf = nullptr;

    switch (IoControlCode) {
    case IOCTL_HB_PUSH_REPORT: {
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ReportSlot), &buf, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WDFREQUEST waiter;
        if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(s_PendingPulls, &waiter))) {
            PVOID out;
            NTSTATUS st = WdfRequestRetrieveOutputBuffer(waiter, sizeof(ReportSlot), &out, nullptr);
            if (NT_SUCCESS(st)) {
                RtlCopyMemory(out, buf, sizeof(ReportSlot));
                WdfRequestCompleteWithInformation(waiter, st, sizeof(ReportSlot));
            } else {
                WdfRequestComplete(waiter, st);
            }
        } else {
            Push(static_cast<ReportSlot*>(buf));
        }
        break;
    }

    case IOCTL_HB_PULL_REPORT: {
        ReportSlot slot;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ReportSlot), &buf, nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (Pop(&slot)) {
            RtlCopyMemory(buf, &slot, sizeof(slot));
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(slot));
            return;
        }
        status = WdfRequestForwardToIoQueue(Request, s_PendingPulls);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;
    }

    case IOCTL_HB_RESET:
        WdfSpinLockAcquire(s_RingLock);
        s_Head = s_Tail = 0;
        WdfSpinLockRelease(s_RingLock);
        status = STATUS_SUCCESS;
        break;
    }

    WdfRequestComplete(Request, status);
}

} // namespace hb
