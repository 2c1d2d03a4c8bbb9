#include "tickdevice.h"

namespace tick {

// alloc_text does not take C++ member functions, so page by segment instead
#pragma code_seg("PAGE")

NTSTATUS
TickDevice::Create(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                     status = STATUS_SUCCESS;
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES        attributes;
    WDFDEVICE                    device = nullptr;

    PAGED_CODE();
    TRACE_ENTER();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = OnD0Entry;
    pnp.EvtDeviceD0Exit  = OnD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TICK_DEVICE_STATE);
    attributes.EvtCleanupCallback = OnCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    CHECK_STATUS(status, "WdfDeviceCreate");

    {
        auto state = TickGetState(device);
        state->PeriodMs     = TICK_DEFAULT_PERIOD_MS;
        state->Ticks        = 0;
        state->Flushes      = 0;
        state->FlushPending = 0;
    }

    status = InitTimerAndWorker(device);
    CHECK_STATUS(status, "InitTimerAndWorker");

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_TICKCOUNT, nullptr);
    CHECK_STATUS(status, "WdfDeviceCreateDeviceInterface");

    if (!InitQueue(device)) {
        TLOG(DPFLTR_ERROR_LEVEL, "queue setup failed");
        goto exit;
    }

    TLOG(DPFLTR_INFO_LEVEL, "device %p ready, period %u ms", device, TICK_DEFAULT_PERIOD_MS);

exit:
    TRACE_EXIT(status);
    return status;
}

NTSTATUS
TickDevice::InitTimerAndWorker(
    _In_ WDFDEVICE Device
    )
{
    auto                  state = TickGetState(Device);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG      timerConfig;
    WDF_WORKITEM_CONFIG   workConfig;
    NTSTATUS              status;

    PAGED_CODE();

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfSpinLockCreate(&attributes, &state->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, OnTick, state->PeriodMs);
    timerConfig.AutomaticSerialization = FALSE;
    status = WdfTimerCreate(&timerConfig, &attributes, &state->Timer);

    WDF_WORKITEM_CONFIG_INIT(&workConfig, OnFlush);
    workConfig.AutomaticSerialization = FALSE;
    status = WdfWorkItemCreate(&workConfig, &attributes, &state->Flusher);
    if (!NT_SUCCESS(status)) {
        TLOG(DPFLTR_ERROR_LEVEL, "WdfWorkItemCreate failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

bool
TickDevice::InitQueue(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG config;
    WDFQUEUE            queue;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoDeviceControl = OnIoctl;

    return NT_SUCCESS(WdfIoQueueCreate(Device, &config, WDF_NO_OBJECT_ATTRIBUTES, &queue));
}

#pragma code_seg()

NTSTATUS
TickDevice::OnD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    auto state = TickGetState(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(state->Timer, WDF_REL_TIMEOUT_IN_MS(state->PeriodMs));
    return STATUS_SUCCESS;
}

NTSTATUS
TickDevice::OnD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    auto state = TickGetState(Device);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(TargetState);

    WdfTimerStop(state->Timer, TRUE);
    WdfWorkItemFlush(state->Flusher);
    return STATUS_SUCCESS;
}

VOID
TickDevice::OnTick(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    auto      state  = TickGetState(device);
    bool      flush  = false;

    WdfSpinLockAcquire(state->Lock);
    state->Ticks++;
    if ((state->Ticks % TICK_FLUSH_EVERY) == 0) {
        flush = true;
    }
    WdfSpinLockRelease(state->Lock);

    if (flush && InterlockedCompareExchange(&state->FlushPending, 1, 0) == 0) {
        WdfWorkItemEnqueue(state->Flusher);
    }
}

void
TickDevice::Persist(
    _In_ WDFDEVICE Device,
    ULONG64        Ticks
    )
{
    WDFKEY   key;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(valueName, L"LastTickCount");

    PAGED_CODE();

    status = WdfDeviceOpenRegistryKey(Device, PLUGPLAY_REGKEY_DEVICE, KEY_WRITE,
                                      WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TLOG(DPFLTR_WARNING_LEVEL, "open device key 0x%08X", status);
        return;
    }

    (void)WdfRegistryAssignULong(key, &valueName, (ULONG)Ticks);
    WdfRegistryClose(key);
}

VOID
TickDevice::OnFlush(
    _In_ WDFWORKITEM WorkItem
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfWorkItemGetParentObject(WorkItem);
    auto      state  = TickGetState(device);
    ULONG64   ticks;

    PAGED_CODE();

    WdfSpinLockAcquire(state->Lock);
    ticks = state->Ticks;
    state->Flushes++;
    WdfSpinLockRelease(state->Lock);

    Persist(device, ticks);
    InterlockedExchange(&state->FlushPending, 0);
}

VOID
TickDevice::OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    auto      state  = TickGetState(WdfIoQueueGetDevice(Queue));
    NTSTATUS  status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info   = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TICK_GET_SNAPSHOT: {
        PTICK_SNAPSHOT snap;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*snap), (PVOID*)&snap, nullptr);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(state->Lock);
            snap->Ticks    = state->Ticks;
            snap->PeriodMs = state->PeriodMs;
            snap->Flushes  = state->Flushes;
            WdfSpinLockRelease(state->Lock);
            info = sizeof(*snap);
        }
        break;
    }
    case IOCTL_TICK_RESET:
        WdfSpinLockAcquire(state->Lock);
        state->Ticks = 0;
        WdfSpinLockRelease(state->Lock);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_TICK_SET_PERIOD:
        // period is fixed at timer creation for now; accepted and ignored
        status = STATUS_NOT_SUPPORTED;
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

VOID
TickDevice::OnCleanup(
    _In_ WDFOBJECT Object
    )
{
    auto state = TickGetState((WDFDEVICE)Object);

    TLOG(DPFLTR_INFO_LEVEL, "device cleanup after %I64u ticks, %u flushes",
         state->Ticks, state->Flushes);
}

} // namespace tick
