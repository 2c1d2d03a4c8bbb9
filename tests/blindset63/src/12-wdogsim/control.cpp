//
// control.cpp - \Device\WdogSim, tick timer, event records
//
#include "wdog.h"

using namespace wdog;

NTSTATUS
Watchdog::CreateControlDevice(_In_ WDFDRIVER Driver)
{
    NTSTATUS                status;
    PWDFDEVICE_INIT         init;
    WDFDEVICE               device = nullptr;
    WDF_IO_QUEUE_CONFIG     queueConfig;
    WDF_TIMER_CONFIG        timerConfig;
    WDF_OBJECT_ATTRIBUTES   attributes;

    DECLARE_CONST_UNICODE_STRING(ntName, WDOG_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, WDOG_DOS_NAME);

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, TRUE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        // init was not consumed
        WdfDeviceInitFree(init);
        return status;
    }

    //
    // From here on the device owns everything; deleting it undoes the rest.
    //
    auto fail = [&](NTSTATUS st, PCSTR what) -> NTSTATUS {
        WLOG("%s failed 0x%08X", what, st);
        WdfObjectDelete(device);
        return st;
    };

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        return fail(status, "WdfDeviceCreateSymbolicLink");
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    queueConfig.PowerManaged       = WdfFalse;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return fail(status, "WdfIoQueueCreate");
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, EvtTick, WDOG_TICK_MS);
    timerConfig.AutomaticSerialization = FALSE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &s_Timer);
    if (!NT_SUCCESS(status)) {
        s_Timer = nullptr;
        return fail(status, "WdfTimerCreate");
    }

    s_Control = device;
    WdfControlFinishInitializing(device);

    WdfTimerStart(s_Timer, WDF_REL_TIMEOUT_IN_MS(WDOG_TICK_MS));
    return STATUS_SUCCESS;
}

VOID
Watchdog::QueueEvent(_In_ ULONG MissedMs)
{
    KLOCK_QUEUE_HANDLE lh;

    PWDOG_EVENT ev = static_cast<PWDOG_EVENT>(ExAllocateFromLookasideListEx(&s_EventPool));
    if (ev == nullptr) {
        return;
    }

    ev->InterruptTime = KeQueryInterruptTime();
    ev->MissedMs      = MissedMs;
    ev->OnBattery     = static_cast<ULONG>(s_OnBattery);

    KeAcquireInStackQueuedSpinLock(&s_Lock, &lh);
    if (s_EventCount < WDOG_MAX_EVENTS) {
        InsertTailList(&s_Events, &ev->Link);
        s_EventCount++;
        ev = nullptr;
    }
    KeReleaseInStackQueuedSpinLock(&lh);

    if (ev != nullptr) {
        ExFreeToLookasideListEx(&s_EventPool, ev);      // list full, drop it
    }
}

VOID
Watchdog::FlushEvents()
{
    KLOCK_QUEUE_HANDLE  lh;
    LIST_ENTRY          local;

    InitializeListHead(&local);

    KeAcquireInStackQueuedSpinLock(&s_Lock, &lh);
    while (!IsListEmpty(&s_Events)) {
        InsertTailList(&local, RemoveHeadList(&s_Events));
    }
    s_EventCount = 0;
    KeReleaseInStackQueuedSpinLock(&lh);

    while (!IsListEmpty(&local)) {
        PWDOG_EVENT ev = CONTAINING_RECORD(RemoveHeadList(&local), WDOG_EVENT, Link);
        ExFreeToLookasideListEx(&s_EventPool, ev);
    }
}

_Use_decl_annotations_
VOID
Watchdog::EvtTick(WDFTIMER Timer)
{
    UNREFERENCED_PARAMETER(Timer);

    if (!s_Armed) {
        return;
    }

    const ULONG     limit   = s_OnBattery ? s_TimeoutMs * 2 : s_TimeoutMs;
    const ULONGLONG elapsed = (KeQueryInterruptTime() - s_LastPet) / 10000;   // 100ns -> ms

    if (elapsed > limit) {
        QueueEvent(static_cast<ULONG>(elapsed - limit));
        s_LastPet = KeQueryInterruptTime();     // one event per missed period
    }
}

_Use_decl_annotations_
VOID
Watchdog::EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                             size_t InputBufferLength, ULONG IoControlCode)
{
    NTSTATUS    status = STATUS_SUCCESS;
    size_t      info = 0;
    PULONG      timeout;
    PWDOG_EVENT_OUT out;
    KLOCK_QUEUE_HANDLE lh;

    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_WDOG_ARM:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), reinterpret_cast<PVOID*>(&timeout), nullptr);
        if (NT_SUCCESS(status)) {
            if (*timeout < WDOG_TICK_MS) {
                status = STATUS_INVALID_PARAMETER;
                break;
            }
            s_TimeoutMs = *timeout;
            s_LastPet   = KeQueryInterruptTime();
            InterlockedExchange(&s_Armed, 1);
        }
        break;

    case IOCTL_WDOG_PET:
        s_LastPet = KeQueryInterruptTime();
        break;

    case IOCTL_WDOG_DISARM:
        InterlockedExchange(&s_Armed, 0);
        break;

    case IOCTL_WDOG_GET_EVENT: {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(WDOG_EVENT_OUT), reinterpret_cast<PVOID*>(&out), nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }

        PWDOG_EVENT ev = nullptr;
        KeAcquireInStackQueuedSpinLock(&s_Lock, &lh);
        if (!IsListEmpty(&s_Events)) {
            ev = CONTAINING_RECORD(RemoveHeadList(&s_Events), WDOG_EVENT, Link);
            s_EventCount--;
        }
        KeReleaseInStackQueuedSpinLock(&lh);

        if (ev == nullptr) {
            status = STATUS_NO_MORE_ENTRIES;
            break;
        }

        out->InterruptTime = ev->InterruptTime;
        out->MissedMs      = ev->MissedMs;
        out->OnBattery     = ev->OnBattery;
        info = sizeof(WDOG_EVENT_OUT);
        ExFreeToLookasideListEx(&s_EventPool, ev);
        break;
    }

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
