#pragma once
//
// mousetrace.h
//
// Legacy upper filter on PointerClass0. Counts mouse packets / clicks and
// prints a per-second summary from a worker thread driven by a 1s timer.
//
extern "C" {
#include <ntddk.h>
#include <ntddmou.h>
}

#define MT_TARGET_DEVICE  L"\\Device\\PointerClass0"
#define MT_TICK_MS        1000

#define MT_PRINT(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[mousetrace] " fmt "\n", ##__VA_ARGS__)

namespace mt {

struct DeviceExtension {
    PDEVICE_OBJECT Lower;
};

struct Counters {
    volatile LONG Packets;
    volatile LONG Clicks;
    volatile LONG DeltaX;
    volatile LONG DeltaY;
};

// timer + worker thread
class Tracer {
public:
    static NTSTATUS Start();
    static void     Stop();

    static void OnPacket(const MOUSE_INPUT_DATA& data);

private:
    static KDEFERRED_ROUTINE TickDpc;
    static KSTART_ROUTINE    Worker;

    static KTIMER   s_timer;
    static KDPC     s_dpc;
    static KEVENT   s_stop;
    static KEVENT   s_tick;
    static PETHREAD s_thread;

    static Counters s_live;      // bumped by the completion routine
    static Counters s_snapshot;  // taken by the DPC once a second
};

// filter.cpp
class Filter {
public:
    static NTSTATUS Attach(PDRIVER_OBJECT driver);
    static void     Detach();

    static DRIVER_DISPATCH Dispatch;
    static DRIVER_DISPATCH Read;
    static DRIVER_DISPATCH Power;

private:
    static IO_COMPLETION_ROUTINE ReadDone;

    static PDEVICE_OBJECT s_device;
    static volatile LONG  s_pending;
};

} // namespace mt
