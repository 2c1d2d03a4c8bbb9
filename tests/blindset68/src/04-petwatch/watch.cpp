#include "petwatch.h"

namespace pw {

NTSTATUS
CreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(devName, PW_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, PW_LINK_NAME);
    WDF_IO_QUEUE_CONFIG qcfg;
    PWDFDEVICE_INIT init;
    WDFDEVICE dev = nullptr;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (!init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(init, &devName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &dev);
    if (!NT_SUCCESS(status)) {
        PWLOG("WdfDeviceCreate %08X\n", status);
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(dev, &linkName);
    if (NT_SUCCESS(status)) {
        WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qcfg, WdfIoQueueDispatchSequential);
        qcfg.EvtIoDeviceControl = OnIoctl;
        status = WdfIoQueueCreate(dev, &qcfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    }

    if (!NT_SUCCESS(status)) {
        PWLOG("control setup %08X\n", status);
        WdfObjectDelete(dev);
        return status;
    }

    WdfControlFinishInitializing(dev);
    g.Control = dev;
    return STATUS_SUCCESS;
}

//
// Timer, notify work item, lock and the slot table all hang off the control
// device; the framework cleans up the objects, we only own the pool.
//
NTSTATUS
StartWatch()
{
    WDF_TIMER_CONFIG tcfg;
    WDF_WORKITEM_CONFIG wcfg;
    WDF_OBJECT_ATTRIBUTES attr;
    NTSTATUS status;

    WDF_TIMER_CONFIG_INIT_PERIODIC(&tcfg, OnTick, PW_TICK_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = g.Control;
    status = WdfTimerCreate(&tcfg, &attr, &g.Timer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // kick the tick right away so the first expiry is measured from load
    WdfTimerStart(g.Timer, WDF_REL_TIMEOUT_IN_MS(PW_TICK_MS));

    WDF_WORKITEM_CONFIG_INIT(&wcfg, OnNotify);
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = g.Control;
    status = WdfWorkItemCreate(&wcfg, &attr, &g.Notify);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = g.Control;
    status = WdfSpinLockCreate(&attr, &g.Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    g.Slots = static_cast<Slot*>(ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                 sizeof(Slot) * PW_MAX_SLOTS, PW_TAG));
    if (g.Slots == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    return STATUS_SUCCESS;
}

VOID
OnTick(
    _In_ WDFTIMER Timer
    )
{
    UNREFERENCED_PARAMETER(Timer);
    ULONG fired = 0;

    InterlockedIncrement(&g.Ticks);

    WdfSpinLockAcquire(g.Lock);
    for (ULONG i = 0; i < PW_MAX_SLOTS; i++) {
        Slot& s = g.Slots[i];
        if (!s.InUse || s.Fired) {
            continue;
        }
        s.QuietMs += PW_TICK_MS;
        if (s.QuietMs >= s.TimeoutMs) {
            s.Fired = TRUE;
            s.FireCount++;
            fired |= (1UL << i);
        }
    }
    g.PendingMask |= fired;
    WdfSpinLockRelease(g.Lock);

    if (fired) {
        WdfWorkItemEnqueue(g.Notify);
    }
}

VOID
OnNotify(
    _In_ WDFWORKITEM WorkItem
    )
{
    UNREFERENCED_PARAMETER(WorkItem);
    ULONG mask;

    WdfSpinLockAcquire(g.Lock);
    mask = g.PendingMask;
    g.PendingMask = 0;
    WdfSpinLockRelease(g.Lock);

    for (ULONG i = 0; i < PW_MAX_SLOTS; i++) {
        if (mask & (1UL << i)) {
            PWLOG("slot %lu (pid %llu) went quiet\n", i, g.Slots[i].OwnerPid);
        }
    }
}

VOID
OnIoctl(
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
    PULONG in = nullptr;

    if (IoControlCode != IOCTL_PW_REGISTER) {
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&in, nullptr);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
            return;
        }
        if (*in >= PW_MAX_SLOTS) {
            WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
            return;
        }
    }

    switch (IoControlCode) {
    case IOCTL_PW_REGISTER: {
        PULONG timeout, outSlot;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&timeout, nullptr);
        if (!NT_SUCCESS(status)) break;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&outSlot, nullptr);
        if (!NT_SUCCESS(status)) break;

        status = STATUS_NO_MORE_ENTRIES;
        WdfSpinLockAcquire(g.Lock);
        for (ULONG i = 0; i < PW_MAX_SLOTS; i++) {
            if (!g.Slots[i].InUse) {
                RtlZeroMemory(&g.Slots[i], sizeof(Slot));
                g.Slots[i].InUse = TRUE;
                g.Slots[i].TimeoutMs = max(*timeout, PW_MIN_TIMEOUT_MS);
                g.Slots[i].OwnerPid = (ULONG64)(ULONG_PTR)PsGetCurrentProcessId();
                *outSlot = i;
                info = sizeof(ULONG);
                status = STATUS_SUCCESS;
                break;
            }
        }
        WdfSpinLockRelease(g.Lock);
        break;
    }

    case IOCTL_PW_PET:
        WdfSpinLockAcquire(g.Lock);
        g.Slots[*in].QuietMs = 0;
        g.Slots[*in].Fired = FALSE;
        WdfSpinLockRelease(g.Lock);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PW_RELEASE:
        WdfSpinLockAcquire(g.Lock);
        g.Slots[*in].InUse = FALSE;
        WdfSpinLockRelease(g.Lock);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PW_QUERY: {
        QueryOut* out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(QueryOut), (PVOID*)&out, nullptr);
        if (!NT_SUCCESS(status)) break;
        WdfSpinLockAcquire(g.Lock);
        out->FireCount = g.Slots[*in].FireCount;
        out->QuietMs = g.Slots[*in].QuietMs;
        WdfSpinLockRelease(g.Lock);
        info = sizeof(QueryOut);
        break;
    }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace pw
