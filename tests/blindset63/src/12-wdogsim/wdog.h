//
// wdog.h - software watchdog simulator (non-PnP KMDF)
//
// A test harness arms the watchdog with a timeout and must "pet" it through
// \\.\WdogSim. Missed deadlines are queued as event records that the
// harness reads back. On battery the deadline is stretched.
//
#pragma once

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define WDOG_TAG                'godW'
#define WDOG_TICK_MS            50
#define WDOG_MAX_EVENTS         64

#define WDOG_NT_NAME            L"\\Device\\WdogSim"
#define WDOG_DOS_NAME           L"\\DosDevices\\WdogSim"

#define FILE_DEVICE_WDOG        0x8F80
#define IOCTL_WDOG_ARM          CTL_CODE(FILE_DEVICE_WDOG, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WDOG_PET          CTL_CODE(FILE_DEVICE_WDOG, 0x841, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WDOG_DISARM       CTL_CODE(FILE_DEVICE_WDOG, 0x842, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WDOG_GET_EVENT    CTL_CODE(FILE_DEVICE_WDOG, 0x843, METHOD_BUFFERED, FILE_READ_ACCESS)

#define WLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wdogsim: " fmt "\n", __VA_ARGS__)

typedef struct _WDOG_EVENT {
    LIST_ENTRY  Link;
    ULONGLONG   InterruptTime;
    ULONG       MissedMs;
    ULONG       OnBattery;
} WDOG_EVENT, *PWDOG_EVENT;

typedef struct _WDOG_EVENT_OUT {
    ULONGLONG   InterruptTime;
    ULONG       MissedMs;
    ULONG       OnBattery;
} WDOG_EVENT_OUT, *PWDOG_EVENT_OUT;

namespace wdog {

enum InitStep : ULONG {
    StepLookaside   = 0x1,
    StepControl     = 0x2,
    StepPowerNotify = 0x4,
};

class Watchdog {
public:
    static NTSTATUS Initialize(_In_ WDFDRIVER Driver);
    static VOID     Teardown();

    static EVT_WDF_DRIVER_UNLOAD                EvtDriverUnload;

private:
    static NTSTATUS CreateControlDevice(_In_ WDFDRIVER Driver);
    static VOID     QueueEvent(_In_ ULONG MissedMs);
    static VOID     FlushEvents();

    static EVT_WDF_TIMER                        EvtTick;
    static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL   EvtIoDeviceControl;
    static POWER_SETTING_CALLBACK               PowerSourceCallback;

    static ULONG                    s_Steps;
    static LOOKASIDE_LIST_EX        s_EventPool;
    static LIST_ENTRY               s_Events;
    static ULONG                    s_EventCount;
    static KSPIN_LOCK               s_Lock;
    static WDFDEVICE                s_Control;
    static WDFTIMER                 s_Timer;
    static PVOID                    s_PowerHandle;
    static volatile LONG            s_OnBattery;
    static volatile LONG            s_Armed;
    static ULONG                    s_TimeoutMs;
    static ULONGLONG                s_LastPet;
};

} // namespace wdog

extern "C" DRIVER_INITIALIZE DriverEntry;
