// hub.cpp - control device, queues, tick timer and display-state callback
//
// Copyright (c) TickHub project. BSD-2-Clause.
#include <initguid.h>      // instantiates GUID_CONSOLE_DISPLAY_STATE from wdm.h
#include "tickhub.h"

NTSTATUS Hub::Initialize(WDFDRIVER driver)
{
    NTSTATUS status;

    status = WdfSpinLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &m_lock);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("WdfSpinLockCreate failed 0x%08X", status);
        return status;
    }
    m_stage |= StageLock;

    status = CreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = CreateQueuesAndTimer();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfTimerStart(m_timer, WDF_REL_TIMEOUT_IN_MS(kHubTickMs));
    m_stage |= StageTimerStarted;

    // also invokes the callback once right away with the current state
    status = PoRegisterPowerSettingCallback(nullptr, &GUID_CONSOLE_DISPLAY_STATE,
                                            OnConsoleDisplayState, this, &m_powerHandle);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("PoRegisterPowerSettingCallback failed 0x%08X", status);
        m_powerHandle = nullptr;
        return status;
    }
    m_stage |= StagePowerNotify;

    WdfControlFinishInitializing(m_control);
    return STATUS_SUCCESS;
}

void Hub::Shutdown(bool deleteControlDevice)
{
    // stop every producer first, then flush the consumers, then the device
    if (m_stage & StagePowerNotify) {
        PoUnregisterPowerSettingCallback(m_powerHandle);
        m_powerHandle = nullptr;
        m_stage &= ~StagePowerNotify;
    }

    if (m_stage & StageTimerStarted) {
        WdfTimerStop(m_timer, TRUE);      // waits for a running EvtTick
        m_stage &= ~StageTimerStarted;
    }

    if (m_waiters != nullptr) {
        WdfIoQueuePurgeSynchronously(m_waiters);
    }

    if (m_stage & StageDevice) {
        if (deleteControlDevice) {
            // queues and the timer are children of the device and go with it
            WdfObjectDelete(m_control);
        }
        m_control = nullptr;
        m_waiters = nullptr;
        m_timer = nullptr;
        m_stage &= ~StageDevice;
    }

    if (m_stage & StageLock) {
        if (deleteControlDevice) {
            WdfObjectDelete(m_lock);
        }
        m_lock = nullptr;
        m_stage &= ~StageLock;
    }
}

NTSTATUS Hub::CreateControlDevice(WDFDRIVER driver)
{
    DECLARE_CONST_UNICODE_STRING(deviceName, TICKHUB_DEVICE_NAME);
    DECLARE_CONST_UNICODE_STRING(linkName, TICKHUB_LINK_NAME);
    WDF_OBJECT_ATTRIBUTES attributes;
    PWDFDEVICE_INIT init;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == nullptr) {
        HUB_ERROR("WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &deviceName);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("WdfDeviceInitAssignName failed 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, HubDeviceContext);
    status = WdfDeviceCreate(&init, &attributes, &m_control);
    if (!NT_SUCCESS(status)) {
        // on failure the init structure is still ours
        HUB_ERROR("WdfDeviceCreate failed 0x%08X", status);
        WdfDeviceInitFree(init);
        return status;
    }
    m_stage |= StageDevice;
    GetHubDeviceContext(m_control)->Owner = this;

    status = WdfDeviceCreateSymbolicLink(m_control, &linkName);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("WdfDeviceCreateSymbolicLink failed 0x%08X", status);
    }
    return status;
}

NTSTATUS Hub::CreateQueuesAndTimer()
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(m_control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("default queue failed 0x%08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(m_control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &m_waiters);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("waiter queue failed 0x%08X", status);
        m_waiters = nullptr;
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, EvtTick, kHubTickMs);
    timerConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = m_control;
    status = WdfTimerCreate(&timerConfig, &attributes, &m_timer);
    if (!NT_SUCCESS(status)) {
        HUB_ERROR("WdfTimerCreate failed 0x%08X", status);
        m_timer = nullptr;
    }
    return status;
}

void Hub::Post(ULONG kind, ULONG value)
{
    HubEvent ev;

    ev.Kind = kind;
    ev.Value = value;
    KeQuerySystemTimePrecise(&ev.Time);

    WdfSpinLockAcquire(m_lock);
    m_ring.Push(ev);
    WdfSpinLockRelease(m_lock);

    DeliverPending();
}

// hand queued events to parked IOCTL_TICKHUB_WAIT requests, one each
void Hub::DeliverPending()
{
    for (;;) {
        WDFREQUEST request = nullptr;
        HubEvent ev;
        PVOID buffer;

        WdfSpinLockAcquire(m_lock);
        if (m_ring.Empty() || !NT_SUCCESS(WdfIoQueueRetrieveNextRequest(m_waiters, &request))) {
            WdfSpinLockRelease(m_lock);
            return;
        }
        m_ring.Pop(&ev);
        WdfSpinLockRelease(m_lock);

        NTSTATUS status = WdfRequestRetrieveOutputBuffer(request, sizeof(HubEvent), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(buffer, &ev, sizeof(HubEvent));
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(HubEvent));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}

HubCounters Hub::Snapshot()
{
    HubCounters c;

    c.Ticks = m_ticks;
    c.DisplayChanges = m_displayChanges;
    WdfSpinLockAcquire(m_lock);
    c.Queued = m_ring.Count();
    c.Dropped = m_ring.Dropped();
    WdfSpinLockRelease(m_lock);
    return c;
}

VOID Hub::EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                             size_t InputBufferLength, ULONG IoControlCode)
{
    Hub* hub = GetHubDeviceContext(WdfIoQueueGetDevice(Queue))->Owner;
    NTSTATUS status;
    PVOID buffer;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TICKHUB_WAIT:
        if (OutputBufferLength < sizeof(HubEvent)) {
            WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
            return;
        }
        status = WdfRequestForwardToIoQueue(Request, hub->m_waiters);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
            return;
        }
        hub->DeliverPending();
        return;

    case IOCTL_TICKHUB_GET_COUNTERS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(HubCounters), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            HubCounters c = hub->Snapshot();
            RtlCopyMemory(buffer, &c, sizeof(c));
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(c));
        } else {
            WdfRequestComplete(Request, status);
        }
        return;

    default:
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
}

VOID Hub::EvtTick(WDFTIMER Timer)
{
    Hub* hub = GetHubDeviceContext(WdfTimerGetParentObject(Timer))->Owner;

    ULONG tick = static_cast<ULONG>(InterlockedIncrement(&hub->m_ticks));
    hub->Post(HubEventTick, tick);
}

NTSTATUS Hub::OnConsoleDisplayState(LPCGUID SettingGuid, PVOID Value, ULONG ValueLength, PVOID Context)
{
    Hub* hub = static_cast<Hub*>(Context);

    if (!IsEqualGUID(*SettingGuid, GUID_CONSOLE_DISPLAY_STATE) || ValueLength != sizeof(ULONG)) {
        return STATUS_SUCCESS;
    }

    // 0 = off, 1 = on, 2 = dimmed
    InterlockedIncrement(&hub->m_displayChanges);
    hub->Post(HubEventDisplay, *static_cast<PULONG>(Value));
    return STATUS_SUCCESS;
}
