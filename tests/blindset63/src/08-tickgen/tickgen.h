//
// tickgen.h - non-PnP KMDF "tick generator"
//
// \\.\TickGen hands out a stream of timestamps produced by a periodic timer,
// with markers when the machine goes to sleep / resumes. Used to measure
// timer jitter and suspend gaps on the lab boxes.
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define TICKGEN_TAG             'kciT'
#define TICKGEN_RING_ENTRIES    4096
#define TICKGEN_PERIOD_MS       10

#define TICKGEN_NT_NAME         L"\\Device\\TickGen"
#define TICKGEN_DOS_NAME        L"\\DosDevices\\TickGen"

#define TICK_KIND_TICK          0
#define TICK_KIND_SLEEP         1
#define TICK_KIND_RESUME        2

#define TG_LOG(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[tickgen] " fmt "\n", __VA_ARGS__))

typedef struct _TICK_ENTRY {
    ULONGLONG   InterruptTime;
    ULONG       Kind;
    ULONG       Sequence;
} TICK_ENTRY, *PTICK_ENTRY;

namespace TickGen {

class Ring {
public:
    static NTSTATUS Allocate(_In_ ULONG Capacity);
    static VOID     Free();
    static VOID     Push(_In_ ULONGLONG Time, _In_ ULONG Kind);
    static ULONG    Drain(_Out_writes_(Max) PTICK_ENTRY Out, _In_ ULONG Max);

private:
    static PTICK_ENTRY  s_Entries;
    static ULONG        s_Capacity;
    static ULONG        s_Head;
    static ULONG        s_Tail;
    static ULONG        s_Sequence;
    static KSPIN_LOCK   s_Lock;
};

class PowerWatch {
public:
    static NTSTATUS Register();
    static VOID     Unregister();
    static bool     Paused() { return s_Paused != 0; }

private:
    static CALLBACK_FUNCTION    Callback;
    static PCALLBACK_OBJECT     s_Object;
    static PVOID                s_Registration;
    static volatile LONG        s_Paused;
};

class Control {
public:
    static NTSTATUS Create(_In_ WDFDRIVER Driver);
    static VOID     Destroy();

private:
    static EVT_WDF_TIMER                EvtTimer;
    static EVT_WDF_IO_QUEUE_IO_READ     EvtIoRead;

    static WDFDEVICE    s_Device;
    static WDFTIMER     s_Timer;
};

EVT_WDF_DRIVER_UNLOAD EvtDriverUnload;

} // namespace TickGen

extern "C" DRIVER_INITIALIZE DriverEntry;
