// tickhub.h - TickHub: a non-PnP KMDF control driver that publishes a
// one-second tick and console display on/off transitions as an event stream.
// Clients park IOCTL_TICKHUB_WAIT requests and get one event per request.
//
// Copyright (c) TickHub project. BSD-2-Clause.
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#include "ring.h"

constexpr ULONG kHubTag = 'buHT';
constexpr ULONG kHubTickMs = 1000;
constexpr ULONG kHubRingCapacity = 64;

#define TICKHUB_DEVICE_NAME  L"\\Device\\TickHub"
#define TICKHUB_LINK_NAME    L"\\DosDevices\\TickHub"

#define IOCTL_TICKHUB_WAIT \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_TICKHUB_GET_COUNTERS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

#define HUB_TRACE(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (level), "tickhub!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define HUB_ERROR(fmt, ...) HUB_TRACE(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define HUB_INFO(fmt, ...)  HUB_TRACE(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)

enum HubEventKind : ULONG {
    HubEventTick = 1,
    HubEventDisplay = 2,
};

struct HubEvent {
    ULONG         Kind;
    ULONG         Value;
    LARGE_INTEGER Time;
};

struct HubCounters {
    LONG  Ticks;
    LONG  DisplayChanges;
    ULONG Queued;
    ULONG Dropped;
};

// ---- pool-backed new/delete (ExAllocatePool2 zeroes, never throws) -----

inline void* __cdecl operator new(size_t size, POOL_FLAGS flags, ULONG tag) noexcept
{
    return ExAllocatePool2(flags, size, tag);
}
inline void __cdecl operator delete(void* p, POOL_FLAGS, ULONG tag) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, tag);
    }
}
inline void __cdecl operator delete(void* p) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kHubTag);
    }
}
inline void __cdecl operator delete(void* p, size_t) noexcept
{
    if (p != nullptr) {
        ExFreePoolWithTag(p, kHubTag);
    }
}

// ---- the hub --------------------------------------------------------------

class Hub {
public:
    Hub() = default;
    Hub(const Hub&) = delete;
    Hub& operator=(const Hub&) = delete;

    NTSTATUS Initialize(WDFDRIVER driver);

    // Undo Initialize. deleteControlDevice is false only from EvtDriverUnload,
    // where the framework deletes the control device after the callback returns.
    void Shutdown(bool deleteControlDevice);

private:
    enum : ULONG {
        StageLock         = 0x01,
        StageDevice       = 0x02,
        StageTimerStarted = 0x04,
        StagePowerNotify  = 0x08,
    };

    NTSTATUS CreateControlDevice(WDFDRIVER driver);
    NTSTATUS CreateQueuesAndTimer();
    void Post(ULONG kind, ULONG value);
    void DeliverPending();
    HubCounters Snapshot();

    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
    static EVT_WDF_TIMER EvtTick;
    static POWER_SETTING_CALLBACK OnConsoleDisplayState;

    WDFDEVICE   m_control = nullptr;
    WDFQUEUE    m_waiters = nullptr;
    WDFTIMER    m_timer = nullptr;
    WDFSPINLOCK m_lock = nullptr;      // protects m_ring
    PVOID       m_powerHandle = nullptr;
    ULONG       m_stage = 0;
    volatile LONG m_ticks = 0;
    volatile LONG m_displayChanges = 0;
    Ring<HubEvent, kHubRingCapacity> m_ring;
};

struct HubDeviceContext {
    Hub* Owner;
};
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(HubDeviceContext, GetHubDeviceContext)
