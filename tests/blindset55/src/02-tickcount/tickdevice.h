#pragma once

#include <ntddk.h>
#include <wdf.h>
#include "public.h"

#define TICK_TAG                 'kciT'
#define TICK_DEFAULT_PERIOD_MS   100
#define TICK_MIN_PERIOD_MS       10
#define TICK_FLUSH_EVERY         600     // persist roughly once a minute at default rate

#define TLOG(lvl, fmt, ...) \
    KdPrintEx((DPFLTR_IHVDRIVER_ID, lvl, "tickcount: " fmt "\n", __VA_ARGS__))

#define TRACE_ENTER()   TLOG(DPFLTR_TRACE_LEVEL, "--> %s", __FUNCTION__)
#define TRACE_EXIT(s)   TLOG(DPFLTR_TRACE_LEVEL, "<-- %s 0x%08X", __FUNCTION__, (s))

#define CHECK_STATUS(s, what)                                               \
    if (!NT_SUCCESS(s)) {                                                   \
        TLOG(DPFLTR_ERROR_LEVEL, "%s failed 0x%08X", (what), (s));          \
        goto exit;                                                          \
    }

namespace tick {

struct DeviceState {
    WDFTIMER    Timer;
    WDFWORKITEM Flusher;
    WDFSPINLOCK Lock;
    ULONG64     Ticks;
    ULONG       PeriodMs;
    ULONG       Flushes;
    LONG        FlushPending;
};

class TickDevice {
public:
    static NTSTATUS Create(_Inout_ PWDFDEVICE_INIT DeviceInit);

private:
    static NTSTATUS InitTimerAndWorker(_In_ WDFDEVICE Device);
    static bool     InitQueue(_In_ WDFDEVICE Device);
    static void     Persist(_In_ WDFDEVICE Device, ULONG64 Ticks);

    static EVT_WDF_DEVICE_D0_ENTRY             OnD0Entry;
    static EVT_WDF_DEVICE_D0_EXIT              OnD0Exit;
    static EVT_WDF_TIMER                       OnTick;
    static EVT_WDF_WORKITEM                    OnFlush;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL  OnIoctl;
    static EVT_WDF_OBJECT_CONTEXT_CLEANUP      OnCleanup;
};

} // namespace tick

typedef tick::DeviceState TICK_DEVICE_STATE;
WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(TICK_DEVICE_STATE, TickGetState)
